/**
 * Symbolic reverse mode: all partial derivatives of one expression in one backward sweep over its shared
 * tree, so the gradient of a function of N parameters costs a small constant times the function, not N
 * times (Griewank & Walther, "Evaluating Derivatives", ch. 3, done on expressions instead of numbers).
 * Each node passes its adjoint times the local partial (`partials.ts`) to each child, as a pending product
 * (`product.ts`) that is built only where adjoints are added or reach a name, so a chain of depth d costs
 * O(d). A reduction is a scope of its own: adjoints inside it are per row, and reach a parameter as
 * `reduce(op, per-row adjoint)`.
 */
import { addAll, children, type Expr, num, reduce, unlowered, walkAll } from "../expr/index.js";
import { partials } from "./partials.js";
import { isZeroPending, type Pending, product, times } from "./product.js";

/** ∂e/∂p for each p of `params` (0 where e does not depend on p), unsimplified beyond the constructors. */
export function reverseGradient(e: Expr, params: readonly string[]): Expr[] {
  const wanted = new Set(params);
  const all = walkAll([e]);
  // whether each node depends on a wanted name, in the walk's order (children first)
  const dependent = new Map<Expr, boolean>();
  for (let i = 0; i < all.length; i++) {
    const node = all[i]!;
    const kids = children(node);
    let d = node.kind === "sym" && wanted.has(node.name);
    for (let j = 0; !d && j < kids.length; j++) d = dependent.get(kids[j]!) === true;
    dependent.set(node, d);
  }
  const depends = (x: Expr) => dependent.get(x) === true;
  // each reduction's body is swept once, innermost first (a loop, not recursion, however deep they nest)
  const inner = new Map<Expr, Map<string, Expr[]>>();
  for (let i = 0; i < all.length; i++) {
    const node = all[i]!;
    if (node.kind === "reduce") inner.set(node, sweep(node.body, depends, inner));
  }
  // without reductions the scope of `e` is all of it: its walk is the one just made
  const result = sweep(e, depends, inner, inner.size === 0 ? all : undefined);
  return params.map((p) => addAll(result.get(p) ?? []));
}

/**
 * Adjoint contributions to each wanted name from the scope of `root`, seeded with 1; `inner` holds those of
 * the bodies of the reductions in the scope; `walked`, when given, is the scope's walk (children first).
 */
function sweep(
  root: Expr,
  depends: (e: Expr) => boolean,
  inner: ReadonlyMap<Expr, Map<string, Expr[]>>,
  walked?: Expr[],
): Map<string, Expr[]> {
  const result = new Map<string, Expr[]>();
  if (!depends(root)) return result;
  // each node's contributions: most nodes get one, kept as it is (no list per node)
  const adjoints = new Map<Expr, Pending | Pending[]>([[root, num(1)]]);
  const contribute = (child: Expr, contribution: Pending) => {
    const have = adjoints.get(child);
    if (have === undefined) adjoints.set(child, contribution);
    else if (Array.isArray(have)) have.push(contribution);
    else adjoints.set(child, [have, contribution]);
  };
  const append = <K, V>(map: Map<K, V[]>, key: K, contribution: V) => {
    const list = map.get(key);
    if (list) list.push(contribution);
    else map.set(key, [contribution]);
  };
  // topological order of the scope: reductions are leaves here, their bodies are scopes of their own
  const order = walked ?? walkAll([root], { children: (n) => (n.kind === "reduce" ? [] : children(n)) });
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const parts = adjoints.get(node);
    if (parts === undefined) continue;
    const a = Array.isArray(parts) ? addAll(parts.map(product)) : parts;
    switch (node.kind) {
      case "num":
        break;
      case "sym":
        append(result, node.name, product(a));
        break;
      case "reduce":
        for (const [name, list] of inner.get(node)!)
          append(result, name, product(times(a, reduce(node.op, addAll(list)))));
        break;
      case "matmul":
      case "transpose":
      case "along":
      case "size":
        throw unlowered(node);
      default: {
        const local = partials(node, depends);
        for (let i = 0; i < local.length; i++) {
          const contribution = times(a, local[i]!.partial);
          if (!isZeroPending(contribution)) contribute(local[i]!.child, contribution);
        }
      }
    }
  }
  return result;
}

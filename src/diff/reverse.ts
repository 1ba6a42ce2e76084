/**
 * Symbolic reverse mode: all partial derivatives of one expression in one backward sweep over its shared
 * tree, so the gradient of a function of N parameters costs a small constant times the function, not N
 * times (Griewank & Walther, "Evaluating Derivatives", ch. 3, done on expressions instead of numbers).
 * A reduction is a scope of its own: adjoints inside it are per row, and reach a parameter as
 * `reduce(op, per-row adjoint)`.
 */
import { add, children, type Expr, isZero, ln, mul, num, pow, reduce, sub, walk } from "../expr/index.js";

/** ∂e/∂p for each p of `params` (0 where e does not depend on p), unsimplified beyond the constructors. */
export function reverseGradient(e: Expr, params: readonly string[]): Expr[] {
  const wanted = new Set(params);
  const result = sweep(e, wanted, new Map(), new Map());
  return params.map((p) => add(...(result.get(p) ?? [])));
}

/** Whether each node depends on a wanted name; shared across scopes. */
type Depends = Map<number, boolean>;

function dependsOn(e: Expr, wanted: ReadonlySet<string>, depends: Depends): boolean {
  for (const node of walk(e)) {
    if (depends.has(node.id)) continue;
    let d: boolean;
    switch (node.kind) {
      case "num":
        d = false;
        break;
      case "sym":
        d = wanted.has(node.name);
        break;
      case "reduce":
        d = depends.get(node.body.id)!;
        break;
      default:
        d = children(node).some((c) => depends.get(c.id));
    }
    depends.set(node.id, d);
  }
  return depends.get(e.id)!;
}

/** Topological order of the scope of `root`: its nodes, not descending into reductions. */
function scope(root: Expr): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<number>();
  const stack: [Expr, number][] = [[root, 0]];
  seen.add(root.id);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = top[0].kind === "reduce" ? [] : children(top[0]);
    if (top[1] < kids.length) {
      const kid = kids[top[1]++]!;
      if (!seen.has(kid.id)) {
        seen.add(kid.id);
        stack.push([kid, 0]);
      }
    } else {
      stack.pop();
      order.push(top[0]);
    }
  }
  return order;
}

/** Adjoint contributions to each wanted name from the scope of `root`, seeded with 1. */
function sweep(
  root: Expr,
  wanted: ReadonlySet<string>,
  depends: Depends,
  inner: Map<number, Map<string, Expr[]>>,
): Map<string, Expr[]> {
  const result = new Map<string, Expr[]>();
  if (!dependsOn(root, wanted, depends)) return result;
  const adjoints = new Map<number, Expr[]>([[root.id, [num(1)]]]);
  const push = (target: Expr, contribution: Expr) => {
    if (isZero(contribution) || !depends.get(target.id)) return;
    const list = adjoints.get(target.id);
    if (list) list.push(contribution);
    else adjoints.set(target.id, [contribution]);
  };
  const order = scope(root);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const parts = adjoints.get(node.id);
    if (!parts) continue;
    const a = add(...parts);
    switch (node.kind) {
      case "num":
        break;
      case "sym": {
        const list = result.get(node.name);
        if (list) list.push(a);
        else result.set(node.name, [a]);
        break;
      }
      case "add":
        for (const t of node.terms) push(t, a);
        break;
      case "mul":
        node.factors.forEach((f, i) => {
          if (depends.get(f.id)) push(f, mul(a, ...node.factors.slice(0, i), ...node.factors.slice(i + 1)));
        });
        break;
      case "pow": {
        const { base: u, exponent: v } = node;
        if (depends.get(u.id)) push(u, mul(a, v, pow(u, sub(v, num(1)))));
        if (depends.get(v.id)) push(v, mul(a, ln(u), node));
        break;
      }
      case "call":
        node.args.forEach((arg, i) => {
          if (depends.get(arg.id)) push(arg, mul(a, node.fn.derivative(node.args, i)));
        });
        break;
      case "reduce": {
        let perRow = inner.get(node.id);
        if (!perRow) {
          perRow = sweep(node.body, wanted, depends, inner);
          inner.set(node.id, perRow);
        }
        for (const [name, list] of perRow) {
          const total = mul(a, reduce(node.op, add(...list)));
          const out = result.get(name);
          if (out) out.push(total);
          else result.set(name, [total]);
        }
        break;
      }
      default:
        return node satisfies never;
    }
  }
  return result;
}

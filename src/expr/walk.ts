/**
 * Generic traversals of an expression DAG: children of a node, a post-order walk that visits each shared
 * node once, the names it uses in order of first appearance, and its size.
 */
import type { Expr } from "./expr.js";

/** The direct children of a node, in order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "num":
    case "sym":
      return [];
    case "add":
      return e.terms;
    case "mul":
      return e.factors;
    case "pow":
      return [e.base, e.exponent];
    case "call":
      return e.args;
    case "reduce":
      return [e.body];
    default:
      return e satisfies never;
  }
}

/** Every distinct node reachable from `roots`, children before parents (iterative: any depth is fine). */
export function walk(...roots: readonly Expr[]): Expr[] {
  return walkAll(roots);
}

/** `walk` over an array of roots, which may be longer than a call's argument list can be (a 10⁶-entry Hessian). */
export function walkAll(roots: readonly Expr[]): Expr[] {
  const order: Expr[] = [];
  const seen = new Set<number>();
  const stack: [Expr, number][] = roots.map((r) => [r, 0] as [Expr, number]).reverse();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, next] = top;
    if (next === 0 && seen.has(node.id)) {
      stack.pop();
      continue;
    }
    seen.add(node.id);
    const kids = children(node);
    if (next < kids.length) {
      top[1] = next + 1;
      const kid = kids[next]!;
      if (!seen.has(kid.id)) stack.push([kid, 0]);
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** The names used in `e`, in order of first appearance when read left to right. */
export function freeSymbols(e: Expr): string[] {
  return walk(e).flatMap((n) => (n.kind === "sym" ? [n.name] : []));
}

const sizes = new WeakMap<Expr, number>();

/**
 * The printed size: every operator, function, number and name counts one, and a shared subexpression
 * counts each time it is printed (`shared: true` counts it once). Cached per node: nodes are immutable.
 */
export function size(e: Expr, options: { shared?: boolean } = {}): number {
  if (options.shared) return walk(e).length;
  const known = sizes.get(e);
  if (known !== undefined) return known;
  for (const n of walk(e)) {
    if (sizes.has(n)) continue;
    const kids = children(n);
    let total = kids.length === 0 ? 1 : kids.length - 1 || 1;
    for (const k of kids) total += sizes.get(k)!;
    sizes.set(n, total);
  }
  return sizes.get(e)!;
}

/**
 * The names that look like data columns when nobody said which are: `x`, `y`, `x1`, `y_2` (or capitals)
 * standing inside a `sum` or `mean`, in order of first appearance.
 */
export function likelyData(...roots: readonly Expr[]): string[] {
  const names = walk(...roots).flatMap((n) => (n.kind === "reduce" ? freeSymbols(n.body) : []));
  return [...new Set(names)].filter((name) => /^[xXyY](\d*|_\w+)$/.test(name));
}

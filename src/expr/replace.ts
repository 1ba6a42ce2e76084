/**
 * Replacing subtrees: a tree with some of its nodes swapped for others, rebuilt bottom-up through the
 * smart constructors (so the result is normalised and interned like any other tree). Iterative over a
 * post-order walk: any depth is fine, and a shared node is rebuilt once.
 */
import { type Expr, rebuild } from "./expr.js";
import { children, walk } from "./walk.js";

/** `root` with every node whose id is a key of `replacements` replaced by its value. */
export function replace(root: Expr, replacements: ReadonlyMap<number, Expr>): Expr {
  const done = new Map<number, Expr>(replacements);
  const get = (e: Expr) => done.get(e.id) ?? e;
  for (const e of walk(root)) if (!done.has(e.id)) done.set(e.id, rebuild(e, children(e).map(get)));
  return get(root);
}

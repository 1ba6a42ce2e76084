/**
 * Replacing subtrees: a tree with some of its nodes swapped for others, rebuilt bottom-up through the
 * smart constructors (so the result is normalised and interned like any other tree). Iterative over a
 * post-order walk: any depth is fine, and a shared node is rebuilt once.
 */
import { addAll, call, type Expr, mulAll, pow, reduce } from "./expr.js";
import { walk } from "./walk.js";

/** `root` with every node whose id is a key of `replacements` replaced by its value. */
export function replace(root: Expr, replacements: ReadonlyMap<number, Expr>): Expr {
  const done = new Map<number, Expr>(replacements);
  const get = (e: Expr) => done.get(e.id) ?? e;
  for (const e of walk(root)) {
    if (done.has(e.id)) continue;
    switch (e.kind) {
      case "num":
      case "sym":
        break;
      case "add":
        done.set(e.id, addAll(e.terms.map(get)));
        break;
      case "mul":
        done.set(e.id, mulAll(e.factors.map(get)));
        break;
      case "pow":
        done.set(e.id, pow(get(e.base), get(e.exponent)));
        break;
      case "call":
        done.set(e.id, call(e.fn, e.args.map(get)));
        break;
      case "reduce":
        done.set(e.id, reduce(e.op, get(e.body)));
        break;
      default:
        e satisfies never;
    }
  }
  return get(root);
}

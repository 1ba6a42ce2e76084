/**
 * The one shape rule of the language: a cost is a number, so every data column must stand inside a `sum` or
 * `mean`. This finds the columns that do not; the syntax stage reports them at their position in the text,
 * the compile stage (which may get a tree built without text) by name.
 */
import type { Expr } from "./expr.js";
import { children } from "./walk.js";

/** The data names that `e` uses outside any reduction, in order of first appearance. */
export function columnsOutsideReductions(e: Expr, data: ReadonlySet<string>): string[] {
  if (data.size === 0) return [];
  const found = new Set<string>();
  const seen = new Set<number>();
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    if (node.kind === "sym" && data.has(node.name)) found.add(node.name);
    if (node.kind === "reduce") continue;
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return [...found];
}

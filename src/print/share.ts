/**
 * Common subexpressions for printing, like SymPy's `cse`: every non-trivial node that the printed roots
 * would write more than once gets a name (`t1`, `t2`, … avoiding the formula's own names), defined before
 * its first use, children first.
 */
import { children, type Expr, freeSymbols, walk } from "../expr/index.js";

/** Named shared subexpressions of `roots`, in definition order, and the name of each. */
export interface Shared {
  readonly definitions: readonly (readonly [string, Expr])[];
  readonly names: ReadonlyMap<Expr, string>;
}

const trivial = (e: Expr): boolean =>
  e.kind === "num" ||
  e.kind === "sym" ||
  (e.kind === "mul" && e.factors.length === 2 && e.factors[0]!.kind === "num" && trivial(e.factors[1]!));

/** Finds the subexpressions of `roots` worth naming. */
export function shareSubexpressions(roots: readonly Expr[]): Shared {
  const order = walk(...roots);
  const uses = new Map<number, number>();
  for (const root of roots) uses.set(root.id, (uses.get(root.id) ?? 0) + 1);
  for (const node of order) for (const kid of children(node)) uses.set(kid.id, (uses.get(kid.id) ?? 0) + 1);
  const taken = new Set(roots.flatMap((r) => freeSymbols(r)));
  const names = new Map<Expr, string>();
  const definitions: [string, Expr][] = [];
  let counter = 0;
  for (const node of order) {
    if (trivial(node) || (uses.get(node.id) ?? 0) < 2) continue;
    let name: string;
    do name = `t${++counter}`;
    while (taken.has(name));
    names.set(node, name);
    definitions.push([name, node]);
  }
  return { definitions, names };
}

/**
 * Common subexpressions for printing, like SymPy's `cse`: every non-trivial node that the printed roots
 * would write more than once gets a name (`t1`, `t2`, … avoiding the formula's own names, and `t_1` whose
 * LaTeX would clash), defined before its first use, children first. A number times one factor and a
 * reciprocal `b^-1` are never named: they print as `-b`, `2*b`, `1/b` around their factor, which is named
 * instead when it repeats.
 */
import { children, type Expr, freeSymbols, isFoldable, walkAll } from "../expr/index.js";

/** Named shared subexpressions of `roots`, in definition order, and the name of each. */
export interface Shared {
  readonly definitions: readonly (readonly [string, Expr])[];
  readonly names: ReadonlyMap<Expr, string>;
}

/** Printed around its one operand, so each of its uses is a use of that operand. */
const transparent = (e: Expr): boolean =>
  (e.kind === "mul" && e.factors.length === 2 && isFoldable(e.factors[0]!)) ||
  (e.kind === "pow" && isFoldable(e.exponent) && e.exponent.value === -1);

/** Finds the subexpressions of `roots` worth naming. */
export function shareSubexpressions(roots: readonly Expr[]): Shared {
  const order = walkAll(roots);
  const uses = new Map<Expr, number>();
  const use = (e: Expr, times: number) => uses.set(e, (uses.get(e) ?? 0) + times);
  for (const root of roots) use(root, 1);
  // parents before children: a node printed inline n times prints its operands n times
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const printed = transparent(node) ? (uses.get(node) ?? 0) : 1;
    for (const kid of children(node)) use(kid, printed);
  }
  const taken = new Set(roots.flatMap((r) => freeSymbols(r)));
  const names = new Map<Expr, string>();
  const definitions: [string, Expr][] = [];
  let counter = 0;
  for (const node of order) {
    if (node.kind === "num" || node.kind === "sym" || transparent(node) || (uses.get(node) ?? 0) < 2)
      continue;
    do counter++;
    while (taken.has(`t${counter}`) || taken.has(`t_${counter}`));
    const name = `t${counter}`;
    names.set(node, name);
    definitions.push([name, node]);
  }
  return { definitions, names };
}

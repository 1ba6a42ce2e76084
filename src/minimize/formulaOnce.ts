/**
 * What `minimize` derives from a formula's text and the data's names alone, kept for repeated calls: the
 * parsed tree (immutable), the default parameter list, and for a scalar problem (plain columns, scalar
 * parameters) per parameter list the layout and the sum-of-squares test. Each of these walks the whole
 * formula, which on the seed took as long as its fit of 2001 steps; a repeated call (a loop over learning
 * rates, a script run over and over) now walks it no more. Only texts with plain columns and scalar
 * parameters are kept, whose parse does not depend on shapes.
 */
import type { ParamLayout } from "../compile/index.js";
import type { Expr, SquaredTerm } from "../expr/index.js";

/** A scalar problem's parts that depend on the formula and the parameter list alone. */
export interface ScalarProblem {
  readonly layout: ParamLayout;
  /** The cost's squared terms, or undefined when it is not a sum of squares. */
  readonly squares: SquaredTerm[] | undefined;
}

/** One formula text with its data names. */
export interface KeptFormula {
  /** The text and data names, as one string. */
  readonly key: string;
  readonly expr: Expr;
  /** The default parameters (the formula's names that are not data), once found and checked. */
  params: readonly string[] | undefined;
  /** Per parameter list (by `paramsKey`), once the problem turned out scalar. */
  readonly scalar: Map<string, ScalarProblem>;
}

const KEPT = 64;
/** Parameter lists kept per formula: a few (the default and those a caller names) in any real use. */
const LISTS_KEPT = 16;

const kept = new Map<string, KeptFormula>();

/** The formula kept for `text` and `dataNames`, else a new one of `parse()`'s tree (kept, the oldest dropped). */
export function formulaOnce(text: string, dataNames: readonly string[], parse: () => Expr): KeptFormula {
  const key = JSON.stringify([text, ...dataNames]);
  let formula = kept.get(key);
  if (formula === undefined) {
    formula = { key, expr: parse(), params: undefined, scalar: new Map() };
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, formula);
  }
  return formula;
}

/** The key of a parameter list in `KeptFormula.scalar` (JSON: names are data and may hold any character). */
export const paramsKey = (params: readonly string[]): string => JSON.stringify(params);

/** Keeps `problem` for the parameter list `key` of `formula`. */
export function keepScalar(formula: KeptFormula, key: string, problem: ScalarProblem): void {
  if (formula.scalar.size >= LISTS_KEPT) formula.scalar.clear();
  formula.scalar.set(key, problem);
}

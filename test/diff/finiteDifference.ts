/**
 * The truth derivatives are checked against: Richardson-extrapolated central differences, which say
 * "no answer" where the function is not smooth within reach of the step; and `definedAt`, where every
 * subexpression of a formula has a finite value. Shared by the derivative tests.
 */
import { evaluate, type Values } from "../../src/compile/index.js";
import { type Expr, reduce, walk } from "../../src/expr/index.js";

/**
 * The derivative of `f` at `x` by central differences with step h = 1e-4·max(1, |x|), extrapolated
 * (Richardson) from h and h/2; undefined where those disagree (a pole or a kink within reach of the step)
 * or the one-sided differences disagree (a kink at x). Truncation error O(h⁴·f⁽⁵⁾), rounding O(ε·|f|/h).
 */
export function centralDifference(f: (v: number) => number, x: number): number | undefined {
  const h = 1e-4 * Math.max(1, Math.abs(x));
  const d1 = (f(x + h) - f(x - h)) / (2 * h);
  const d2 = (f(x + h / 2) - f(x - h / 2)) / h;
  if (!Number.isFinite(d1) || !Number.isFinite(d2)) return undefined;
  const extrapolated = (4 * d2 - d1) / 3;
  const scale = Math.max(1, Math.abs(f(x)), Math.abs(extrapolated));
  const kink = Math.abs((f(x + h) - f(x)) / h - (f(x) - f(x - h)) / h) > 1e-2 * scale;
  return kink || Math.abs(d1 - d2) > 1e-6 * scale ? undefined : extrapolated;
}

/** |actual - expected| within 1e-5 of max(1, |expected|, scale). */
export function closeTo(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected), scale);
}

/**
 * True where every subexpression of `e` has a finite value (a column: finite in every row): where `e` is
 * defined. IEEE arithmetic gives some undefined formulas a finite value (pi/(1/0) is 0).
 */
export function definedAt(e: Expr, values: Values): boolean {
  return walk(e).every((node) => {
    try {
      return Number.isFinite(evaluate(node, values));
    } catch {
      return Number.isFinite(evaluate(reduce("sum", node), values)); // a column inside a reduction
    }
  });
}

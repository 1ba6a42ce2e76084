/**
 * Whether costs read better on a log axis. Costs of a converging run fall by many orders of magnitude, and on
 * a linear axis everything after the first few iterations is a flat line at zero. Shared by the SVG plots and
 * the terminal chart so both choose alike. Input: any numbers (non-finite ones are ignored); output: a scale.
 */

/**
 * A linear scale, a log scale, or — when costs span decades but include exact zeros, which a log scale cannot
 * show — a symmetric log scale `log(1 + cost / constant)`, with `constant` the smallest positive cost.
 */
export type CostScale =
  | { readonly type: "linear" }
  | { readonly type: "log" }
  | { readonly type: "symlog"; readonly constant: number };

/** Decades the positive values must span before a log scale is chosen. */
export const LOG_SCALE_DECADES = 2;

/**
 * Log when the values are non-negative and the positive ones span more than {@link LOG_SCALE_DECADES}
 * decades (symlog if some are exactly zero); linear otherwise, including whenever a value is negative.
 */
export function costScale(values: ArrayLike<number>): CostScale {
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  let zeros = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < 0) return { type: "linear" };
    if (v === 0) zeros = true;
    else {
      smallest = Math.min(smallest, v);
      largest = Math.max(largest, v);
    }
  }
  if (!(largest / smallest > 10 ** LOG_SCALE_DECADES)) return { type: "linear" };
  return zeros ? { type: "symlog", constant: smallest } : { type: "log" };
}

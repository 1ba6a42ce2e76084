/**
 * The smallest and largest finite value of a series, by a loop rather than `Math.min(...values)`, which
 * overflows the call stack on long arrays. Plots use it to size domains, windows and grid cells.
 */

/** `[min, max]` over the finite values, or undefined when there are none. */
export function extent(values: ArrayLike<number>): [number, number] | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return min <= max ? [min, max] : undefined;
}

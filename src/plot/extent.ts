/**
 * The smallest and largest finite value of a series, by a loop rather than `Math.min(...values)`, which
 * overflows the call stack on long arrays. Plots use it to size domains, windows and grid cells, and the CLI
 * and the playground to choose the range a parameter is plotted over.
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

/**
 * The range a parameter is plotted over by default: the span of the values it took, widened by half of it
 * on each side and to at least ±1 (0 ± 1 when none is finite).
 */
export function paddedRange(values: ArrayLike<number>): [number, number] {
  const [lo, hi] = extent(values) ?? [0, 0];
  const pad = Math.max((hi - lo) / 2, 1);
  return [lo - pad, hi + pad];
}

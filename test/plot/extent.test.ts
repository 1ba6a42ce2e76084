/**
 * extent and paddedRange: the span of the finite values of a series, and the default range a parameter is
 * plotted over (by `symgrad plot` and the playground), for series of any length.
 */
import { describe, expect, it } from "vitest";
import { extent, paddedRange } from "../../src/plot/index.js";

describe("paddedRange", () => {
  it("widens the span by half of it on each side", () => {
    expect(paddedRange([0, 4, 2])).toEqual([-2, 6]);
  });

  it("widens a short span to at least ±1 and skips values that are not finite", () => {
    expect(paddedRange([3, Number.NaN, 3.5, Number.POSITIVE_INFINITY])).toEqual([2, 4.5]);
    expect(paddedRange([Number.NaN])).toEqual([-1, 1]);
  });

  it("takes a history of a million iterates (Math.min(...values) overflowed the stack)", () => {
    const values = Float64Array.from({ length: 1_000_000 }, (_, i) => i / 1000);
    expect(extent(values)).toEqual([0, 999.999]);
    const [lo, hi] = paddedRange(values);
    expect(lo).toBeCloseTo(-499.9995, 9);
    expect(hi).toBeCloseTo(1499.9985, 9);
  });
});

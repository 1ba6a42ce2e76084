/**
 * Statistics need the Hessian, which for a lowered model costs one symbolic entry per pair of entries: by
 * default they are computed up to 20 entries of vector and matrix parameters (a review found 100 entries of a
 * linear model taking 14 s after the fit), and `statistics: true` asks for them at any size.
 */
import { describe, expect, it } from "vitest";
import { minimize } from "../../src/index.js";

const fitted = (k: number, statistics?: boolean) =>
  minimize("sum((w - 1)^2)", {
    init: { w: new Array<number>(k).fill(0) },
    ...(statistics === undefined ? {} : { statistics }),
  });

describe("statistics of vector parameters", () => {
  it("are computed by default up to 20 entries: the Hessian of sum((w - 1)^2) is 2I", () => {
    const s = fitted(20).statistics!;
    expect(s.smallestEigenvalue).toBeCloseTo(2, 12);
    expect(s.largestEigenvalue).toBeCloseTo(2, 12);
  });
  it("are left out by default beyond 20 entries, and computed when asked", () => {
    expect(fitted(21).statistics).toBeUndefined();
    expect(fitted(21, true).statistics!.conditionNumber).toBeCloseTo(1, 12);
  });
});

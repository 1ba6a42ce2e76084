import { describe, expect, it } from "vitest";
import { costScale } from "../../src/plot/index.js";

describe("costScale", () => {
  it("is log when positive costs span more than two decades", () => {
    expect(costScale([1000, 10, 0.5])).toEqual({ type: "log" });
    expect(costScale(new Float64Array([1, 1e-9]))).toEqual({ type: "log" });
  });

  it("is linear for two decades or less, negative values, or nothing positive", () => {
    expect(costScale([100, 1])).toEqual({ type: "linear" });
    expect(costScale([3, 2, 1])).toEqual({ type: "linear" });
    expect(costScale([1000, 1, -1])).toEqual({ type: "linear" });
    expect(costScale([0, 0])).toEqual({ type: "linear" });
    expect(costScale([])).toEqual({ type: "linear" });
  });

  it("is symlog, with the smallest positive cost as constant, when exact zeros join a wide span", () => {
    expect(costScale([50, 0.02, 0])).toEqual({ type: "symlog", constant: 0.02 });
    expect(costScale([5, 1, 0])).toEqual({ type: "linear" });
  });

  it("ignores non-finite costs, as from a diverging run", () => {
    expect(costScale([1000, 1, Number.POSITIVE_INFINITY, Number.NaN])).toEqual({ type: "log" });
    expect(costScale([2, 1, Number.POSITIVE_INFINITY])).toEqual({ type: "linear" });
  });
});

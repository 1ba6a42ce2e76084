/**
 * Within one `minimize` call the data columns are checked and copied once, for the cost and again for its
 * residuals (method lm, statistics): the fit and its statistics must still describe the data of that call,
 * never a copy kept from an earlier one, and a bad column is refused as before.
 */
import { describe, expect, it } from "vitest";
import { minimize } from "../../src/minimize/index.js";

const rows = 5000; // more values than compiledOnce keeps, so nothing is reused across calls
const x = Array.from({ length: rows }, (_, i) => (i % 50) / 10);

/** Slope and intercept of least squares, in closed form. */
function ols(y: readonly number[]) {
  const sx = x.reduce((s, v) => s + v, 0);
  const sy = y.reduce((s, v) => s + v, 0);
  const sxx = x.reduce((s, v) => s + v * v, 0);
  const sxy = x.reduce((s, v, i) => s + v * y[i]!, 0);
  const slope = (rows * sxy - sx * sy) / (rows * sxx - sx * sx);
  return { slope, intercept: (sy - slope * sx) / rows };
}

describe("data checked once per minimize call", () => {
  it("fits, and describes, the data as it is at each call when a column changes in place between calls", () => {
    const y = x.map((v, i) => 3 * v - 1 + (i % 7) / 100);
    const data = { x, y: Float64Array.from(y) };
    for (const method of ["lm", "lbfgs"] as const) {
      const first = minimize("mean((a*x + b - y)^2)", { data, method });
      expect(first.params.a).toBeCloseTo(ols(y).slope, 8);
      for (let i = 0; i < rows; i++) data.y[i] = -2 * x[i]! + 4 + (i % 5) / 100;
      const changed = [...data.y];
      const second = minimize("mean((a*x + b - y)^2)", { data, method });
      expect(second.params.a).toBeCloseTo(ols(changed).slope, 8);
      expect(second.params.b).toBeCloseTo(ols(changed).intercept, 8);
      // R² and the residual standard error come from the columns bound in this call, not the first call's
      const fresh = minimize("mean((a*x + b - y)^2)", { data: { x: [...x], y: changed }, method });
      expect(second.statistics).toEqual(fresh.statistics);
      expect(second.message).toBe(fresh.message);
      data.y.set(y);
    }
  });

  it("still refuses a column with a value that is not finite, naming its row", () => {
    const y = x.map((v) => 2 * v);
    y[4321] = Number.NaN;
    expect(() => minimize("mean((a*x + b - y)^2)", { data: { x, y } })).toThrow(
      "data column 'y' has a non-finite value (NaN) at row 4322",
    );
  });
});

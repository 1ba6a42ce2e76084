/**
 * `minimize` keeps the compiled objective of a formula's text for small data and reuses it only for equal
 * data: data changed in place, other values, other precision or method compile afresh. Truth: the closed-form
 * least-squares line through the points, and a fit in a fresh compile (other text, the same cost).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { CACHED_VALUES } from "../../src/minimize/compiledOnce.js";
import { minimize } from "../../src/minimize/index.js";

const line = { method: "lbfgs", tolerance: 1e-12, statistics: false } as const;

/** The least-squares line through (x, y), in closed form. */
function leastSquares(x: readonly number[], y: readonly number[]) {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return { W: sxy / sxx, b: my - (sxy / sxx) * mx };
}

test("a column changed in place between two calls is fitted as it is now", () => {
  const x = [1, 2, 3, 4];
  const y = [2, 4, 6, 8];
  const first = minimize("mean((W*x + b - y)^2)", { data: { x, y }, ...line });
  expect(first.params.W).toBeCloseTo(2, 6);
  y[3] = 20; // the same array object, other values
  const second = minimize("mean((W*x + b - y)^2)", { data: { x, y }, ...line });
  const truth = leastSquares(x, y);
  expect(second.params.W).toBeCloseTo(truth.W, 6);
  expect(second.params.b).toBeCloseTo(truth.b, 6);
});

test("any data, fitted twice, gives the closed-form line both times", () => {
  const column = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 3, maxLength: 6 });
  fc.assert(
    fc.property(column, column, (xs, ys) => {
      const n = Math.min(xs.length, ys.length);
      const x = xs.slice(0, n);
      const y = ys.slice(0, n);
      if (new Set(x).size < 2) return; // no unique line
      const truth = leastSquares(x, y);
      for (let call = 0; call < 2; call++) {
        const fit = minimize("mean((W*x + b - y)^2)", { data: { x, y }, ...line });
        expect(fit.params.W).toBeCloseTo(truth.W, 5);
        expect(fit.params.b).toBeCloseTo(truth.b, 5);
      }
    }),
    { numRuns: 30 },
  );
});

test("precision and method take part: f32 after f64 is f32's fit, lm after gd is lm's", () => {
  const data = { x: [1, 2, 3], y: [1, 2, 3] };
  const gd = { data, init: { W: 0, b: 0 }, method: "gd", learningRate: 0.01, maxIterations: 100 } as const;
  const f64 = minimize("mean((W*x + b - y)^2)", { ...gd, statistics: false });
  const f32 = minimize("mean((W*x + b - y)^2)", { ...gd, precision: "f32", statistics: false });
  // a fresh compile of the same cost in f32 (other text): the kept f64 code would differ from it
  const fresh = minimize("mean((b + W*x - y)^2)", { ...gd, precision: "f32", statistics: false });
  expect(f32.cost).toBe(Math.fround(f32.cost));
  expect(f32.params.W).toBe(fresh.params.W);
  expect(f64.cost).not.toBe(Math.fround(f64.cost));
  const lm = minimize("sum((W*x + b - y)^2)", { data, statistics: false });
  expect(lm.method).toBe("lm");
  expect(lm.params.W).toBeCloseTo(1, 8);
});

test("data beyond the kept size is fitted as well", () => {
  const n = CACHED_VALUES; // two columns: twice the kept size
  const x = Array.from({ length: n }, (_, i) => i / n);
  const y = x.map((v) => 3 * v - 1);
  for (let call = 0; call < 2; call++) {
    if (call === 1) y[0] = 5;
    const fit = minimize("mean((W*x + b - y)^2)", { data: { x, y }, ...line });
    const truth = leastSquares(x, y);
    expect(fit.params.W).toBeCloseTo(truth.W, 5);
  }
});

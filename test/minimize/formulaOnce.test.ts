/**
 * `minimize` keeps what a formula's text decides (its tree, default parameters, layout, sum-of-squares test)
 * per text and data names; a repeated call with other parameter lists, other shapes or a mistake must still
 * get its own answer. Truth: the closed-form least-squares line, and minima known by construction.
 */
import { expect, test } from "vitest";
import { MinimizeError, minimize } from "../../src/minimize/index.js";

const x = [1, 2, 3, 4];
const y = [3, 5.5, 6.5, 9];
/** The least-squares line through (x, y): W = Sxy/Sxx, b = ȳ − W·x̄. */
const W = (() => {
  const mx = 2.5;
  const my = 6;
  const sxy = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0);
  const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
  return sxy / sxx;
})();
const b = 6 - W * 2.5;
const fit = { method: "lbfgs", tolerance: 1e-12, statistics: false } as const;

test("the same text with its parameters in another order puts each value under its own name", () => {
  const text = "mean((W*x + b - y)^2)";
  const first = minimize(text, { data: { x, y }, ...fit });
  const swapped = minimize(text, { data: { x, y }, params: ["b", "W"], ...fit });
  const again = minimize(text, { data: { x, y }, ...fit });
  for (const r of [first, swapped, again]) {
    expect(r.params.W).toBeCloseTo(W, 8);
    expect(r.params.b).toBeCloseTo(b, 8);
  }
  expect(Object.keys(swapped.params)).toEqual(["b", "W"]);
  expect(Object.keys(again.params)).toEqual(["W", "b"]);
});

test("a slip of a column's name is an error at every call, not only the first", () => {
  const text = "mean((W*X + b - y)^2)";
  for (let call = 0; call < 2; call++)
    expect(() => minimize(text, { data: { x, y }, ...fit })).toThrow(MinimizeError);
  // declared, the name is a parameter: X = 0 leaves b alone to fit, at the mean of y
  const declared = minimize(text, { data: { x, y }, params: ["W", "X", "b"], init: [0, 0, 0], ...fit });
  expect(declared.params.b).toBeCloseTo(6, 8);
});

test("the same text with a vector parameter after a scalar one is lowered, and back", () => {
  // Σ (w_i² − 2 w_i) is least at every w_i = 1, whatever the shape of w
  const text = "sum(w^2) - 2*sum(w)";
  const one = expect.closeTo(1, 8);
  expect(minimize(text, fit).params.w).toEqual(one);
  expect(minimize(text, { init: [[0, 0, 0]], ...fit }).params.w).toEqual([one, one, one]);
  expect(minimize(text, { init: { w: [0, 0] }, ...fit }).params.w).toEqual([one, one]);
  expect(minimize(text, fit).params.w).toEqual(one);
});

test("a sum of squares picks lm under any order of its parameters", () => {
  const text = "(a - 1)^2 + 10*(b + 2)^2";
  const first = minimize(text, { statistics: false });
  const swapped = minimize(text, { params: ["b", "a"], statistics: false });
  for (const r of [first, swapped]) {
    expect(r.method).toBe("lm");
    expect(r.params.a).toBeCloseTo(1, 8);
    expect(r.params.b).toBeCloseTo(-2, 8);
  }
});

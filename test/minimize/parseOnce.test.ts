/**
 * `minimize` parses a formula's text once per text and data names: a repeated call reuses the tree, and the
 * same text with other data names is parsed (and checked) again.
 */
import { expect, test } from "vitest";
import { minimize } from "../../src/minimize/index.js";
import { ParseError } from "../../src/syntax/index.js";

test("the same text with other data names is checked against those names", () => {
  const free = minimize("(x - 1)^2 + (y + 2)^2", { statistics: false });
  expect(free.params.x).toBeCloseTo(1, 6);
  expect(free.params.y).toBeCloseTo(-2, 6);
  // now x is a column outside any sum: the parser's error, not a tree from the first call
  expect(() => minimize("(x - 1)^2 + (y + 2)^2", { data: { x: [1, 2] }, statistics: false })).toThrow(
    ParseError,
  );
});

test("a repeated call gives the same fit", () => {
  const options = {
    data: { x: [1, 2, 3], y: [1, 2, 3] },
    method: "gd",
    learningRate: 0.01,
    maxIterations: 2000,
  } as const;
  const first = minimize("mean((W*x + b - y)^2)", options);
  const second = minimize("mean((W*x + b - y)^2)", options);
  expect(second.params).toEqual(first.params);
  expect(second.cost).toBe(first.cost);
});

/**
 * The reference interpreter where mutation testing found the other tests silent: values given as a Map set
 * the row count too, an f64 exponent (no exact value) in a product, and the error for a column result.
 */
import { describe, expect, it } from "vitest";
import { EvaluateError, evaluate } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

describe("evaluate", () => {
  it("counts the rows of columns given in a Map, for the sum of a number", () => {
    expect(evaluate(parse("sum(3)"), new Map([["x", [1, 2]]]))).toBe(6);
    expect(evaluate(parse("sum(3)"), { x: [1, 2] })).toBe(6);
  });

  it("multiplies by a power whose exponent is an f64 without an exact value", () => {
    const exponent = 0.30000000000000004;
    expect(evaluate(parse(`3*x^${exponent}`), { x: 2 })).toBe(3 * 2 ** exponent);
  });

  it("says how to make a column result a number", () => {
    expect(() => evaluate(parse("x + 1"), { x: [1, 2] })).toThrow(
      new EvaluateError("the formula is a data column, not a number; wrap it in mean(…) or sum(…)"),
    );
    expect(() => evaluate(parse("x + 1"), { x: [1, 2] })).toThrow(
      expect.objectContaining({ name: "EvaluateError" }),
    );
  });
});

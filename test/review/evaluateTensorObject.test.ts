/**
 * Review finding: `evaluateTensor(expr, { w: [1, 2] })` (values as a plain object, as `minimize`, `compile`
 * and `evaluate` accept them) throws a bare TypeError "values.values is not a function" from inside the
 * library. It should either accept the object or throw a SymgradError that says to pass a Map.
 */
import { describe, expect, test } from "vitest";
import { evaluateTensor, parse, SymgradError } from "../../src/index.js";

describe("evaluateTensor given an object of values", () => {
  test("gives w@w = 5 or a SymgradError, never a TypeError", () => {
    const values = { w: [1, 2] };
    let result: number | undefined;
    try {
      result = evaluateTensor(parse("w@w"), values).values[0];
    } catch (e) {
      expect(e).toBeInstanceOf(SymgradError);
      return;
    }
    expect(result).toBe(5);
  });
});

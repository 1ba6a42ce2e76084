/**
 * Binding a formula's names, through `compile`: every CompileError's full message (what a user reads, so
 * each word is checked), and which rows count when data is given.
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

const refusal = (source: string, params: string[], data?: Record<string, unknown>) => {
  try {
    compile(parse(source), { params, data: data as Record<string, number[]> });
  } catch (error) {
    return (error as Error).message;
  }
  return "compiled";
};

describe("the messages of CompileError", () => {
  test("names every repeated parameter once", () => {
    expect(refusal("a*b", ["a", "b", "a", "b", "a"])).toBe("parameter 'a', 'b' is listed more than once");
    expect(refusal("a*b*c", ["a", "b", "c", "b", "b"])).toBe("parameter 'b' is listed more than once");
  });

  test("says 'it' for one unbound name and 'them' for several", () => {
    expect(refusal("a*c", ["a"])).toBe("no value for 'c': list it in params or give it as data");
    expect(refusal("a*c + d", ["a"])).toBe("no value for 'c', 'd': list them in params or give them as data");
  });

  test("names the columns that are also parameters", () => {
    expect(refusal("mean(x*y)", ["y", "W", "x"], { x: [1], y: [2] })).toBe(
      "'y', 'x' cannot be both a parameter and a data column",
    );
  });

  test("refuses a column that is not an array of numbers, or is empty", () => {
    for (const bad of [null, "12", undefined, { length: "2" }])
      expect(refusal("mean(x)", [], { x: bad })).toBe(
        "data 'x' is not a number, an array, an array of rows or { shape, values }",
      );
    expect(refusal("mean(x)", [], { x: [] })).toBe("data column 'x' has no rows");
  });

  test("takes a number as data: a constant (vectors and matrices made data of any shape)", () => {
    expect(compile(parse("W*x"), { params: ["W"], data: { x: 5 } }).value(Float64Array.of(3))).toBe(15);
  });

  test("gives the row of a non-finite value, counting from 1", () => {
    expect(refusal("mean(x)", [], { x: [Number.POSITIVE_INFINITY, 2] })).toBe(
      "data column 'x' has a non-finite value (Infinity) at row 1",
    );
  });

  test("names every column used outside a reduction", () => {
    expect(refusal("x*W + z + mean(y)", ["W"], { x: [1], y: [1], z: [1] })).toBe(
      "the formula is not a number: data column 'x', 'z' is used outside sum(…) or mean(…)",
    );
  });
});

describe("rows", () => {
  test("columns the formula does not use are still checked and still set the row count", () => {
    const cost = compile(parse("sum(W)"), { params: ["W"], data: { unused: [4, 5, 6] } });
    expect(cost.rows).toBe(3);
    expect(cost.value(Float64Array.of(2))).toBe(6);
    expect(refusal("sum(W*x)", ["W"], { x: [1, 2], unused: [1, 2, 3] })).toBe(
      "data column 'unused' has 3 rows, but the other columns have 2",
    );
  });
});

/**
 * Attack on the API's data and starting values: `Float64Array.from` coerced null, "", [] and false to 0,
 * true to 1, "0x10" to 16 and [7] to 7, so a column with a missing value (JSON writes NaN as null) was fitted
 * with a 0 there, exit 0. Every entry that is not a number is now a CompileError naming where it is.
 */
import { describe, expect, test } from "vitest";
import { CompileError, compile } from "../../src/compile/index.js";
import { minimize } from "../../src/minimize/index.js";
import { parse } from "../../src/syntax/index.js";

const NOT_NUMBERS: readonly [unknown, string][] = [
  [null, "null"],
  [undefined, "undefined"],
  ["", 'the string ""'],
  ["0x10", 'the string "0x10"'],
  ["2", 'the string "2"'],
  [true, "true"],
  [false, "false"],
  [[7], "an array"],
];

describe("an entry that is not a number is an error, not a coerced number", () => {
  test.each(NOT_NUMBERS)("in a data column: %o", (bad, described) => {
    const x = [1, bad, 3] as unknown as number[];
    expect(() => compile(parse("sum((W*x - 1)^2)"), { params: ["W"], data: { x } })).toThrow(
      new CompileError(`data column 'x': value 2 is ${described}, not a number`),
    );
    for (const method of ["lm", "lbfgs"] as const)
      expect(() => minimize("mean((W*x - y)^2)", { data: { x, y: [1, 2, 3] }, method })).toThrow(
        CompileError,
      );
  });

  test.each(NOT_NUMBERS)(
    "in a data matrix, rows or { shape, values }, and in a starting value: %o",
    (bad, described) => {
      const cost = "mean((X@w - 1)^2) + sum(w^2)";
      const rows = [
        [1, 2],
        [3, bad],
      ] as unknown as number[][];
      expect(() => minimize(cost, { data: { X: rows }, init: { w: [0, 0] } })).toThrow(
        `data 'X': row 2: value 2 is ${described}, not a number`,
      );
      const tensor = { shape: [2, 2], values: [1, 2, 3, bad] } as unknown as {
        shape: number[];
        values: Float64Array;
      };
      expect(() => minimize(cost, { data: { X: tensor }, init: { w: [0, 0] } })).toThrow(
        `data 'X': row 2, value 2 is ${described}, not a number`,
      );
      const w = [0, bad] as unknown as number[];
      expect(() => minimize(cost, { data: { X: [[1, 2]] }, init: { w } })).toThrow(
        `init of 'w': value 2 is ${described}, not a number`,
      );
    },
  );

  test("numbers and typed arrays are read as before", () => {
    const fit = minimize("mean((W*x - y)^2)", { data: { x: Float32Array.of(1, 2, 3), y: [2, 4, 6] } });
    expect(fit.params.W).toBeCloseTo(2, 12);
  });
});

/**
 * Attack on shape checking: the smart constructors fold `0*A` to 0 and `A^0`, `1^A` to 1, and a number has no
 * shape. Checked after the fold, `sum(w + 0*X)` was a sum over w's 2 entries instead of the n×2 broadcast
 * (a different minimum, exit 0), and `w + 0*y`, `w + y^0`, `X@(0*y)`, `0@X` were no errors at all.
 */
import { describe, expect, test } from "vitest";
import { minimize } from "../../src/minimize/index.js";
import { ParseError, parse } from "../../src/syntax/index.js";

const SHAPES = new Map<string, readonly (number | "n")[]>([
  ["X", ["n", 2]],
  ["y", ["n"]],
  ["w", [2]],
  ["b", []],
]);
const env = (name: string) => SHAPES.get(name);

describe("a fold to a number that would lose a shape is an error at its place", () => {
  test.each([
    ["sum(w + 0*X)", 9, /exactly 0 in every entry of its \(n,2\) shape/],
    ["sum(w + 0*y)", 9, /exactly 0 in every entry of its \(n\) shape/],
    ["sum(w*0 + y)", 5, /exactly 0 in every entry of its \(2\) shape/],
    ["sum(w + y^0)", 9, /exactly 1 in every entry of its \(n\) shape/],
    ["sum(X^0)", 5, /exactly 1 in every entry of its \(n,2\) shape/],
    ["sum(1^X)", 5, /exactly 1/],
    ["sum(X@(0*y))", 8, /exactly 0/],
    ["sum(0@X)", 6, /@ needs a vector or matrix on both sides, not scalar @ \(n,2\)/],
    ["sum(X@0)", 6, /not \(n,2\) @ scalar/],
  ])("%s", (text, column, message) => {
    let error: unknown;
    try {
      parse(text, { shapes: env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(message);
    expect((error as ParseError).column).toBe(column);
  });

  test("numbers times scalars still fold, and a shaped product that is not exactly 0 is kept", () => {
    expect(() => parse("sum(w^2) + 0*b + b^0", { shapes: env })).not.toThrow();
    expect(() => parse("sum(w + 0*b*X)", { shapes: env })).toThrow(ParseError);
    expect(() => parse("sum(w + 1*X)", { shapes: env })).not.toThrow();
  });

  test("the fit that was wrong: sum(w + 0*X) + sum(w^2) is refused, not minimized at w = -1/2", () => {
    // numpy: w + 0*X is (n,2), its sum n*(w0 + w1), the minimum at w = -n/2; the fold gave w = -1/2
    const X = [
      [1, 2],
      [3, 4],
      [5, 7],
    ];
    expect(() =>
      minimize("sum(w + 0*X) + sum(w^2)", { data: { X }, init: { w: [0, 0] }, statistics: false }),
    ).toThrow(/exactly 0/);
  });
});

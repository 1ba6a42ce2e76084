/**
 * The least-squares recogniser: the terms it returns must rebuild the cost (Σ weight·r², over rows where
 * the term says so) at random points, and costs that are not sums of squares must be refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { add, addAll, type Expr, mul, num, pow, reduce, sumOfSquares, sym } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { arbExpr } from "../arb.js";

const params = new Set(["a", "b", "W"]);
const isParam = (name: string) => params.has(name);
const data = { x: [0.5, 1, 2], y: [1, -2, 3] };

/** Σ weight·r² as the terms describe it, evaluated at `values`. */
function rebuilt(cost: Expr, values: Record<string, number | number[]>): number {
  const terms = sumOfSquares(cost, isParam)!;
  return terms.reduce((total, t) => {
    const r2 = pow(t.residual, num(2));
    return total + t.weight * evaluate(t.over ? reduce(t.over, r2) : r2, values);
  }, 0);
}

describe("sumOfSquares", () => {
  it("finds the residuals and weights of the usual forms", () => {
    const cases: [string, [string, number, string | undefined][]][] = [
      ["mean((W*x + b - y)^2)", [["W*x + b - y", 1, "mean"]]],
      ["sum((W*x - y)^2)/2", [["W*x - y", 0.5, "sum"]]],
      [
        "(1 - a)^2 + 100*(b - a^2)^2",
        [
          ["1 - a", 1, undefined],
          ["b - a^2", 100, undefined],
        ],
      ],
      ["(a - 2*b)^4", [["(a - 2*b)^2", 1, undefined]]],
      ["1/(a - b)^2", [["(a - b)^-1", 1, undefined]]],
      [
        "sum((y - mean(y) - W*x)^2) + 0.1*W^2",
        [
          ["y - mean(y) - W*x", 1, "sum"],
          ["W", 0.1, undefined],
        ],
      ],
    ];
    for (const [text, expected] of cases) {
      const terms = sumOfSquares(parse(text), isParam);
      expect(
        terms?.map((t) => [t.residual, t.weight, t.over]),
        text,
      ).toEqual(expected.map(([r, w, over]) => [parse(r), w, over]));
    }
  });

  it("refuses costs that are not positive sums of squares", () => {
    for (const text of [
      "sum((W*x - y)^2) - 1",
      "-(a^2)",
      "a^3 + b^2",
      "abs(a) + b^2",
      "sum((W*x - mean(W*x))^2)", // a row's residual would depend on every row
      "a^2*b^2 + 1",
      "(a^2 + b)^2*0 + log(a)",
    ])
      expect(sumOfSquares(parse(text), isParam), text).toBeUndefined();
  });

  it("rebuilds the cost at random points (property)", () => {
    // residuals whose square stays an even power (the constructors turn (a^(1/2))^2 into a, 0^2 into 0)
    const squareStays = (r: Expr) => {
      const square = pow(r, num(2));
      return square.kind === "pow" && square.exponent.kind === "num" && square.exponent.value % 2 === 0;
    };
    const residual = arbExpr({ depth: 2, names: ["a", "b"], functions: false }).filter(squareStays);
    const rowResidual = arbExpr({ depth: 2, names: ["W", "x", "y"], functions: false }).filter(squareStays);
    fc.assert(
      fc.property(
        residual,
        rowResidual,
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom("sum" as const, "mean" as const),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (r, s, w, op, a, W) => {
          const cost = add(mul(num(w), pow(r, num(2))), reduce(op, pow(s, num(2))));
          expect(sumOfSquares(cost, isParam)).toBeDefined();
          const values = { ...data, a, b: 0.75, W };
          const want = evaluate(cost, values);
          if (!Number.isFinite(want)) return;
          expect(rebuilt(cost, values)).toBeCloseTo(want, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads a sum of five thousand squares without recursion", () => {
    const terms = Array.from({ length: 5_000 }, (_, k) => pow(add(sym("a"), num(k)), num(2)));
    const cost = addAll(terms);
    expect(sumOfSquares(cost, isParam)).toHaveLength(5_000);
  });
});

/**
 * `compile` on known formulas: the seed's values and gradients by hand, parameters the formula does not
 * use, costs without data, `sum` of a number, nested reductions, Hessians, and every CompileError.
 */
import { describe, expect, test } from "vitest";
import { CompileError, compile, evaluate } from "../../src/compile/index.js";
import { hessian } from "../../src/diff/index.js";
import type { Objective } from "../../src/optimize/objective.js";
import { parse } from "../../src/syntax/index.js";

const xy = { x: [1, 2, 3], y: [1, 2, 3] };

/** Value and gradient at `point`, as plain numbers. */
function at(cost: Objective, ...point: number[]) {
  const g = new Float64Array(point.length);
  const value = cost.valueAndGradient(Float64Array.from(point), g);
  return { value, gradient: [...g] };
}

describe("the seed", () => {
  test("sum((W*x - y)^2)/2 has gradient 28 at W = 3, x = y = [1, 2, 3]", () => {
    const cost = compile(parse("sum((W*x - y)^2)/2"), { params: ["W"], data: xy });
    expect(at(cost, 3)).toEqual({ value: 28, gradient: [28] });
  });

  test("mean((W*x - y)^2) has gradient 56/3 there", () => {
    const cost = compile(parse("mean((W*x - y)^2)"), { params: ["W"], data: xy });
    const { value, gradient } = at(cost, 3);
    expect(value).toBeCloseTo(56 / 3, 14);
    expect(gradient[0]).toBeCloseTo(56 / 3, 14);
  });

  test("value, gradient and valueAndGradient agree, and out is written in place", () => {
    const cost = compile(parse("mean((W*x + b - y)^2)"), { params: ["W", "b"], data: xy });
    const p = Float64Array.of(0.5, -1);
    const out = new Float64Array(2);
    cost.gradient(p, out);
    const both = new Float64Array(2);
    expect(cost.valueAndGradient(p, both)).toBe(cost.value(p));
    expect([...both]).toEqual([...out]);
    expect(cost.rows).toBe(3);
  });

  test("a compiled cost is an Objective", () => {
    const cost: Objective = compile(parse("(W - 1)^2"), { params: ["W"] });
    expect(cost.params).toEqual(["W"]);
  });
});

describe("shapes of formulas", () => {
  test("a parameter the formula does not use has gradient 0", () => {
    const cost = compile(parse("(W - 2)^2"), { params: ["unused", "W"] });
    expect(at(cost, 7, 5)).toEqual({ value: 9, gradient: [0, 6] });
  });

  test("a cost without data has no rows and no useRows", () => {
    const cost = compile(parse("sin(a)*b"), { params: ["a", "b"] });
    expect(cost.rows).toBeUndefined();
    expect(cost.useRows).toBeUndefined();
    expect(at(cost, 1, 2)).toEqual({ value: Math.sin(1) * 2, gradient: [Math.cos(1) * 2, Math.sin(1)] });
  });

  test("sum of a number is rows times it with data, and the number without, as evaluate says", () => {
    const expr = parse("sum(3)*W + sum(W)");
    const withData = compile(expr, { params: ["W"], data: xy });
    expect(at(withData, 2)).toEqual({ value: evaluate(expr, { W: 2, ...xy }), gradient: [12] });
    const without = compile(expr, { params: ["W"] });
    expect(at(without, 2)).toEqual({ value: evaluate(expr, { W: 2 }), gradient: [4] });
  });

  test("nested reductions that depend on parameters are computed level by level", () => {
    const expr = parse("mean((x - mean(x*W))^2) + sum(y*mean(y - b*mean(x*W)))");
    const cost = compile(expr, { params: ["W", "b"], data: { x: [1, 4, 2, 8], y: [0.5, -1, 3, 2] } });
    const values = { W: 0.7, b: -1.3, x: [1, 4, 2, 8], y: [0.5, -1, 3, 2] };
    expect(cost.value(Float64Array.of(0.7, -1.3))).toBeCloseTo(evaluate(expr, values), 12);
  });

  test("the Hessian is generated on first use and matches the symbolic one", () => {
    const expr = parse("mean((W*x + b - y)^2) + W^2*b^2");
    const cost = compile(expr, { params: ["W", "b"], data: { x: [1, 2, 5], y: [2, 0, 1] } });
    const out = new Float64Array(4);
    cost.hessian(Float64Array.of(1.5, -0.5), out);
    const expected = hessian(expr, ["W", "b"])
      .flat()
      .map((h) => evaluate(h, { W: 1.5, b: -0.5, x: [1, 2, 5], y: [2, 0, 1] }));
    for (const [k, h] of expected.entries()) expect(out[k]).toBeCloseTo(h, 12);
    expect(cost.hessianSource).toContain("function hessian(p, g)");
  });
});

describe("errors", () => {
  test("a name that is neither a parameter nor data is named", () => {
    const formula = parse("mean((W*x + b - y)^2) + c*d");
    expect(() => compile(formula, { params: ["W", "b"], data: xy })).toThrow(CompileError);
    expect(() => compile(formula, { params: ["W", "b"], data: xy })).toThrow(/'c', 'd'/);
  });

  test("a data column of the wrong length is named", () => {
    expect(() => compile(parse("mean(x*y*W)"), { params: ["W"], data: { x: [1, 2, 3], y: [1, 2] } })).toThrow(
      /data column 'y' has 2 rows, but the other columns have 3/,
    );
  });

  test("a data column with a non-finite value is named, with the row", () => {
    expect(() => compile(parse("mean(x*W)"), { params: ["W"], data: { x: [1, Number.NaN, 3] } })).toThrow(
      /data column 'x' has a non-finite value \(NaN\) at row 2/,
    );
  });

  test("a formula that is a column, not a number, is refused", () => {
    expect(() => compile(parse("W*x + mean(y)"), { params: ["W"], data: xy })).toThrow(
      /not a number: data column 'x' is used outside sum/,
    );
  });

  test("a name both a parameter and a column, and a parameter listed twice, are refused", () => {
    expect(() => compile(parse("mean(x*W)"), { params: ["W", "x"], data: xy })).toThrow(/'x' cannot be both/);
    expect(() => compile(parse("W^2"), { params: ["W", "W"] })).toThrow(/'W' is listed more than once/);
  });
});

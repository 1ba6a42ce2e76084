/**
 * checkGradient: right claims are recognised (exactly or at random points), and each common way of being
 * wrong is named: the seed's hand-derived gradient (3/2 times the derivative), a wrong sign, a missing and
 * an extra term. The values at the reported point are checked against the interpreter.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { CheckError, checkGradient } from "../../src/minimize/index.js";
import { parse } from "../../src/syntax/index.js";

const seedData = { x: [1, 2, 3], y: [1, 2, 3] };

describe("checkGradient", () => {
  it("explains the seed's hand-derived gradient: 3/2 times the derivative", () => {
    const result = checkGradient("mean((W*x - y)^2)", { W: "sum((W*x - y)*x)" }, { data: seedData });
    expect(result.correct).toBe(false);
    const [check] = result.checks;
    expect(check!.verdict).toBe("factor");
    expect(check!.factor).toBeCloseTo(1.5, 12);
    expect(check!.explanation).toBe(
      "the claim is 3/2 times the derivative: mean's 1/n and the square's 2 are missing",
    );
    // the reported values are the formulas' values at the reported point
    const values = { ...seedData, ...check!.at!.point };
    expect(check!.at!.claim).toBe(evaluate(parse("sum((W*x - y)*x)"), values));
    expect(check!.at!.derivative).toBeCloseTo((2 / 3) * check!.at!.claim, 12);
  });

  it("names the factor from n alone and from the square alone", () => {
    const data = { x: [1, 2, 3, 4], y: [2, 0, 1, 5] };
    const n = checkGradient("mean((W*x - y)^2)", { W: "sum(2*(W*x - y)*x)" }, { data }).checks[0]!;
    expect(n.explanation).toBe("the claim is 4 times the derivative: mean's 1/n is missing");
    const two = checkGradient("sum((W*x - y)^2)", { W: "sum((W*x - y)*x)" }, { data }).checks[0]!;
    expect(two.explanation).toBe("the claim is 1/2 times the derivative: the square's 2 is missing");
  });

  it("accepts a right claim exactly, and one written differently at random points", () => {
    const exact = checkGradient("mean((W*x - y)^2)", { W: "mean(2*(W*x - y)*x)" }, { data: seedData });
    expect([exact.correct, exact.checks[0]!.verdict]).toEqual([true, "simplifies"]);
    const expanded = checkGradient(
      "mean((W*x - y)^2)",
      { W: "2*W*mean(x^2) - 2*mean(x*y)" },
      { data: seedData },
    );
    expect([expanded.correct, expanded.checks[0]!.verdict]).toEqual([true, "agrees"]);
  });

  it("finds a wrong sign, a missing term and an extra term", () => {
    const sign = checkGradient("(1 - a)^2 + 100*(b - a^2)^2", { a: "2*(1 - a) + 400*a*(b - a^2)" });
    expect(sign.checks[0]!.verdict).toBe("sign");
    const ridge = "mean((W*x + b - y)^2) + 0.1*W^2";
    const missing = checkGradient(ridge, { W: "mean(2*(W*x + b - y)*x)" }, { data: seedData }).checks[0]!;
    expect([missing.verdict, missing.explanation]).toEqual([
      "missing-term",
      "the claim is missing the term 0.2*W",
    ]);
    const extra = checkGradient("mean((W*x - y)^2)", { W: "mean(2*(W*x - y)*x) + W" }, { data: seedData });
    expect(extra.checks[0]!.explanation).toBe("the claim has an extra term W");
  });

  it("says where a claim that is simply different disagrees", () => {
    const check = checkGradient("sin(a)*b", { a: "cos(a)" }).checks[0]!;
    expect(check.verdict).toBe("differs");
    const { point, claim, derivative } = check.at!;
    expect(claim).toBe(Math.cos(point.a!));
    expect(derivative).toBeCloseTo(Math.cos(point.a!) * point.b!, 14);
    expect(Math.abs(claim - derivative)).toBeGreaterThan(1e-6);
  });

  it("refuses a claim with an unknown name or for a name that is not a parameter", () => {
    expect(() => checkGradient("(1 - a)^2", { a: "2*(a - 1) + q" })).toThrow(CheckError);
    expect(() => checkGradient("(1 - a)^2", { z: "0" })).toThrow(/'z' is not a parameter/);
  });
});

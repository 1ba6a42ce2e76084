/**
 * Constraints through `minimize` and program files, against closed forms: the projection of a point onto a
 * hyperplane or half-space (with its Lagrange multiplier), bounds written as constraints, the smallest
 * violation of an infeasible pair, the iteration limit; and every mistake a user can make with a
 * constraint, as positioned errors (test/golden/constraint-errors.txt).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { num } from "../../src/expr/index.js";
import { MinimizeError, minimize } from "../../src/minimize/index.js";
import { OptimizeError, optimize } from "../../src/optimize/index.js";
import { ParseError, parse, parseProgram } from "../../src/syntax/index.js";
import { golden } from "../golden.js";

const arbVector = fc.array(
  fc.integer({ min: -20, max: 20 }).map((v) => v / 4),
  { minLength: 3, maxLength: 3 },
);
const arbNormal = arbVector.filter((b) => b.some((v) => Math.abs(v) >= 1));

/** ‖x − a‖² over x1..x3, and b·x as text. */
const distance = (a: number[]) => a.map((ai, i) => `(x${i + 1} - ${ai})^2`).join(" + ");
const linear = (b: number[]) => b.map((bi, i) => `${bi}*x${i + 1}`).join(" + ");

describe("the projection onto a hyperplane and a half-space", () => {
  it("min ‖x − a‖² s.t. b·x == c is a − λb/2 with λ = 2(b·a − c)/‖b‖²", () => {
    fc.assert(
      fc.property(arbVector, arbNormal, fc.integer({ min: -8, max: 8 }), (a, b, c) => {
        const r = minimize(distance(a), { constraints: [`${linear(b)} == ${c}`] });
        const bb = b.reduce((s, v) => s + v * v, 0);
        const lambda = (2 * (b.reduce((s, v, i) => s + v * a[i]!, 0) - c)) / bb;
        expect(r.status).toBe("optimal");
        a.forEach((ai, i) => {
          expect(r.params[`x${i + 1}`]).toBeCloseTo(ai - (lambda * b[i]!) / 2, 5);
        });
        expect(r.constraints![0]!.multiplier).toBeCloseTo(lambda, 4);
        expect(r.maxViolation).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 25 },
    );
  });

  it("min ‖x − a‖² s.t. b·x <= c is a when a is inside (inactive, λ = 0), else the projection (λ > 0)", () => {
    fc.assert(
      fc.property(arbVector, arbNormal, fc.integer({ min: -8, max: 8 }), (a, b, c) => {
        const r = minimize(distance(a), { constraints: [`${linear(b)} <= ${c}`] });
        const bb = b.reduce((s, v) => s + v * v, 0);
        const excess = b.reduce((s, v, i) => s + v * a[i]!, 0) - c;
        const lambda = Math.max(0, (2 * excess) / bb);
        expect(r.status).toBe("optimal");
        a.forEach((ai, i) => {
          expect(r.params[`x${i + 1}`]).toBeCloseTo(ai - (lambda * b[i]!) / 2, 5);
        });
        const [k] = r.constraints!;
        expect(k!.multiplier).toBeCloseTo(lambda, 4);
        if (excess > 1e-3) expect(k!.active).toBe(true);
        if (excess < -1e-3) expect(k!.active).toBe(false);
      }),
      { numRuns: 25 },
    );
  });
});

describe("bounds written as constraints", () => {
  it("hold exactly and carry the multiplier that balances the gradient", () => {
    const r = minimize("(W - 4)^2 + (b + 1)^2", { constraints: ["2*W <= 5", "b >= 0"] });
    expect(r.params).toEqual({ W: 2.5, b: 0 });
    // 2(W − 4) + λ·2 = 0 at W = 2.5; for b ≥ 0, i.e. −b ≤ 0: 2(b + 1) − λ = 0 at b = 0.
    expect(r.constraints!.map((c) => [c.text, c.active, c.value, c.violation])).toEqual([
      ["2*W <= 5", true, 0, 0],
      ["b >= 0", true, 0, 0],
    ]);
    expect(r.constraints![0]!.multiplier).toBeCloseTo(1.5, 8);
    expect(r.constraints![1]!.multiplier).toBeCloseTo(2, 8);
    expect(r.status).toBe("optimal");
  });

  it("merge with the bounds option, and an equality fixes the parameter", () => {
    const r = minimize("(W - 4)^2 + (b - 3)^2", {
      bounds: { W: [0, 3] },
      constraints: ["W <= 10", "b == 1"],
    });
    expect(r.params).toEqual({ W: 3, b: 1 });
  });
});

describe("infeasible problems and limits", () => {
  it("end 'infeasible' at the smallest violation, naming the most violated constraint", () => {
    // max(3 − s, s − 1) over s = x1 + x2 is smallest, 1, at s = 2.
    const r = minimize("(x1 - 5)^2 + x2^2", { constraints: ["x1 + x2 >= 3", "x1 + x2 <= 1"] });
    expect(r.status).toBe("infeasible");
    expect(r.converged).toBe(false);
    expect(r.maxViolation).toBeCloseTo(1, 3);
    expect(r.message).toMatch(/^Infeasible: .* of 'x1 \+ x2 (>= 3|<= 1)'/);
  });

  it("stop at maxIterations with status max-iterations", () => {
    const r = minimize("(1 - a)^2 + 100*(b - a^2)^2", {
      init: { a: -1.2, b: 1 },
      constraints: ["a^2 + b^2 <= 0.5"],
      maxIterations: 3,
    });
    expect(r.status).toBe("max-iterations");
    expect(r.iterations).toBeLessThanOrEqual(3);
  });

  it("accept constraints as trees of two expressions", () => {
    const r = minimize("(x1 - 1)^2 + (x2 - 1)^2", {
      constraints: [{ lhs: parse("x1 + x2"), relation: "==", rhs: num(1) }],
    });
    expect(r.params["x1"]).toBeCloseTo(0.5, 6);
    expect(r.constraints![0]!.text).toBe("x1 + x2 == 1");
  });

  it("use data inside reductions; linear in one parameter, that is a bound, held exactly", () => {
    // min (W − 3)² s.t. mean(W*x) <= 2 with mean(x) = 2: W ≤ 1.
    const r = minimize("(W - 3)^2", { data: { x: [1, 2, 3] }, constraints: ["mean(W*x) <= 2"] });
    expect(r.params["W"]).toBe(1);
    // min (W − 3)² + b² s.t. 2W + b <= 2: W = 3 − λ, b = −λ/2 and 6 − 2.5λ = 2, so λ = 1.6.
    const general = minimize("(W - 3)^2 + b^2", {
      data: { x: [1, 2, 3] },
      constraints: ["mean(W*x) + b <= 2"],
    });
    expect(general.params["W"]).toBeCloseTo(1.4, 6);
    expect(general.params["b"]).toBeCloseTo(-0.8, 6);
    expect(general.constraints![0]!.multiplier).toBeCloseTo(1.6, 5);
  });
});

describe("methods that cannot take constraints", () => {
  it.each(["bfgs", "newton", "adam"] as const)("%s refuses them", (method) => {
    expect(() => minimize("x^2", { method, constraints: ["x >= 1"] })).toThrow(MinimizeError);
    expect(() =>
      optimize(
        { params: ["x"], value: () => 0, gradient: () => {}, valueAndGradient: () => 0 },
        { init: [0], method, constraints: [{ text: "x >= 1", relation: ">=", valueAndGradient: () => 0 }] },
      ),
    ).toThrow(OptimizeError);
  });
});

/** Inline data of a program, for running it synchronously. */
function inlineData(source: string) {
  const program = parseProgram(source, "model.sg");
  const data = Object.fromEntries(program.data.map((d) => [d.names[0]!, d.values ?? []]));
  return { program, data };
}

// Program files named model.sg; a first line `#! method: bfgs` picks the method.
golden(new URL("../golden/constraint-errors.txt", import.meta.url), (source) => {
  const method = /^#! method: (\w+)/.exec(source)?.[1] as "bfgs" | undefined;
  try {
    const { program, data } = inlineData(source);
    const r = minimize(program.cost, {
      data,
      params: program.params.map((p) => p.name),
      constraints: program.constraints,
      ...(method ? { method } : {}),
    });
    return `no error: ${r.status}`;
  } catch (error) {
    if (error instanceof ParseError) return error.format();
    if (error instanceof MinimizeError) return `MinimizeError: ${error.message}`;
    throw error;
  }
});

/**
 * Levenberg–Marquardt: it reaches the published minimum of each Moré–Garbow–Hillstrom problem from the
 * standard start, takes MINPACK's steps (the same evaluation counts and final cost as scipy's leastsq, which
 * runs MINPACK's lmder, on three problems), and is the default for sums of squares. The compiled Jacobian
 * is checked against the compiled gradient (∇f = 2JᵀR) and against central differences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, compileResiduals } from "../../src/compile/index.js";
import { sumOfSquares } from "../../src/expr/index.js";
import { minimize } from "../../src/minimize/index.js";
import { parse } from "../../src/syntax/index.js";
import { mghProblems } from "./mgh.js";

describe("Levenberg–Marquardt on the Moré–Garbow–Hillstrom problems", () => {
  for (const p of mghProblems) {
    it(`reaches the minimum of ${p.name}`, () => {
      const r = minimize(p.cost, { init: p.init, data: p.data, method: "lm", historyEvery: 0 });
      expect(r.converged, r.message).toBe(true);
      const reached = [p.minimum, ...(p.alsoMinimum ?? [])].some((min) =>
        min === 0 ? r.cost <= 1e-10 : Math.abs(r.cost - min) <= 1e-6 * min,
      );
      expect(reached, `cost ${r.cost}, want ${p.minimum}`).toBe(true);
      for (const [name, want] of Object.entries(p.minimizer ?? {}))
        expect(Math.abs(r.params[name]! - want), name).toBeLessThanOrEqual(
          1e-4 * Math.max(1, Math.abs(want)),
        );
    });
  }
});

describe("MINPACK's steps", () => {
  // scipy.optimize.leastsq(f, x0, Dfun=J, full_output=True) with the exact Jacobian: nfev, njev, ‖f‖²
  const reference = [
    ["Rosenbrock", 21, 16, 0],
    ["Meyer", 126, 116, 87.9458551704644],
    ["Brown–Dennis", 254, 236, 85822.21496962897],
  ] as const;
  for (const [name, nfev, njev, cost] of reference) {
    it(`takes the steps of MINPACK's lmder on ${name}`, () => {
      const p = mghProblems.find((q) => q.name === name)!;
      const r = minimize(p.cost, { init: p.init, data: p.data, method: "lm", tolerance: 0, historyEvery: 0 });
      expect(r.evaluations).toBe(nfev);
      // one more Jacobian than MINPACK when a tolerance on the step stops the run: the final gradient
      expect(r.gradientEvaluations - njev).toBeOneOf([0, 1]);
      expect(Math.abs(r.cost - cost)).toBeLessThanOrEqual(1e-9 * Math.max(cost, 1e-300) + 1e-25);
    });
  }
});

describe("the residuals' Jacobian", () => {
  const cases = [
    {
      cost: "mean((a*exp(-b*x) + c - y)^2) + 0.5*(a - 1)^2",
      data: { x: [0, 1, 2, 3], y: [3, 1.9, 1.4, 1.1] },
    },
    {
      cost: "sum((y - mean(y) - a*sin(b*x))^2)/2 + (c*b)^4",
      data: { x: [0.1, 0.5, 0.9], y: [0.2, 1, -0.4] },
    },
  ];
  for (const { cost, data } of cases) {
    it(`gives 2JᵀR = ∇f and ΣR² = f for ${cost} (property)`, () => {
      const expr = parse(cost, { data: Object.keys(data) });
      const params = ["a", "b", "c"];
      const residuals = compileResiduals(sumOfSquares(expr, (n) => params.includes(n))!, { params, data });
      const objective = compile(expr, { params, data });
      const m = residuals.count;
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
          (v) => {
            const p = Float64Array.from(v);
            const r = new Float64Array(m);
            const jac = new Float64Array(m * 3);
            residuals.jacobian(p, r, jac);
            const g = new Float64Array(3);
            const f = objective.valueAndGradient(p, g);
            expect(r.reduce((s, ri) => s + ri * ri, 0)).toBeCloseTo(f, 9);
            for (let j = 0; j < 3; j++) {
              const jtr = r.reduce((s, ri, i) => s + 2 * jac[i + j * m]! * ri, 0);
              expect(Math.abs(jtr - g[j]!)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(g[j]!)));
              // central differences of the residuals themselves
              const h = 1e-6;
              const up = new Float64Array(m);
              const down = new Float64Array(m);
              const q = p.slice();
              q[j] = p[j]! + h;
              residuals.residuals(q, up);
              q[j] = p[j]! - h;
              residuals.residuals(q, down);
              for (let i = 0; i < m; i++)
                expect(Math.abs((up[i]! - down[i]!) / (2 * h) - jac[i + j * m]!)).toBeLessThanOrEqual(
                  1e-5 * (1 + Math.abs(jac[i + j * m]!)),
                );
            }
          },
        ),
        { numRuns: 50 },
      );
    });
  }
});

describe("choosing lm", () => {
  it("is the default for a sum of squares, and not with bounds, a learning rate or another cost", () => {
    const rosenbrock = "(1 - a)^2 + 100*(b - a^2)^2";
    expect(minimize(rosenbrock, { init: { a: -1.2, b: 1 } }).method).toBe("lm");
    expect(minimize(rosenbrock, { init: { a: -1.2, b: 1 }, bounds: { a: [-2, 0.5] } }).method).toBe("lbfgs");
    expect(
      minimize(rosenbrock, { init: { a: -1.2, b: 1 }, learningRate: 1e-4, maxIterations: 3 }).method,
    ).toBe("gd");
    expect(minimize("(1 - a)^2 + log(1 + b^2)", {}).method).toBe("lbfgs");
  });

  it("says what lm needs when the cost is not a sum of squares", () => {
    expect(() => minimize("a^2 + log(1 + b^2)", { method: "lm" })).toThrow(/sum of squares/);
  });

  it("fits a line to data with one residual a row", () => {
    const r = minimize("mean((W*x + b - y)^2)", { data: { x: [1, 2, 3], y: [1, 2, 3] } });
    expect(r.method).toBe("lm");
    expect(r.params.W).toBeCloseTo(1, 12);
    expect(r.params.b).toBeCloseTo(0, 12);
  });

  it("moves only the determined combination when two columns of the Jacobian are equal", () => {
    // exactly singular in arithmetic, ~ε after rounding: the step must not run off along a + b = const
    const x = [1, 2, 3];
    const y = [2, 4, 6.5];
    const r = minimize("sum((a*x + b*x - y)^2)", { data: { x, y } });
    const slope = x.reduce((s, v, i) => s + v * y[i]!, 0) / x.reduce((s, v) => s + v * v, 0);
    expect(r.params.a! + r.params.b!).toBeCloseTo(slope, 12);
    expect(Math.abs(r.params.a!) + Math.abs(r.params.b!)).toBeCloseTo(Math.abs(slope), 12);
  });

  it("stops at a rank-deficient Jacobian's minimum without failing", () => {
    const r = minimize("(a + b - 1)^2 + (2*a + 2*b - 2)^2", { init: { a: 3, b: 0 } });
    expect(r.converged).toBe(true);
    expect(r.params.a! + r.params.b!).toBeCloseTo(1, 10);
  });
});

describe("lm through minimize", () => {
  const data = { x: [1, 2, 3], y: [1, 2, 3] };

  it("reports the compiled formula's cost, not its own sum of squares", () => {
    const result = minimize("mean((W*x - y)^2)", { data, init: { W: 3 }, maxIterations: 0 });
    expect(result.method).toBe("lm");
    const compiled = compile(parse("mean((W*x - y)^2)", { data: ["x", "y"] }), { params: ["W"], data });
    expect(result.cost).toBe(compiled.value(Float64Array.of(3)));
  });

  it("is not the default for an f32 cost, and refuses one when asked", () => {
    const f32 = minimize("mean((W*x - y)^2)", { data, init: { W: 3 }, precision: "f32", maxIterations: 0 });
    expect(f32.method).toBe("lbfgs");
    expect(Math.fround(f32.cost)).toBe(f32.cost);
    expect(() => minimize("mean((W*x - y)^2)", { data, method: "lm", precision: "f32" })).toThrow(
      /method 'lm' computes in f64 only/,
    );
  });
});

/**
 * lbfgs, bfgs and newton against independent truth: the known minimizers of the classic test problems,
 * the solution of Ax = b by Gaussian elimination for random positive definite quadratics (fast-check), the
 * closed-form optimum of a logistic regression, and Newton's descent from a point of indefinite curvature.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Method, OptimizeError, optimize } from "../../src/optimize/index.js";
import {
  badlyScaled,
  classicProblems,
  doubleWell,
  freudensteinRoth,
  logisticRegression,
  quadratic,
  rosenbrock,
} from "./problems.js";

const methods: Method[] = ["lbfgs", "bfgs", "newton"];

describe("Rosenbrock from (−1.2, 1)", () => {
  // Our measured counts, as a regression guard. scipy 1.x needs 32 iterations / 39 evaluations with BFGS
  // and 36 / 44 with L-BFGS-B, at its looser default tolerances (‖∇f‖∞ ≤ 1e-5, and a cost test).
  const budgets = { lbfgs: [37, 46], bfgs: [38, 46], newton: [22, 29] } as const;

  it.each(methods)("%s reaches (1, 1) to 1e-8 within its budget", (method) => {
    const result = optimize(rosenbrock.objective, { init: rosenbrock.init, method });
    expect(result.status).toBe("gradient-tolerance");
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]! - 1)).toBeLessThan(1e-8);
    expect(Math.abs(result.x[1]! - 1)).toBeLessThan(1e-8);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-8);
    const [iterations, evaluations] = budgets[method as keyof typeof budgets];
    expect(result.iterations).toBeLessThanOrEqual(iterations);
    expect(result.evaluations).toBeLessThanOrEqual(evaluations);
    expect(result.hessianEvaluations).toBe(method === "newton" ? result.iterations : 0);
  });

  it("is the default method's problem too: no method given means lbfgs", () => {
    const byDefault = optimize(rosenbrock.objective, { init: rosenbrock.init });
    const lbfgs = optimize(rosenbrock.objective, { init: rosenbrock.init, method: "lbfgs" });
    expect(byDefault).toEqual(lbfgs);
  });
});

describe.each(classicProblems)("$name", (problem) => {
  it.each(methods)("%s converges to a minimum", (method) => {
    const result = optimize(problem.objective, { init: problem.init, method });
    expect(result.status).toBe("gradient-tolerance");
    if (problem === freudensteinRoth && result.cost > 1) {
      // The local minimum of Moré, Garbow & Hillstrom: 48.9842… at (11.41…, −0.8968…).
      expect(result.cost).toBeCloseTo(48.98425367924, 9);
    } else {
      expect(result.cost).toBeLessThan(1e-10);
    }
  });
});

/** Solves Ax = b by Gaussian elimination with partial pivoting (row-major A, n×n). */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const m = Array.from({ length: n }, (_, i) => [...a.subarray(i * n, i * n + n), b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const factor = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= factor * m[c]![k]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let k = r + 1; k < n; k++) sum -= m[r]![k]! * x[k]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/** A random n×n matrix M (entries in [−1, 1]), b, and A = MᵀM + I/10, symmetric positive definite. */
const spdSystem = fc.integer({ min: 2, max: 50 }).chain((n) =>
  fc
    .tuple(
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
    )
    .map(([entries, rhs]) => {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let sum = i === j ? 0.1 : 0;
          for (let k = 0; k < n; k++) sum += entries[k * n + i]! * entries[k * n + j]!;
          a[i * n + j] = sum;
        }
      }
      return { a, b: Float64Array.from(rhs) };
    }),
);

describe("convex quadratics ½xᵀAx − bᵀx in 2 to 50 dimensions", () => {
  it.each(methods)("%s finds A⁻¹b", (method) => {
    fc.assert(
      fc.property(spdSystem, ({ a, b }) => {
        const expected = solve(a, b);
        const result = optimize(quadratic(a, b), {
          init: new Array(b.length).fill(0),
          method,
          maxIterations: 5000,
        });
        expect(result.converged).toBe(true);
        const error = Math.max(...result.x.map((v, i) => Math.abs(v - expected[i]!)));
        // ‖x − x*‖ ≤ ‖A⁻¹‖·‖∇f‖ ≤ 10·1e-8·√n.
        expect(error).toBeLessThan(1e-6);
      }),
      { numRuns: 25 },
    );
  });

  it.each(methods)("%s solves a quadratic with condition number 10⁶", (method) => {
    const result = optimize(badlyScaled.objective, { init: badlyScaled.init, method });
    expect(result.status).toBe("gradient-tolerance");
    for (const v of result.x) expect(v).toBeCloseTo(1, 7);
    expect(result.cost).toBeCloseTo(badlyScaled.minimum, 6);
  });

  it("newton solves a quadratic in one step", () => {
    const result = optimize(badlyScaled.objective, { init: badlyScaled.init, method: "newton" });
    expect(result.iterations).toBe(1);
  });
});

describe("newton where the Hessian is indefinite", () => {
  it("starts where the Hessian has a negative eigenvalue, yet lowers the cost every iteration", () => {
    const [a, b] = doubleWell.init;
    const h = new Float64Array(4);
    doubleWell.objective.hessian!(Float64Array.of(a!, b!), h);
    // A symmetric 2×2 matrix with negative determinant has one negative eigenvalue.
    expect(h[0]! * h[3]! - h[1]! * h[2]!).toBeLessThan(0);

    const result = optimize(doubleWell.objective, { init: doubleWell.init, method: "newton" });
    expect(result.status).toBe("gradient-tolerance");
    const costs = result.history.map((entry) => entry.cost);
    for (let k = 1; k < costs.length; k++) expect(costs[k]).toBeLessThan(costs[k - 1]!);
    expect(result.cost).toBeLessThan(1e-15);
    expect(Math.abs(Math.abs(result.x[0]!) - 1)).toBeLessThan(1e-8);
    expect(result.x[1]).toBeCloseTo(result.x[0]!, 8);
  });
});

describe("logistic regression on nine rows", () => {
  const problem = logisticRegression();
  it.each(methods)("%s finds w1 = ln 3, w2 = −ln 2, b = 0", (method) => {
    const result = optimize(problem.objective, { init: problem.init, method });
    expect(result.status).toBe("gradient-tolerance");
    result.x.forEach((v, i) => {
      expect(v).toBeCloseTo(problem.minimizer![i]!, 7);
    });
    expect(result.cost).toBeCloseTo(problem.minimum, 14);
  });
});

describe("options of the line-search methods", () => {
  it("newton needs a Hessian", () => {
    const { hessian: _, ...withoutHessian } = rosenbrock.objective;
    expect(() => optimize(withoutHessian, { init: [0, 0], method: "newton" })).toThrow(
      new OptimizeError("method 'newton' needs the Hessian, but this objective has none"),
    );
  });

  it("rejects first-order hyper-parameters", () => {
    expect(() => optimize(rosenbrock.objective, { init: [0, 0], method: "bfgs", learningRate: 0.1 })).toThrow(
      "option 'learningRate' does not apply to method 'bfgs'",
    );
  });

  it("lbfgs with memory 1 still converges", () => {
    const result = optimize(rosenbrock.objective, { init: rosenbrock.init, memory: 1, maxIterations: 5000 });
    expect(result.status).toBe("gradient-tolerance");
  });
});

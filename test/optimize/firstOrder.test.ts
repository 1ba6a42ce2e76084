/**
 * The first-order methods against updates computed by hand from PyTorch's formulas: each test writes the
 * arithmetic of the first steps on f(x) = x² (∇f = 2x) from x₀ = 1, so a wrong rule or default shows as a
 * wrong number. Plus the seed reproduction on a line fit and the Armijo search of method "gd".
 */
import { describe, expect, it } from "vitest";
import { type Objective, type OptimizeOptions, optimize } from "../../src/optimize/index.js";
import { square } from "./problems.js";

/** The iterates x₀, x₁, … of `steps` steps on x² from 1. */
function iterates(options: Omit<OptimizeOptions, "init">, steps: number): number[] {
  const result = optimize(square, { init: [1], maxIterations: steps, ...options });
  expect(result.iterations).toBe(steps);
  return result.history.map((entry) => entry.params[0]!);
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expect(value).toBeCloseTo(expected[i]!, 14);
  });
}

describe("first-order update rules, by hand on x² from 1", () => {
  it("gd: x ← x − lr·g", () => {
    // g₀ = 2, x₁ = 1 − 0.1·2 = 0.8; g₁ = 1.6, x₂ = 0.8 − 0.16 = 0.64.
    expectClose(iterates({ method: "gd", learningRate: 0.1 }, 2), [1, 0.8, 0.64]);
  });

  it("gd defaults to learning rate 0.01", () => {
    expectClose(iterates({ method: "gd" }, 1), [1, 1 - 0.01 * 2]);
  });

  it("momentum: b₁ = g₁, b = μb + g, x ← x − lr·b", () => {
    // b = 2, x₁ = 0.8; g₁ = 1.6, b = 0.9·2 + 1.6 = 3.4, x₂ = 0.46; g₂ = 0.92, b = 3.06 + 0.92 = 3.98, x₃ = 0.062.
    expectClose(iterates({ method: "momentum", learningRate: 0.1, momentum: 0.9 }, 3), [1, 0.8, 0.46, 0.062]);
  });

  it("momentum with dampening: b = μb + (1 − τ)g, the first buffer undamped", () => {
    // b = 2, x₁ = 0.8; b = 0.9·2 + 0.5·1.6 = 2.6, x₂ = 0.8 − 0.26 = 0.54.
    expectClose(iterates({ method: "momentum", learningRate: 0.1, dampening: 0.5 }, 2), [1, 0.8, 0.54]);
  });

  it("nesterov: x ← x − lr·(g + μb)", () => {
    // b = 2, x₁ = 1 − 0.1·(2 + 1.8) = 0.62; g₁ = 1.24, b = 1.8 + 1.24 = 3.04, x₂ = 0.62 − 0.1·(1.24 + 2.736).
    expectClose(iterates({ method: "nesterov", learningRate: 0.1 }, 2), [
      1,
      0.62,
      0.62 - 0.1 * (1.24 + 2.736),
    ]);
  });

  it("adagrad: s += g², x ← x − lr·g/(√s + ε), lr 0.01 and ε 1e-10 by default", () => {
    const x1 = 1 - (0.01 * 2) / (Math.sqrt(4) + 1e-10);
    const g1 = 2 * x1;
    const x2 = x1 - (0.01 * g1) / (Math.sqrt(4 + g1 * g1) + 1e-10);
    expectClose(iterates({ method: "adagrad" }, 2), [1, x1, x2]);
  });

  it("rmsprop: v = αv + (1 − α)g², x ← x − lr·g/(√v + ε), lr 0.01, α 0.99, ε 1e-8 by default", () => {
    const v1 = 0.01 * 4;
    const x1 = 1 - (0.01 * 2) / (Math.sqrt(v1) + 1e-8);
    const g1 = 2 * x1;
    const v2 = 0.99 * v1 + 0.01 * g1 * g1;
    const x2 = x1 - (0.01 * g1) / (Math.sqrt(v2) + 1e-8);
    expectClose(iterates({ method: "rmsprop" }, 2), [1, x1, x2]);
  });

  it("adam: bias-corrected moments, lr 0.001, β (0.9, 0.999), ε 1e-8 by default", () => {
    // Step 1: m = 0.1·2, v = 0.001·4, m̂ = 2, v̂ = 4, so the step is lr·2/(2 + ε).
    const x1 = 1 - (0.001 * (0.2 / 0.1)) / (Math.sqrt(0.004 / 0.001) + 1e-8);
    const g1 = 2 * x1;
    const m2 = 0.9 * 0.2 + 0.1 * g1;
    const v2 = 0.999 * 0.004 + 0.001 * g1 * g1;
    const x2 = x1 - (0.001 * (m2 / (1 - 0.9 ** 2))) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
    expectClose(iterates({ method: "adam" }, 2), [1, x1, x2]);
  });

  it("adamw: x ← x·(1 − lr·λ) before the Adam step, λ 0.01 by default", () => {
    const x1 = 1 * (1 - 0.1 * 0.01) - (0.1 * 2) / (2 + 1e-8);
    const g1 = 2 * x1;
    const m2 = 0.9 * 0.2 + 0.1 * g1;
    const v2 = 0.999 * 0.004 + 0.001 * g1 * g1;
    const x2 = x1 * (1 - 0.1 * 0.01) - (0.1 * (m2 / 0.19)) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
    expectClose(iterates({ method: "adamw", learningRate: 0.1 }, 2), [1, x1, x2]);
  });
});

describe("iteration semantics", () => {
  // mean((W·x + b − y)²) with x = y = [1, 2, 3]: ∂W = mean(2(Wx + b − y)·x), ∂b = mean(2(Wx + b − y)).
  const xs = [1, 2, 3];
  const line: Objective = {
    params: ["W", "b"],
    value: (p) => line.valueAndGradient(p, new Float64Array(2)),
    gradient: (p, out) => void line.valueAndGradient(p, out),
    valueAndGradient([w, b], out) {
      out.fill(0);
      let cost = 0;
      for (const x of xs) {
        const residual = w! * x + b! - x;
        cost += residual * residual;
        out[0]! += (2 * residual * x) / xs.length;
        out[1]! += (2 * residual) / xs.length;
      }
      return cost / xs.length;
    },
  };

  it("records f(x_k) and x_k before step k, as the seed reproduction expects", () => {
    const result = optimize(line, { init: [0, 0], method: "gd", learningRate: 0.01, maxIterations: 3 });
    // f = (1 + 4 + 9)/3; ∂W = −2·(1 + 4 + 9)/3 = −9.333…, ∂b = −2·(1 + 2 + 3)/3 = −4.
    expect(result.history[0]!.iteration).toBe(0);
    expect(result.history[0]!.cost).toBeCloseTo(14 / 3, 12);
    expect(result.history[0]!.params).toEqual([0, 0]);
    expect(result.history[0]!.gradientNorm).toBeCloseTo(Math.hypot(28 / 3, 4), 12);
    expect(result.history[1]!.params[0]).toBeCloseTo(0.01 * (28 / 3), 14);
    expect(result.history[1]!.params[1]).toBeCloseTo(0.04, 14);
    expect(result.history.map((h) => h.iteration)).toEqual([0, 1, 2, 3]);
    expect(result.iterations).toBe(3);
    expect(result.evaluations).toBe(4);
    expect(result.gradientEvaluations).toBe(4);
    expect(result.status).toBe("max-iterations");
    expect(result.converged).toBe(false);
    expect(Array.from(result.x)).toEqual(result.history[3]!.params);
    expect(result.cost).toBe(result.history[3]!.cost);
  });

  it("takes maxIterations steps (default 1000) when no tolerance is set", () => {
    const result = optimize(line, { init: [0, 0], method: "adam" });
    expect(result.iterations).toBe(1000);
    expect(result.evaluations).toBe(1001);
    expect(result.history).toHaveLength(1001);
  });
});

describe("a step too small to move x", () => {
  it("is not evaluated again: one evaluation of the objective, however many steps", () => {
    // f = 1e-30·x at x = 1: the step 0.01·1e-30 is far below half an ulp of 1, so x never moves.
    let calls = 0;
    const flat: Objective = {
      params: ["x"],
      value: ([x]) => 1e-30 * x!,
      gradient: (_, out) => void (out[0] = 1e-30),
      valueAndGradient([x], out) {
        calls++;
        out[0] = 1e-30;
        return 1e-30 * x!;
      },
    };
    for (const method of ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"] as const) {
      calls = 0;
      const result = optimize(flat, { init: [1], method, learningRate: 0.01, maxIterations: 5 });
      expect(Array.from(result.x)).toEqual([1]);
      expect(result.iterations).toBe(5);
      expect(result.evaluations).toBe(1);
      expect(result.gradientEvaluations).toBe(1);
      expect(calls).toBe(1);
      expect(result.history.map((h) => h.cost)).toEqual(Array(6).fill(1e-30));
    }
  });

  it("is evaluated when any one parameter moves, first or last", () => {
    // x never moves (as above) while y does, so every step is a new point: one evaluation per step; y comes
    // first in one objective and last in the other, so that a rule judging by one coordinate fails either way
    const mixed = (moving: 0 | 1): Objective => {
      const still = 1 - moving;
      const cost = (p: ArrayLike<number>) => 1e-30 * p[still]! + p[moving]! * p[moving]!;
      const slope = (p: ArrayLike<number>, out: Float64Array) => {
        out[still] = 1e-30;
        out[moving] = 2 * p[moving]!;
      };
      return {
        params: ["a", "b"],
        value: cost,
        gradient: slope,
        valueAndGradient(p, out) {
          slope(p, out);
          return cost(p);
        },
      };
    };
    for (const moving of [0, 1] as const)
      for (const method of ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"] as const) {
        const result = optimize(mixed(moving), {
          init: [1, 1],
          method,
          learningRate: 0.01,
          maxIterations: 5,
        });
        expect(result.x[1 - moving]).toBe(1);
        expect(result.x[moving]).toBeLessThan(1);
        expect(result.evaluations).toBe(6);
      }
  });

  it("is not evaluated again when the box undoes it", () => {
    // f = −3x + y² from (5, 0) with x ≤ 5: every step pushes x past 5 and the box puts it back
    let calls = 0;
    const clamped: Objective = {
      params: ["x", "y"],
      value: ([x, y]) => -3 * x! + y! * y!,
      gradient: ([, y], out) => void out.set([-3, 2 * y!]),
      valueAndGradient([x, y], out) {
        calls++;
        out[0] = -3;
        out[1] = 2 * y!;
        return -3 * x! + y! * y!;
      },
    };
    for (const method of ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const) {
      calls = 0;
      const result = optimize(clamped, {
        init: [5, 0],
        method,
        learningRate: 0.1,
        maxIterations: 5,
        bounds: [[0, 5], undefined],
        ...(method === "adamw" ? { weightDecay: 0 } : {}),
      });
      expect(Array.from(result.x)).toEqual([5, 0]);
      expect(result.evaluations).toBe(1);
      expect(calls).toBe(1);
    }
  });
});

describe("gd with the Armijo line search", () => {
  it("halves a step that does not decrease the cost enough", () => {
    // α = 1: x = 1 − 2 = −1, f = 1 > 1 − 1e-4·4, rejected; α = 1/2: x = 0, f = 0, accepted.
    const result = optimize(square, { init: [1], method: "gd", lineSearch: "armijo", learningRate: 1 });
    expect(result.history.map((h) => h.params[0])).toEqual([1, 0]);
    expect(result.status).toBe("gradient-tolerance");
    // At x₀, at the rejected trial and at the accepted one (which the next iteration reuses).
    expect(result.evaluations).toBe(3);
  });

  it("decreases the cost at every iteration of an ill-conditioned quadratic and converges", () => {
    // f = (a − 1)² + 50(b + 2)², minimum at (1, −2).
    const bowl: Objective = {
      params: ["a", "b"],
      value: ([a, b]) => (a! - 1) ** 2 + 50 * (b! + 2) ** 2,
      gradient: (p, out) => void bowl.valueAndGradient(p, out),
      valueAndGradient([a, b], out) {
        out[0] = 2 * (a! - 1);
        out[1] = 100 * (b! + 2);
        return (a! - 1) ** 2 + 50 * (b! + 2) ** 2;
      },
    };
    const result = optimize(bowl, { init: [0, 0], method: "gd", lineSearch: "armijo", maxIterations: 5000 });
    expect(result.status).toBe("gradient-tolerance");
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(-2, 8);
    const costs = result.history.map((h) => h.cost);
    for (let k = 1; k < costs.length; k++) expect(costs[k]).toBeLessThan(costs[k - 1]!);
  });
});

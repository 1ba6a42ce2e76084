/**
 * Why runs stop, and what they say: non-finite costs and gradients named by iteration and parameter,
 * divergence of a too-large learning rate, onIteration, the tolerances and limits, history thinning, and
 * options that are refused before the first evaluation.
 */
import { describe, expect, it } from "vitest";
import { type Objective, OptimizeError, optimize } from "../../src/optimize/index.js";
import { rosenbrock, square } from "./problems.js";

describe("not-finite", () => {
  // f = b² + (W − 3)² + √W: its W-derivative 2(W − 3) + 1/(2√W) is NaN for W < 0.
  const rooted: Objective = {
    params: ["b", "W"],
    value: ([b, w]) => b! * b! + (w! - 3) ** 2 + Math.sqrt(w!),
    gradient: (p, out) => void rooted.valueAndGradient(p, out),
    valueAndGradient([b, w], out) {
      out[0] = 2 * b!;
      out[1] = 2 * (w! - 3) + 0.5 / Math.sqrt(w!);
      return b! * b! + (w! - 3) ** 2 + Math.sqrt(w!);
    },
  };

  it("names the iteration and the parameter, and suggests a smaller learning rate", () => {
    // W₀ = 1: g = −4 + 0.5, W₁ = 1 + 35 = 36; g = 66 + 1/12, W₂ = 36 − 660.8… < 0, where g is NaN.
    const result = optimize(rooted, { init: [0, 1], method: "gd", learningRate: 10 });
    expect(result.status).toBe("not-finite");
    expect(result.iterations).toBe(2);
    expect(result.message).toBe(
      "The gradient with respect to W became NaN at iteration 2; try a smaller learning rate (now 10).",
    );
    expect(result.converged).toBe(false);
    expect(result.history.at(-1)!.iteration).toBe(2);
  });

  it("says when the starting point itself is not finite", () => {
    const result = optimize(rooted, { init: [0, -1], method: "lbfgs" });
    expect(result.status).toBe("not-finite");
    expect(result.message).toBe(
      "The gradient with respect to W is NaN at the starting point; start where the cost is defined.",
    );
  });

  it("refuses a non-finite init", () => {
    expect(() => optimize(square, { init: [Number.NaN] })).toThrow(new OptimizeError("init for x is NaN"));
  });
});

describe("diverged", () => {
  it("stops gd with a learning rate far too large on x²", () => {
    // x_k = (−19)^k, f_k = 361^k: ten rises in a row, and 361¹⁰ ≈ 3.76e25 ≥ 1e10·max(1, f₀).
    const result = optimize(square, { init: [1], method: "gd", learningRate: 10 });
    expect(result.status).toBe("diverged");
    expect(result.iterations).toBe(10);
    expect(result.message).toBe(
      "The cost rose in each of the last 10 iterations, from 1 at iteration 0 to 3.76e+25 at iteration 10; " +
        "the run diverged; try a smaller learning rate (now 10).",
    );
  });

  it("lets a slowly growing cost run on", () => {
    // lr = 1.01: x_k = (−1.02)^k, f grows by 4% per step: far below 1e10 after 100 steps.
    const result = optimize(square, { init: [1], method: "gd", learningRate: 1.01, maxIterations: 100 });
    expect(result.status).toBe("max-iterations");
  });
});

describe("onIteration", () => {
  it("stops the run when it returns false", () => {
    const seen: number[] = [];
    const result = optimize(rosenbrock.objective, {
      init: rosenbrock.init,
      onIteration: (info) => {
        seen.push(info.iteration);
        return info.iteration < 3;
      },
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(result.status).toBe("stopped");
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
    expect(result.message).toBe("Stopped by onIteration at iteration 3.");
  });

  it("gets a copy of the parameters, the cost and the gradient norm", () => {
    const infos: { params: number[]; cost: number }[] = [];
    optimize(square, {
      init: [1],
      method: "gd",
      learningRate: 0.25,
      maxIterations: 2,
      onIteration: (info) => void infos.push({ params: Array.from(info.params), cost: info.cost }),
    });
    expect(infos).toEqual([
      { params: [1], cost: 1 },
      { params: [0.5], cost: 0.25 },
      { params: [0.25], cost: 0.0625 },
    ]);
  });
});

describe("tolerances and limits", () => {
  it("costTolerance stops at the first small relative change", () => {
    const result = optimize(square, { init: [1], method: "gd", learningRate: 0.1, costTolerance: 1e-3 });
    expect(result.status).toBe("cost-tolerance");
    expect(result.converged).toBe(true);
    // f_k = 0.64^k: the change 0.36·0.64^(k−1) first falls to 1e-3 (denominator max(…, 1) = 1) at k = 15.
    expect(result.iterations).toBe(15);
  });

  it("stepTolerance stops at the first small step", () => {
    const result = optimize(square, { init: [1], method: "gd", learningRate: 0.1, stepTolerance: 1e-3 });
    expect(result.status).toBe("step-tolerance");
    // |x_k − x_k−1| = 0.2·0.8^(k−1) ≤ 1e-3 first at k = 25.
    expect(result.iterations).toBe(25);
  });

  it("a gradient tolerance stops a first-order method", () => {
    const result = optimize(square, { init: [1], method: "gd", learningRate: 0.1, tolerance: 1e-3 });
    expect(result.status).toBe("gradient-tolerance");
    // |g_k| = 2·0.8^k ≤ 1e-3 first at k = 35.
    expect(result.iterations).toBe(35);
  });

  it("maxEvaluations stops between iterations", () => {
    const result = optimize(rosenbrock.objective, { init: rosenbrock.init, maxEvaluations: 10 });
    expect(result.status).toBe("max-evaluations");
    expect(result.evaluations).toBeGreaterThanOrEqual(10);
    expect(result.evaluations).toBeLessThan(10 + 30);
  });

  it("maxIterations bounds a line-search method", () => {
    const result = optimize(rosenbrock.objective, {
      init: rosenbrock.init,
      method: "bfgs",
      maxIterations: 5,
    });
    expect(result.status).toBe("max-iterations");
    expect(result.iterations).toBe(5);
    expect(result.message).toMatch(/^Stopped after 5 iterations \(maxIterations\); the gradient norm is /);
  });

  it("historyEvery thins the history but keeps the final point; 0 keeps nothing", () => {
    const every3 = optimize(square, { init: [1], method: "gd", maxIterations: 10, historyEvery: 3 });
    expect(every3.history.map((h) => h.iteration)).toEqual([0, 3, 6, 9, 10]);
    const none = optimize(square, { init: [1], method: "gd", maxIterations: 10, historyEvery: 0 });
    expect(none.history).toEqual([]);
  });
});

describe("refused options", () => {
  it.each([
    [{ method: "gd", beta1: 0.9 }, "option 'beta1' does not apply to method 'gd'"],
    [{ method: "adam", momentum: 0.9 }, "option 'momentum' does not apply to method 'adam'"],
    [{ method: "nesterov", dampening: 0.1 }, "option 'dampening' does not apply to method 'nesterov'"],
    [{ method: "adam", beta2: 1 }, "option 'beta2' must be in [0, 1), got 1"],
    [{ method: "gd", learningRate: -1 }, "option 'learningRate' must be a positive number, got -1"],
    [{ method: "lbfgs", memory: 0 }, "option 'memory' must be a positive integer, got 0"],
    [
      { method: "adam", lineSearch: "armijo" },
      "option 'lineSearch' applies only to method 'gd'; 'adam' chooses its own step length",
    ],
    [
      { method: "lbgfs" },
      "unknown method 'lbgfs'; use one of gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lbfgs, bfgs, newton, lm",
    ],
    [{ maxIterations: 2.5 }, "option 'maxIterations' must be a non-negative integer, got 2.5"],
    [{ tolerance: -1 }, "option 'tolerance' must be a non-negative number, got -1"],
  ] as const)("%o", (extra, message) => {
    expect(() => optimize(square, { init: [1], ...(extra as object) })).toThrow(new OptimizeError(message));
  });

  it("init must have one value per parameter", () => {
    expect(() => optimize(square, { init: [1, 2] })).toThrow(
      "init has 2 values but the objective has 1 parameters",
    );
  });
});

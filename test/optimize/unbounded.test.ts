/**
 * A cost with no minimum (unbounded below) stops with status "unbounded" and says so, instead of running to
 * the iteration limit at W ≈ 5e11 and reporting that as a result. The test needs the cost to fall far below
 * its start, the parameters to run off, and the cost to keep falling with a gradient that does not shrink;
 * legitimate fits with very negative costs and distant minima run on to their optimum.
 */
import { describe, expect, it } from "vitest";
import { minimize } from "../../src/minimize/index.js";
import { type Objective, optimize } from "../../src/optimize/index.js";
import { symgrad } from "../cli/run.js";

/** f(W) = c·W + d·W² + e, with its exact gradient. */
function polynomial(c: number, d: number, e = 0): Objective {
  const objective: Objective = {
    params: ["W"],
    value: ([w]) => c * w! + d * w! * w! + e,
    gradient: (p, out) => void objective.valueAndGradient(p, out),
    valueAndGradient([w], out) {
      out[0] = c + 2 * d * w!;
      return c * w! + d * w! * w! + e;
    },
  };
  return objective;
}

describe("a cost without a minimum", () => {
  it.each([
    ["lbfgs", {}],
    ["bfgs", {}],
    ["gd", { learningRate: 1e9 }],
    ["adam", { learningRate: 1e9 }],
  ] as const)("stops %s with status unbounded", (method, options) => {
    // 15 − 6W: the cost of the brief's sum((x−2)·(W − y)²) over x = 1,2,3, y = 1,2,4
    const result = optimize(polynomial(-6, 0, 15), { init: [0], method, ...options });
    expect(result.status).toBe("unbounded");
    expect(result.converged).toBe(false);
    expect(result.iterations).toBeLessThan(1000);
    expect(result.cost).toBeLessThan(15 - 1e10 * 15);
    expect(result.message).toMatch(
      /^The cost fell in each of the last \d+ iterations, from 15 at iteration 0 to -[\d.]+e\+\d+ at iteration \d+, while W grew to [\d.]+e\+\d+ and the gradient did not shrink: the cost may have no minimum \(unbounded below\)\.$/,
    );
  });

  it("symgrad minimize says so and exits with status 1", async () => {
    const run = await symgrad(["minimize", "sum((x-2)*(W - y)^2)", "--data", "x=1,2,3", "--data", "y=1,2,4"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^lbfgs: The cost fell in each of the last \d+ iterations, from 15 at iteration 0/m,
    );
    expect(run.stdout).toContain("the cost may have no minimum (unbounded below).\n");
    // no statement about identification at a point that is no optimum
    expect(run.stdout).not.toContain("identified");
    const json = await symgrad([
      "minimize",
      "sum((x-2)*(W - y)^2)",
      "--data",
      "x=1,2,3",
      "--data",
      "y=1,2,4",
      "--json",
    ]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).status).toBe("unbounded");
  });
});

describe("legitimate fits with large negative costs run to their optimum", () => {
  it("a Poisson log-likelihood of about −3.8e7", () => {
    // λ = exp(t): the minimum of Σ (λ − y·t) is at λ = mean(y) = 1e6, where the cost is 3e6·(1 − log 1e6)
    const y = [1e6, 1e6, 1e6];
    const r = minimize("sum(exp(t) - y*t)", { data: { y } });
    expect(r.converged).toBe(true);
    expect(Math.exp(r.params.t!)).toBeCloseTo(1e6, 0);
    expect(r.cost).toBeCloseTo(3e6 * (1 - Math.log(1e6)), 0);
  });

  it("a distant minimum, W = 1e11 with cost −1e22, approached by gradient descent", () => {
    // W² − 2e11·W: the cost falls far below its start and W far beyond it, but the gradient shrinks
    const result = optimize(polynomial(-2e11, 1), {
      init: [0],
      method: "gd",
      learningRate: 0.01,
      tolerance: 1,
      maxIterations: 5000,
    });
    expect(result.status).toBe("gradient-tolerance");
    expect(result.x[0]!).toBeCloseTo(1e11, -1);
  });

  it("a distant minimum found by lbfgs", () => {
    const result = optimize(polynomial(-2e11, 1), { init: [0], method: "lbfgs", tolerance: 1 });
    expect(result.status).not.toBe("unbounded");
    expect(Math.abs(result.x[0]! - 1e11)).toBeLessThan(1);
  });

  it("an infimum that is not attained: exp(−W) runs off with a bounded cost", () => {
    const r = minimize("exp(-W)", {});
    expect(r.status).not.toBe("unbounded");
    expect(r.cost).toBeGreaterThan(0);
  });
});

/**
 * Bound constraints: projected first-order methods and L-BFGS-B stay inside the box (every point
 * the objective is asked about is checked) and reach the constrained minimizer, known in closed form;
 * methods that cannot honour bounds refuse them.
 */
import { describe, expect, it } from "vitest";
import { type Method, type Objective, OptimizeError, optimize } from "../../src/optimize/index.js";
import { rosenbrock } from "./problems.js";

/** f = (a − 3)² + (b + 1)²: with a ∈ [0, 1] and b ∈ [−0.5, 2] the minimizer is (1, −0.5). */
const shifted: Objective = {
  params: ["a", "b"],
  value: ([a, b]) => (a! - 3) ** 2 + (b! + 1) ** 2,
  gradient: (p, out) => void shifted.valueAndGradient(p, out),
  valueAndGradient([a, b], out) {
    out[0] = 2 * (a! - 3);
    out[1] = 2 * (b! + 1);
    return (a! - 3) ** 2 + (b! + 1) ** 2;
  },
};

/** Wraps an objective so every evaluation records whether its point lay outside `bounds`. */
function watched(objective: Objective, bounds: readonly (readonly [number, number])[]) {
  const outside: number[][] = [];
  const check = (p: Float64Array) => {
    if (bounds.some(([lo, hi], i) => !(p[i]! >= lo && p[i]! <= hi))) outside.push(Array.from(p));
  };
  const wrapped: Objective = {
    ...objective,
    value(p) {
      check(p);
      return objective.value(p);
    },
    gradient(p, out) {
      check(p);
      objective.gradient(p, out);
    },
    valueAndGradient(p, out) {
      check(p);
      return objective.valueAndGradient(p, out);
    },
  };
  return { wrapped, outside };
}

const box = [
  [0, 1],
  [-0.5, 2],
] as const;

describe("a box that cuts off the unconstrained minimum", () => {
  const cases: [Method, number | undefined][] = [
    ["lbfgs", undefined],
    ["gd", 0.1],
    ["momentum", 0.05],
    ["nesterov", 0.05],
    ["adagrad", 0.5],
    ["rmsprop", 0.05],
    ["adam", 0.1],
  ];
  it.each(cases)("%s stays inside and stops on the corner (1, −0.5)", (method, learningRate) => {
    const { wrapped, outside } = watched(shifted, box);
    const result = optimize(wrapped, {
      init: [0.5, 0],
      method,
      learningRate,
      bounds: box,
      maxIterations: 2000,
    });
    expect(outside).toEqual([]);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(-0.5, 6);
    expect(result.cost).toBeCloseTo(4 + 0.25, 6);
  });

  it("lbfgs reports a zero projected gradient there and converges", () => {
    const result = optimize(shifted, { init: [0.5, 0], bounds: box });
    expect(result.status).toBe("gradient-tolerance");
    expect(result.gradientNorm).toBe(0);
    expect(Array.from(result.x)).toEqual([1, -0.5]);
  });

  it("projects a starting point outside the box", () => {
    const result = optimize(shifted, { init: [5, -7], method: "gd", bounds: box, maxIterations: 1 });
    expect(result.history[0]!.params).toEqual([1, -0.5]);
  });

  it("leaves parameters without bounds free", () => {
    const result = optimize(shifted, { init: [0.5, 0], bounds: [[0, 1]] });
    expect(result.x[0]).toBe(1);
    expect(result.x[1]).toBeCloseTo(-1, 8);
  });
});

describe("Rosenbrock in a ≤ 0.5", () => {
  // For a ≤ 0.5, f ≥ (1 − a)² ≥ 0.25, with equality only at a = 0.5, b = a² = 0.25.
  const bounds = [
    [-2, 0.5],
    [0, 2],
  ] as const;
  it("L-BFGS-B reaches (0.5, 0.25) without leaving the box", () => {
    const { wrapped, outside } = watched(rosenbrock.objective, bounds);
    const result = optimize(wrapped, { init: rosenbrock.init, bounds });
    expect(outside).toEqual([]);
    expect(result.status).toBe("gradient-tolerance");
    expect(result.x[0]).toBe(0.5);
    expect(result.x[1]).toBeCloseTo(0.25, 9);
    expect(result.cost).toBeCloseTo(0.25, 12);
  });
});

describe("methods without bound support", () => {
  it.each(["bfgs", "newton"] as const)("%s refuses bounds", (method) => {
    expect(() => optimize(rosenbrock.objective, { init: [0, 0], method, bounds: [[0, 1]] })).toThrow(
      new OptimizeError(`method '${method}' does not support bounds; use 'lbfgs' or a first-order method`),
    );
  });

  it("bounds that are all undefined are no bounds", () => {
    const result = optimize(rosenbrock.objective, {
      init: rosenbrock.init,
      method: "bfgs",
      bounds: [undefined],
    });
    expect(result.converged).toBe(true);
  });

  it("rejects an empty box", () => {
    expect(() => optimize(shifted, { init: [0, 0], bounds: [[1, 0]] })).toThrow(
      "bounds for a must satisfy lower ≤ upper, got [1, 0]",
    );
  });
});

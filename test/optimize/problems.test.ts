/**
 * Checks the hand-written problems themselves, so a wrong derivative cannot hide behind an optimizer test:
 * every gradient and Hessian against central finite differences at several points, and every known
 * minimizer as a zero-gradient point with the known minimum value.
 */
import { describe, expect, it } from "vitest";
import type { Objective } from "../../src/optimize/index.js";
import { badlyScaled, classicProblems, doubleWell, logisticRegression, type Problem } from "./problems.js";

const problems: Problem[] = [...classicProblems, doubleWell, badlyScaled, logisticRegression()];

/** Central difference of `f` along coordinate j at x, step h scaled to x_j. */
function centralDifference(f: (x: Float64Array) => number, x: Float64Array, j: number): number {
  const h = 1e-6 * Math.max(1, Math.abs(x[j]!));
  const plus = x.slice();
  const minus = x.slice();
  plus[j]! += h;
  minus[j]! -= h;
  return (f(plus) - f(minus)) / (2 * h);
}

function points(problem: Problem): Float64Array[] {
  const start = Float64Array.from(problem.init);
  const shifted = start.map((v, i) => v + 0.3 + 0.1 * i);
  return [start, shifted, shifted.map((v) => -0.7 * v + 0.2)];
}

function gradientAt(objective: Objective, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  objective.gradient(x, g);
  return g;
}

describe.each(problems)("$name", (problem) => {
  const { objective } = problem;
  const n = objective.params.length;

  it("has a gradient that matches finite differences of its value", () => {
    for (const x of points(problem)) {
      const g = gradientAt(objective, x);
      for (let j = 0; j < n; j++) {
        const fd = centralDifference((p) => objective.value(p), x, j);
        // Truncation error of the difference, plus its rounding error ε·|f|/h.
        const allowed = 1e-5 * Math.max(1, Math.abs(fd)) + 1e-8 * Math.abs(objective.value(x));
        expect(Math.abs(g[j]! - fd)).toBeLessThan(allowed);
      }
      const again = new Float64Array(n);
      expect(objective.valueAndGradient(x, again)).toBe(objective.value(x));
      expect(again).toEqual(g);
    }
  });

  it("has a Hessian that matches finite differences of its gradient", () => {
    for (const x of points(problem)) {
      const h = new Float64Array(n * n);
      objective.hessian!(x, h);
      for (let j = 0; j < n; j++) {
        for (let l = 0; l < n; l++) {
          const fd = centralDifference((p) => gradientAt(objective, p)[l]!, x, j);
          const scale = Math.max(1, Math.abs(fd));
          expect(Math.abs(h[l * n + j]! - fd) / scale).toBeLessThan(1e-5);
          expect(h[l * n + j]).toBe(h[j * n + l]);
        }
      }
    }
  });

  if (problem.minimizer !== undefined) {
    it("has zero gradient and the known minimum at its minimizer", () => {
      const x = Float64Array.from(problem.minimizer!);
      expect(objective.value(x)).toBeCloseTo(problem.minimum, 12);
      for (const gj of gradientAt(objective, x)) expect(Math.abs(gj)).toBeLessThan(1e-12);
    });
  }
});

describe("logistic regression rows", () => {
  it("averages over the rows it is restricted to", () => {
    const { objective } = logisticRegression();
    const w = Float64Array.from([0.3, -0.2, 0.1]);
    const full = objective.value(w);
    const parts = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => {
      objective.useRows!(Uint32Array.of(i));
      return objective.value(w);
    });
    objective.useRows!(undefined);
    expect(objective.value(w)).toBe(full);
    expect(parts.reduce((a, b) => a + b, 0) / 9).toBeCloseTo(full, 14);
  });
});

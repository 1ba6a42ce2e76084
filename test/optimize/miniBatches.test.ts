/**
 * Mini-batch runs of the first-order methods: each epoch visits every row exactly once, the shuffle is
 * reproducible from the seed, `maxIterations` counts epochs, history holds full-data costs, and methods
 * or objectives that cannot take mini-batches refuse them.
 */
import { describe, expect, it } from "vitest";
import { type Objective, type OptimizeOptions, optimize } from "../../src/optimize/index.js";
import { logisticRegression, rosenbrock } from "./problems.js";

/** The logistic regression, recording the rows of every useRows call (undefined = all rows). */
function recorded() {
  const problem = logisticRegression();
  const calls: (number[] | undefined)[] = [];
  const objective: Objective = {
    ...problem.objective,
    useRows(rows) {
      calls.push(rows && Array.from(rows));
      problem.objective.useRows!(rows);
    },
  };
  return { problem, objective, calls };
}

const options: OptimizeOptions = { init: [0, 0, 0], method: "adam", learningRate: 0.05, batchSize: 2 };

describe("mini-batches", () => {
  it("counts epochs and visits every row once per epoch, in batches of batchSize", () => {
    const { objective, calls } = recorded();
    const result = optimize(objective, { ...options, maxIterations: 5 });
    expect(result.iterations).toBe(5);
    expect(result.history.map((h) => h.iteration)).toEqual([0, 1, 2, 3, 4, 5]);
    // Nine rows in batches of 2: five batches per epoch, then one full-data evaluation.
    expect(result.evaluations).toBe(6 + 5 * 5);
    const epochs: number[][][] = [];
    for (const call of calls) {
      if (call === undefined) epochs.push([]);
      else {
        if (epochs.length === 0 || epochs.at(-1)!.length === 5) epochs.push([]);
        epochs.at(-1)!.push(call);
      }
    }
    const full = epochs.filter((e) => e.length > 0);
    expect(full).toHaveLength(5);
    for (const batches of full) {
      expect(batches.map((b) => b.length)).toEqual([2, 2, 2, 2, 1]);
      expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    }
    expect(calls.at(-1)).toBeUndefined();
  });

  it("records the full-data cost in history and leaves the objective on all rows", () => {
    const { problem, objective } = recorded();
    const result = optimize(objective, { ...options, maxIterations: 3 });
    for (const entry of result.history) {
      expect(entry.cost).toBe(problem.objective.value(Float64Array.from(entry.params)));
    }
  });

  it("is reproducible with the same seed and differs with another", () => {
    const run = (seed: number) => optimize(recorded().objective, { ...options, maxIterations: 4, seed }).x;
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(0)).toEqual(optimize(recorded().objective, { ...options, maxIterations: 4 }).x);
  });

  it("still finds the optimum with stochastic steps", () => {
    const { problem, objective } = recorded();
    const result = optimize(objective, {
      init: [0, 0, 0],
      method: "adam",
      learningRate: 0.01,
      batchSize: 3,
      maxIterations: 2000,
      historyEvery: 0,
    });
    expect(result.cost - problem.minimum).toBeLessThan(1e-3);
  });

  it("refuses line-search methods, objectives without rows, and non-integer sizes", () => {
    const { objective } = recorded();
    expect(() => optimize(objective, { init: [0, 0, 0], method: "lbfgs", batchSize: 2 })).toThrow(
      "method 'lbfgs' needs the full-data gradient; batchSize works only with first-order methods",
    );
    expect(() => optimize(rosenbrock.objective, { init: [0, 0], method: "gd", batchSize: 2 })).toThrow(
      "batchSize needs a cost over data rows, but this objective has no rows",
    );
    expect(() => optimize(objective, { ...options, batchSize: 1.5 })).toThrow(
      "option 'batchSize' must be a positive integer, got 1.5",
    );
    expect(() =>
      optimize(objective, { init: [0, 0, 0], method: "gd", lineSearch: "armijo", batchSize: 2 }),
    ).toThrow("lineSearch 'armijo' compares full-data costs; it cannot be used with batchSize");
  });
});

/**
 * Time to solve each classic problem (Moré, Garbow & Hillstrom 1981) and the logistic regression with
 * lbfgs, bfgs, newton, and adam (lr 0.01, at most 5000 steps, gradient tolerance 1e-6). Before timing it
 * prints a Markdown table of iterations / evaluations / final cost / status per problem × method, for the
 * README. Run with `npx vitest bench --run test/bench/optimize.bench.ts`.
 */
import { bench, describe } from "vitest";
import { type OptimizeOptions, optimize } from "../../src/optimize/index.js";
import { badlyScaled, classicProblems, logisticRegression, type Problem } from "../optimize/problems.js";

const problems: Problem[] = [...classicProblems, badlyScaled, logisticRegression()];

const methods: Record<string, Omit<OptimizeOptions, "init">> = {
  lbfgs: { method: "lbfgs" },
  bfgs: { method: "bfgs" },
  newton: { method: "newton" },
  adam: { method: "adam", learningRate: 0.01, maxIterations: 5000, tolerance: 1e-6 },
};

function solve(problem: Problem, options: Omit<OptimizeOptions, "init">) {
  return optimize(problem.objective, { ...options, init: problem.init, historyEvery: 0 });
}

const rows = [
  "| problem | method | iterations | evaluations | final cost | converged (status) |",
  "|---|---|--:|--:|--:|---|",
];
for (const problem of problems) {
  for (const [name, options] of Object.entries(methods)) {
    const r = solve(problem, options);
    rows.push(
      `| ${problem.name} | ${name} | ${r.iterations} | ${r.evaluations} | ${r.cost.toPrecision(6)} | ` +
        `${r.converged ? "yes" : "no"} (${r.status}) |`,
    );
  }
}
console.log(rows.join("\n"));

for (const problem of problems) {
  describe(problem.name, () => {
    for (const [name, options] of Object.entries(methods)) {
      bench(name, () => void solve(problem, options), { time: 200, warmupTime: 50 });
    }
  });
}

/**
 * Levenberg–Marquardt beside lbfgs and bfgs on the Moré–Garbow–Hillstrom least-squares problems, each
 * from its standard start through `minimize` (the same compiled formula for every method). Before timing it
 * prints a Markdown table for the README: evaluations (residual or cost evaluations / Jacobian or gradient
 * evaluations) and whether the published minimum was reached. Run with
 * `npx vitest bench --run test/bench/leastSquares.bench.ts`.
 */
import { bench, describe } from "vitest";
import { type Method, minimize } from "../../src/index.js";
import { type LeastSquaresProblem, mghProblems } from "../optimize/mgh.js";

const methods: Method[] = ["lm", "lbfgs", "bfgs"];

function solve(p: LeastSquaresProblem, method: Method) {
  return minimize(p.cost, { init: p.init, data: p.data, method, historyEvery: 0, statistics: false });
}

function reached(p: LeastSquaresProblem, cost: number): boolean {
  return [p.minimum, ...(p.alsoMinimum ?? [])].some((min) =>
    min === 0 ? cost <= 1e-10 : Math.abs(cost - min) <= 1e-6 * min,
  );
}

const rows = [
  `| problem | n | m | ${methods.join(" | ")} |`,
  `|---|--:|--:|${methods.map(() => "---|").join("")}`,
];
let fewer = 0;
for (const p of mghProblems) {
  const runs = methods.map((method) => solve(p, method));
  const m = p.data ? Object.values(p.data)[0]!.length : "";
  const cells = runs.map(
    (r) => `${r.evaluations} / ${r.gradientEvaluations}${reached(p, r.cost) ? "" : " ✗"}`,
  );
  if (runs[0]!.evaluations < runs[1]!.evaluations) fewer++;
  rows.push(`| ${p.name} | ${Object.keys(p.init).length} | ${m} | ${cells.join(" | ")} |`);
}
console.log(rows.join("\n"));
console.log(`lm needs fewer evaluations than lbfgs on ${fewer} of ${mghProblems.length} problems`);

for (const p of mghProblems) {
  describe(p.name, () => {
    for (const method of methods) bench(method, () => void solve(p, method), { time: 100, warmupTime: 20 });
  });
}

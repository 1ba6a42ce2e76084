/**
 * O(1) steps for polynomial costs: the seed's `mean((W*x + b - y)^2)` on 10^7 rows (the seed's x = y =
 * [1, 2, 3] repeated, so the fit retraces the seed's table), 2001 gradient-descent steps with the moments
 * hoisted, against one pass over the data (the compiled row loop, `moments: false`, and a hand-written
 * fused loop), in one run. Prints a table of medians for the README. `SYMGRAD_MOMENT_ROWS` sets the rows.
 */
import { bench, describe } from "vitest";
import { compile } from "../../src/compile/index.js";
import { optimize } from "../../src/optimize/index.js";
import { parse } from "../../src/syntax/index.js";
import { formatTime, medians } from "./timing.js";

const SEED = parse("mean((W*x + b - y)^2)");
const ROWS = Number(process.env.SYMGRAD_MOMENT_ROWS ?? 1e7);
const STEPS = 2001;

const x = Float64Array.from({ length: ROWS }, (_, i) => 1 + (i % 3));
const y = Float64Array.from(x);
const data = { x, y };
const params = ["W", "b"];

/** The obvious fused loop: one pass computing the cost and both partials. */
function handWritten(p: Float64Array, g: Float64Array): number {
  const w = p[0]!;
  const b = p[1]!;
  let cost = 0;
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < ROWS; i++) {
    const xi = x[i]!;
    const r = w * xi + b - y[i]!;
    cost += r * r;
    gw += r * xi;
    gb += r;
  }
  g[0] = (2 * gw) / ROWS;
  g[1] = (2 * gb) / ROWS;
  return cost / ROWS;
}

const loop = compile(SEED, { params, data, moments: false });
const hoisted = compile(SEED, { params, data });
const p = Float64Array.of(0.5, 0.1);
const g = new Float64Array(2);

/** `steps` steps of PyTorch's SGD (lr 0.01) from W = b = 0 on `cost`. */
function descend(cost: typeof hoisted, steps: number): Float64Array {
  const q = new Float64Array(2);
  for (let s = 0; s < steps; s++) {
    cost.valueAndGradient(q, g);
    q[0] -= 0.01 * g[0]!;
    q[1] -= 0.01 * g[1]!;
  }
  return q;
}

const onePassLoop = () => void loop.valueAndGradient(p, g);
const onePassByHand = () => void handWritten(p, g);
const steps = () => void descend(hoisted, STEPS);
const compileAndSteps = () => void descend(compile(SEED, { params, data }), STEPS);
const throughOptimize = () =>
  void optimize(compile(SEED, { params, data }), {
    init: [0, 0],
    method: "gd",
    learningRate: 0.01,
    maxIterations: STEPS,
  });

const [pass, byHand, alone, withCompile, viaOptimize] = medians(
  [onePassLoop, onePassByHand, steps, compileAndSteps, throughOptimize],
  1,
  7,
);
const ratio = (t: number) => (t / pass!).toFixed(2);
const end = descend(hoisted, STEPS);
console.log(
  [
    "",
    `seed cost on ${ROWS} rows; medians of 7 rounds; after ${STEPS} steps W = ${end[0]!.toFixed(3)}, b = ${end[1]!.toFixed(3)}`,
    "| what | time | / one pass of the compiled loop |",
    "|---|---:|---:|",
    `| one pass: compiled row loop (\`moments: false\`), value and gradient | ${formatTime(pass!)} | 1.00 |`,
    `| one pass: hand-written fused loop | ${formatTime(byHand!)} | ${ratio(byHand!)} |`,
    `| ${STEPS} steps, moments hoisted (data already bound) | ${formatTime(alone!)} | ${ratio(alone!)} |`,
    `| compile (copy, bind: means and moments) + ${STEPS} steps | ${formatTime(withCompile!)} | ${ratio(withCompile!)} |`,
    `| compile + \`optimize\` (gd, ${STEPS} steps) | ${formatTime(viaOptimize!)} | ${ratio(viaOptimize!)} |`,
    "",
  ].join("\n"),
);

describe(`seed cost, ${ROWS} rows`, () => {
  bench("one pass, compiled row loop", onePassLoop, { iterations: 5, time: 0 });
  bench("one pass, hand-written", onePassByHand, { iterations: 5, time: 0 });
  bench(`${STEPS} steps, hoisted`, steps, { iterations: 5, time: 0 });
  bench(`compile + ${STEPS} steps, hoisted`, compileAndSteps, { iterations: 5, time: 0 });
});

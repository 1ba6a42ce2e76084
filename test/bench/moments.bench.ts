/**
 * O(1) steps for polynomial costs: the seed's `mean((W*x + b - y)^2)` on 10^7 rows (the seed's x = y =
 * [1, 2, 3] repeated, so the fit retraces the seed's table), 2001 gradient-descent steps with the moments
 * hoisted, against one pass over the data (the compiled row loop, `moments: false`, and a hand-written
 * fused loop), in one run. Prints a table of medians for the README. `SYMGRAD_MOMENT_ROWS` sets the rows.
 * (`compile` also copies and checks the columns, about ten passes here, with or without hoisting.)
 */
import { bench, describe } from "vitest";
import { bindNames } from "../../src/compile/binding.js";
import { type HoistedCost, hoistedKernel } from "../../src/compile/hoistedCost.js";
import { compile } from "../../src/compile/index.js";
import { hoistMoments, sampleCentre } from "../../src/compile/moments.js";
import { optimize } from "../../src/optimize/index.js";
import { parse } from "../../src/syntax/index.js";
import { handWritten } from "./seed.js";
import { formatTime, medians, timeOnce } from "./timing.js";

const SEED = parse("mean((W*x + b - y)^2)");
const ROWS = Number(process.env.SYMGRAD_MOMENT_ROWS ?? 1e7);
const STEPS = 2001;

const x = Float64Array.from({ length: ROWS }, (_, i) => 1 + (i % 3));
const y = Float64Array.from(x);
const data = { x, y };
const params = ["W", "b"];

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

/**
 * What compile adds when it hoists, measured apart (compile itself mostly copies and checks the columns,
 * which it does either way): the symbolic rewrite and code generation, and binding the data (the pass that
 * computes the moments), timed on the kernel the compiler makes, through its internal modules.
 */
const binding = bindNames(SEED, params, data);
const columns = new Map([...binding.columnIndex].map(([name, k]) => [name, binding.columns[k]!]));
const rewrite = () =>
  hoistMoments(SEED, {
    isParam: (name) => binding.paramIndex.has(name),
    isColumn: (name) => binding.columnIndex.has(name),
    rows: ROWS,
    centre: (atom) => sampleCentre(atom, columns, ROWS),
  });
const generate = () => void hoistedKernel(rewrite(), binding);
const instance = hoistedKernel(rewrite(), binding).instantiate(binding.columns);

const onePassLoop = () => void loop.valueAndGradient(p, g);
const onePassByHand = () => void handWritten(p, g, x, y);
const steps = () => void descend(hoisted, STEPS);
const bindMoments = () => instance.bind(ROWS);
const throughOptimize = () =>
  void optimize(hoisted, { init: [0, 0], method: "gd", learningRate: 0.01, maxIterations: STEPS - 1 });

for (const warm of [onePassLoop, onePassByHand, steps, throughOptimize]) for (let k = 0; k < 3; k++) warm();
const cold = timeOnce(generate) * 1e6; // ns: the first compile in a process also warms up the compiler
const [pass, byHand, alone, viaOptimize, bound, symbolic] = medians(
  [onePassLoop, onePassByHand, steps, throughOptimize, bindMoments, generate],
  1,
  15,
);
const total = symbolic! + bound! + alone!;
const ratio = (t: number) => (t / pass!).toFixed(3);
const fresh = compile(SEED, { params, data }) as HoistedCost;
const end = descend(fresh, STEPS);
console.log(
  [
    "",
    `seed cost on ${ROWS} rows; medians of 15 rounds; after ${STEPS} steps W = ${end[0]!.toFixed(3)}, b = ${end[1]!.toFixed(3)}, ${fresh.momentUse.loop} of them by the row loop`,
    "| what | time | / one pass |",
    "|---|---:|---:|",
    `| one pass: compiled row loop (\`moments: false\`), value and gradient | ${formatTime(pass!)} | 1 |`,
    `| one pass: hand-written fused loop | ${formatTime(byHand!)} | ${ratio(byHand!)} |`,
    `| rewrite, gradient and code of the hoisted cost (once; ${formatTime(cold)} the first time in a process) | ${formatTime(symbolic!)} | ${ratio(symbolic!)} |`,
    `| binding the data: the pass computing the 5 moments | ${formatTime(bound!)} | ${ratio(bound!)} |`,
    `| ${STEPS} steps, moments hoisted | ${formatTime(alone!)} | ${ratio(alone!)} |`,
    `| **all three: what hoisting costs for ${STEPS} steps** | **${formatTime(total)}** | **${ratio(total)}** |`,
    `| the ${STEPS} steps through \`optimize\` (gd, lr 0.01) | ${formatTime(viaOptimize!)} | ${ratio(viaOptimize!)} |`,
    "",
  ].join("\n"),
);

describe(`seed cost, ${ROWS} rows`, () => {
  bench("one pass, compiled row loop", onePassLoop, { iterations: 5, time: 0 });
  bench("one pass, hand-written", onePassByHand, { iterations: 5, time: 0 });
  bench("binding: the moments pass", bindMoments, { iterations: 5, time: 0 });
  bench(`${STEPS} steps, hoisted`, steps, { iterations: 5, time: 0 });
});

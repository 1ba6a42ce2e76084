/**
 * Compiled code against the loop a good engineer writes by hand, in one run: `valueAndGradient` of the
 * seed's cost `mean((W*x + b - y)^2)` at 3 to 10^6 rows (also in f32), and a 2000-step gradient-descent fit
 * of the seed.
 * Besides vitest's own report, prints a table of median times per call and their ratio (for the README),
 * measured in alternating rounds so that both sides see the same machine load. Then, when a python3 has them,
 * the peers on the same data (test/bench/compile.py, after the JavaScript so that they do not compete): numpy's
 * vectorized value and gradient, PyTorch's autograd and its hand-written gradient in float32 as the seed's
 * tutorial (and autograd in float64), and the tutorial's whole SGD step at 3 rows.
 */
import { bench, describe } from "vitest";
import { compile } from "../../src/compile/index.js";
import { optimize } from "../../src/optimize/index.js";
import { parse } from "../../src/syntax/index.js";
import { handWritten, line } from "./seed.js";
import { formatTime, medians, pythonPeers } from "./timing.js";

const SEED = parse("mean((W*x + b - y)^2)");
const SIZES = [3, 1e3, 1e5, 1e6];
const PARAMS = [0.5, 0.1];
/** The JavaScript medians per row count, for the peers' table. */
const ours = new Map<number, { compiled: number; byHand: number }>();

const table: string[] = [
  "| rows | compiled | hand-written | ratio | compiled, f32 | f32 / f64 |",
  "|---:|---:|---:|---:|---:|---:|",
];
for (const n of SIZES) {
  const { x, y } = line(n);
  // the JavaScript row loop itself (from 4,096 rows compile would hoist the moments: see moments.bench.ts)
  const cost = compile(SEED, { params: ["W", "b"], data: { x, y }, moments: false, backend: "js" });
  const cost32 = compile(SEED, { params: ["W", "b"], data: { x, y }, precision: "f32", backend: "js" });
  const p = new Float64Array(PARAMS);
  const g = new Float64Array(2);
  const compiled = () => {
    cost.valueAndGradient(p, g);
  };
  const byHand = () => {
    handWritten(p, g, x, y);
  };
  const compiled32 = () => {
    cost32.valueAndGradient(p, g);
  };
  const [c, h, c32] = medians([compiled, byHand, compiled32], Math.max(3, Math.round(2e6 / n)));
  ours.set(n, { compiled: c!, byHand: h! });
  table.push(
    `| ${n} | ${formatTime(c!)} | ${formatTime(h!)} | ${(c! / h!).toFixed(2)} | ${formatTime(c32!)} | ${(c32! / c!).toFixed(2)} |`,
  );
  describe(`valueAndGradient, ${n} rows`, () => {
    bench("compiled", compiled, { time: 300 });
    bench("hand-written", byHand, { time: 300 });
    bench("compiled, f32", compiled32, { time: 300 });
  });
}

/** 2000 steps of plain gradient descent on the seed (x = y = [1, 2, 3]), after compiling. */
const fitSeed = (() => {
  const cost = compile(SEED, { params: ["W", "b"], data: { x: [1, 2, 3], y: [1, 2, 3] } });
  const p = new Float64Array(2);
  const g = new Float64Array(2);
  return () => {
    p[0] = 0;
    p[1] = 0;
    for (let step = 0; step < 2000; step++) {
      cost.valueAndGradient(p, g);
      p[0] -= 0.01 * g[0]!;
      p[1] -= 0.01 * g[1]!;
    }
  };
})();
/** The same fit through `optimize` (the seed's 2001 epochs, a history entry for every step), after compiling. */
const fitSeedOptimize = (() => {
  const cost = compile(SEED, { params: ["W", "b"], data: { x: [1, 2, 3], y: [1, 2, 3] } });
  return () => {
    optimize(cost, { init: [0, 0], method: "gd", learningRate: 0.01, maxIterations: 2001 });
  };
})();
const [fit, fitOptimize] = medians([fitSeed, fitSeedOptimize], 20);
table.push(`| fit: 2000 steps, 3 rows | ${formatTime(fit!)} | | |`);
table.push(`| fit through optimize(): 2001 steps with history | ${formatTime(fitOptimize!)} | | |`);
describe("gradient-descent fit of the seed", () => {
  bench("2000 steps", fitSeed, { time: 300 });
  bench("optimize(), 2001 steps with history", fitSeedOptimize, { time: 300 });
});

console.log(`\nvalueAndGradient of mean((W*x + b - y)^2), median time per call\n${table.join("\n")}\n`);

/** One step's figures from compile.py, seconds per call (PyTorch's missing without it). */
interface SeedPeerRow {
  n: number;
  numpy: number;
  torch32Autograd?: number;
  torch32ByHand?: number;
  torch64Autograd?: number;
}
const peers = pythonPeers<{ torch?: string; rows: SeedPeerRow[]; tutorialStep?: number }>("./compile.py", {
  sizes: SIZES,
  params: PARAMS,
  rounds: 21,
});
const seconds = (s: number | undefined) => (s === undefined ? "" : formatTime(s * 1e9));
const peerTable = [
  "| rows | compiled JS | hand-written JS | numpy, f64 | PyTorch autograd, f32 | PyTorch by hand, f32 | PyTorch autograd, f64 |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  ...SIZES.map((n) => {
    const js = ours.get(n)!;
    const r = peers.result?.rows.find((row) => row.n === n);
    return `| ${n} | ${formatTime(js.compiled)} | ${formatTime(js.byHand)} | ${seconds(r?.numpy)} | ${seconds(r?.torch32Autograd)} | ${seconds(r?.torch32ByHand)} | ${seconds(r?.torch64Autograd)} |`;
  }),
];
const step = peers.result?.tutorialStep;
if (step !== undefined)
  peerTable.push(
    `| the tutorial's SGD step (zero_grad, forward, backward, step), 3 rows; ×2000: ${formatTime(step * 2000 * 1e9)} | | | | ${seconds(step)} | | |`,
  );
console.log(`\nthe same beside its peers, median time per step\n${peerTable.join("\n")}\n${peers.note}\n`);

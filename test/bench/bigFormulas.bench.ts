/**
 * Big formulas, 1000 parameters, against hand-written JavaScript in the same run: the chained Rosenbrock
 * function's compiled `valueAndGradient` against its hand-written gradient loop, and a dense coupling (every
 * parameter in two shared sums) whose gradient should cost a small multiple of its value (the cheap-gradient
 * principle). Also the time to parse each and to compile it (gradient, code generation) to a working
 * `valueAndGradient` (a big formula's `value` is generated at its first call). Prints a table of medians.
 */
import { availableParallelism, loadavg } from "node:os";
import { bench, describe } from "vitest";
import { compile } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";
import { formatTime, medians, pythonPeers, timeOnce } from "./timing.js";

const N = 1000;
const params = Array.from({ length: N }, (_, i) => `x${i}`);
const terms = (f: (i: number) => string, count = N) =>
  Array.from({ length: count }, (_, i) => f(i)).join(" + ");

/** Σ 100 (x_{i+1} - x_i²)² + (1 - x_i)², the chained Rosenbrock function. */
const ROSENBROCK = terms((i) => `100*(x${i + 1} - x${i}^2)^2 + (1 - x${i})^2`, N - 1);
/** log(1 + (Σ c_i x_i)²) + (Σ x_i²)²: every partial reads both sums. */
const DENSE = `log(1 + (${terms((i) => `${(i % 5) + 1}*x${i}`)})^2) + (${terms((i) => `x${i}^2`)})^2`;

/** The Rosenbrock value and gradient as one would write them by hand. */
function rosenbrockByHand(x: Float64Array, g: Float64Array): number {
  g.fill(0);
  let f = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i]!;
    const d = x[i + 1]! - xi * xi;
    const e = 1 - xi;
    f += 100 * d * d + e * e;
    g[i]! += -400 * xi * d - 2 * e;
    g[i + 1]! += 200 * d;
  }
  return f;
}

/** CPU time of this process so far (ms, every thread: V8 compiles and collects garbage on others too). */
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Parses `text` and compiles it, timing each (ms), by the clock and in CPU time: on a shared machine the
 * clock also counts the time other processes had the cores.
 */
function build(text: string) {
  let expr: ReturnType<typeof parse> | undefined;
  const start = cpu();
  const parseTime = timeOnce(() => {
    expr = parse(text);
  });
  const parsed = cpu();
  let cost: ReturnType<typeof compile> | undefined;
  const compileTime = timeOnce(() => {
    cost = compile(expr!, { params });
  });
  const cpuTime = `${(parsed - start).toFixed(0)} + ${(cpu() - parsed).toFixed(0)}`;
  return { cost: cost!, time: `${parseTime.toFixed(0)} + ${compileTime.toFixed(0)} ms (CPU ${cpuTime} ms)` };
}
const { cost: rosenbrock, time: rosenbrockCompile } = build(ROSENBROCK);
const { cost: dense, time: denseCompile } = build(DENSE);

const p = Float64Array.from(params, (_, i) => 0.5 + 0.3 * Math.sin(i));
const g = new Float64Array(N);
const runs = {
  rosenbrock: () => {
    rosenbrock.valueAndGradient(p, g);
  },
  rosenbrockByHand: () => {
    rosenbrockByHand(p, g);
  },
  denseValue: () => {
    dense.value(p);
  },
  denseGradient: () => {
    dense.gradient(p, g);
  },
  denseBoth: () => {
    dense.valueAndGradient(p, g);
  },
};
// V8 optimizes each chunk function after a few thousand calls: measure the steady state
for (const run of Object.values(runs)) for (let k = 0; k < 5000; k++) run();
const [r, h, v, gr, both] = medians(Object.values(runs), 200);
console.log(
  [
    "",
    `Big formulas, 1000 parameters, median time per call (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    "| formula | compiled | reference | ratio | parse + compile |",
    "|---|---:|---:|---:|---:|",
    `| chained Rosenbrock, valueAndGradient vs hand-written | ${formatTime(r!)} | ${formatTime(h!)} | ${(r! / h!).toFixed(2)} | ${rosenbrockCompile} |`,
    `| dense coupling, gradient vs value | ${formatTime(gr!)} | ${formatTime(v!)} | ${(gr! / v!).toFixed(2)} | ${denseCompile} |`,
    `| dense coupling, valueAndGradient vs value | ${formatTime(both!)} | ${formatTime(v!)} | ${(both! / v!).toFixed(2)} | |`,
    "",
  ].join("\n"),
);

describe("chained Rosenbrock, 1000 parameters", () => {
  bench("compiled valueAndGradient", runs.rosenbrock, { time: 300 });
  bench("hand-written", runs.rosenbrockByHand, { time: 300 });
});
describe("dense coupling, 1000 parameters", () => {
  bench("value", runs.denseValue, { time: 300 });
  bench("gradient", runs.denseGradient, { time: 300 });
  bench("valueAndGradient", runs.denseBoth, { time: 300 });
});

// The python peers on the same point (test/bench/bigFormulas.py, float64): PyTorch's autograd and numpy's
// gradient written by hand, beside the compiled figures above (not part of their ratios).
const peers = pythonPeers<{
  torch?: string;
  rosenbrockNumpyValue: number;
  rosenbrockNumpy: number;
  denseNumpyValue: number;
  denseNumpy: number;
  rosenbrockTorchValue?: number;
  rosenbrockTorch?: number;
  denseTorchValue?: number;
  denseTorch?: number;
}>("./bigFormulas.py", { n: N, rounds: 21 });
const peer = (s: number | undefined) => (s === undefined ? "" : formatTime(s * 1e9));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? "" : (a / b).toFixed(2);
const q = peers.result;
console.log(
  [
    "",
    "Big formulas beside their peers, median time per call",
    "| formula | compiled valueAndGradient (above) | PyTorch value | PyTorch autograd | ratio | numpy value | numpy by hand, value and gradient | ratio |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    `| chained Rosenbrock | ${formatTime(r!)} | ${peer(q?.rosenbrockTorchValue)} | ${peer(q?.rosenbrockTorch)} | ${ratio(q?.rosenbrockTorch, q?.rosenbrockTorchValue)} | ${peer(q?.rosenbrockNumpyValue)} | ${peer(q?.rosenbrockNumpy)} | ${ratio(q?.rosenbrockNumpy, q?.rosenbrockNumpyValue)} |`,
    `| dense coupling | ${formatTime(both!)} | ${peer(q?.denseTorchValue)} | ${peer(q?.denseTorch)} | ${ratio(q?.denseTorch, q?.denseTorchValue)} | ${peer(q?.denseNumpyValue)} | ${peer(q?.denseNumpy)} | ${ratio(q?.denseNumpy, q?.denseNumpyValue)} |`,
    peers.note,
    "",
  ].join("\n"),
);

/**
 * Vectors and matrices compiled against the loop a good engineer writes by hand, in one run: the gradient of
 * L2-regularized logistic regression, `mean(softplus(-y*(X@w + b))) + 0.005*sum(w^2)`, at n = 100,000 rows
 * and d = 50 features (goal: within 1.5× of the fused loop). numpy's vectorized gradient and PyTorch's
 * autograd are timed on the same data when python3 has them (test/bench/matrix.py); they are peers for
 * scale, not part of the ratio. Prints a table of medians (alternating rounds, as timing.ts does).
 */
import { bench, describe } from "vitest";
import { compile } from "../../src/compile/index.js";
import { add, call, FUNCTIONS, matmul, mul, neg, num, pow, reduce, sym } from "../../src/expr/index.js";
import { formatTime, medians, pythonPeers, timeOnce } from "./timing.js";

const N = 100_000;
const D = 50;
const LAMBDA = 0.01;

const softplus = FUNCTIONS.get("softplus")!;
const [X, w, b, y] = (["X", "w", "b", "y"] as const).map(sym);
const COST = add(
  reduce("mean", call(softplus, [neg(mul(y!, add(matmul(X!, w!), b!)))])),
  mul(num(LAMBDA / 2), reduce("sum", pow(w!, num(2)))),
);

// X[i, j] = sin(i*d + j), labels ±1 by the sign of cos(i): the same formulas as matrix.py
const Xv = Float64Array.from({ length: N * D }, (_, k) => Math.sin(k));
const yv = Float64Array.from({ length: N }, (_, i) => (Math.cos(i) > 0 ? 1 : -1));
const p = Float64Array.from({ length: D + 1 }, (_, j) => (j < D ? Math.cos(j) / 10 : 0.1));
const g = new Float64Array(D + 1);

let objective: ReturnType<typeof compile> | undefined;
const compileMs = timeOnce(() => {
  objective = compile(COST, {
    params: ["w", "b"],
    shapes: { w: [D] },
    data: { X: { shape: [N, D], values: Xv }, y: yv },
  });
});

/** The fused loop by hand over the row-major matrix: z = x·w + b, s = d/dz softplus(-y z), g += s x. */
function handWritten(p: Float64Array, g: Float64Array): void {
  g.fill(0);
  const bias = p[D]!;
  let gb = 0;
  for (let i = 0; i < N; i++) {
    const row = i * D;
    let z = bias;
    for (let j = 0; j < D; j++) z += Xv[row + j]! * p[j]!;
    const yi = yv[i]!;
    const s = -yi / (1 + Math.exp(yi * z));
    for (let j = 0; j < D; j++) g[j]! += s * Xv[row + j]!;
    gb += s;
  }
  for (let j = 0; j < D; j++) g[j] = g[j]! / N + LAMBDA * p[j]!;
  g[D] = gb / N;
}

// the two compute the same gradient (else the timing means nothing)
const check = new Float64Array(D + 1);
objective!.gradient(p, check);
handWritten(p, g);
if (check.some((v, j) => Math.abs(v - g[j]!) > 1e-12 * Math.max(1, Math.abs(v))))
  throw new Error(`the compiled and hand-written gradients differ: ${check} vs ${g}`);

const compiled = () => objective!.gradient(p, g);
const byHand = () => handWritten(p, g);
const [c, h] = medians([compiled, byHand], 3, 15);

const peers = pythonPeers<{ torch?: string; numpyTime: number; torchTime?: number }>("./matrix.py", {
  n: N,
  d: D,
  lambda: LAMBDA,
  rounds: 15,
});
const peer = {
  line: peers.note,
  numpy: peers.result && peers.result.numpyTime * 1e9,
  torch: peers.result?.torchTime === undefined ? undefined : peers.result.torchTime * 1e9,
};

const table = [
  "| n × d | compiled | hand-written | ratio | numpy | PyTorch autograd | compile |",
  "|---|---:|---:|---:|---:|---:|---:|",
  `| ${N.toLocaleString("en")} × ${D} | ${formatTime(c!)} | ${formatTime(h!)} | ${(c! / h!).toFixed(2)} | ${peer.numpy === undefined ? "" : formatTime(peer.numpy)} | ${peer.torch === undefined ? "" : formatTime(peer.torch)} | ${compileMs.toFixed(0)} ms |`,
];
console.log(
  `\ngradient of L2-regularized logistic regression, median time per call\n${table.join("\n")}\n${peer.line}\n`,
);

describe(`gradient of L2-regularized logistic regression, ${N} × ${D}`, () => {
  bench("compiled", compiled, { time: 500 });
  bench("hand-written", byHand, { time: 500 });
});

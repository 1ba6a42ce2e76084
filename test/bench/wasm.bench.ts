/**
 * The WebAssembly backend against the hand-written references, in one run: `valueAndGradient` of the seed's
 * cost `mean((W*x + b - y)^2)` at 10^3, 10^5 and 10^6 rows, compiled to WebAssembly, compiled to JavaScript,
 * a hand-written WebAssembly SIMD kernel (built here with binaryen: f64x2, two vectors per iteration, six
 * accumulators, a plain sum) and the hand-written fused JavaScript loop. Also: where WebAssembly starts to
 * pay (the threshold of backend "auto"), and what functions cost: exp and log (polynomials in WebAssembly),
 * sin (calls into JavaScript); and f32: the seed compiled to f32x4 WebAssembly beside f64 WebAssembly, f32
 * JavaScript and a hand-written f32x4 kernel, and where f32 WebAssembly starts to pay.
 * Prints tables of medians over alternating rounds (for the README) besides vitest's own report; the seed's
 * table over 201 short rounds (about a millisecond each), with the ratio of the fastest rounds too: at 10^6
 * rows both WebAssembly kernels wait on memory, which the machine's other jobs share, and medians swing.
 */
import binaryen from "binaryen";
import { bench, describe } from "vitest";
import { type Backend, compile } from "../../src/compile/index.js";
import { type Exports, webAssembly } from "../../src/compile/wasm/webAssembly.js";
import { parse } from "../../src/syntax/index.js";
import { handWritten, line } from "./seed.js";
import { formatTime, medians, roundTimes } from "./timing.js";

/**
 * The seed's step as one would write it in WebAssembly by hand, in f64 (f64x2) or f32 (f32x4): x at address
 * 0, y right after, the two partials stored after y; `vg(W, b, n)` returns the cost. Two vectors per
 * iteration (four rows in f64, eight in f32), each with its own three accumulators, then the rows left
 * over one at a time; a plain sum.
 */
function handWasmModule(precision: "f64" | "f32"): Uint8Array {
  const m = new binaryen.Module();
  m.setFeatures(binaryen.Features.MVP | binaryen.Features.SIMD128);
  m.setMemory(1, 65536);
  m.addMemoryImport("0", "env", "memory");
  const { i32, v128 } = binaryen;
  const f32 = precision === "f32";
  const num = f32 ? binaryen.f32 : binaryen.f64;
  const s = f32 ? m.f32 : m.f64;
  const vec = f32 ? m.f32x4 : m.f64x2;
  const lanes = f32 ? 4 : 2;
  const size = f32 ? 4 : 8;
  const shift = f32 ? 2 : 3;
  const [W, B, N, I, Y, W2, B2, X0, X1, R0, R1, C0, C1, GW0, GW1, GB0, GB1, XS, R, C, GW, GB] = [
    ...Array(22).keys(),
  ] as number[];
  const vars = [i32, i32, v128, v128, v128, v128, v128, v128, v128, v128, v128, v128, v128, v128];
  vars.push(num, num, num, num, num);
  const get = (k: number, t: number) => m.local.get(k, t);
  const vget = (k: number) => get(k, v128);
  const fget = (k: number) => get(k, num);
  const iget = (k: number) => get(k, i32);
  const xAt = () => m.i32.shl(iget(I), m.i32.const(shift));
  const yAt = () => m.i32.add(iget(Y), xAt());
  const add = (k: number, v: number) => m.local.set(k, vec.add(vget(k), v));
  const row = (offset: number, x: number, r: number, c: number, gw: number, gb: number) => [
    m.local.set(x, m.v128.load(offset, 8, xAt())),
    m.local.set(r, vec.sub(vec.add(vec.mul(vget(W2), vget(x)), vget(B2)), m.v128.load(offset, 8, yAt()))),
    add(c, vec.mul(vget(r), vget(r))),
    add(gw, vec.mul(vget(r), vget(x))),
    add(gb, vget(r)),
  ];
  /** The lanes of a + b, added up (into a). */
  const lanesSum = (a: number, b: number) => {
    let total = vec.extract_lane(m.local.tee(a, vec.add(vget(a), vget(b)), v128), 0 as never);
    for (let k = 1; k < lanes; k++) total = s.add(total, vec.extract_lane(vget(a), k as never));
    return total;
  };
  const zero = m.v128.const([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const fullIteration = () => m.i32.le_s(m.i32.add(iget(I), m.i32.const(2 * lanes)), iget(N));
  const nF = () => s.convert_s.i32(iget(N));
  const load = (at: number) => s.load(0, size, at);
  const body = m.block(null, [
    m.local.set(Y, m.i32.shl(iget(N), m.i32.const(shift))),
    m.local.set(W2, vec.splat(fget(W))),
    m.local.set(B2, vec.splat(fget(B))),
    ...[C0, C1, GW0, GW1, GB0, GB1].map((k) => m.local.set(k, zero)),
    m.local.set(I, m.i32.const(0)),
    m.if(
      fullIteration(),
      m.loop(
        "rows",
        m.block(null, [
          ...row(0, X0, R0, C0, GW0, GB0),
          ...row(16, X1, R1, C1, GW1, GB1),
          m.local.set(I, m.i32.add(iget(I), m.i32.const(2 * lanes))),
          m.br("rows", fullIteration()),
        ]),
      ),
    ),
    m.local.set(C, lanesSum(C0, C1)),
    m.local.set(GW, lanesSum(GW0, GW1)),
    m.local.set(GB, lanesSum(GB0, GB1)),
    m.if(
      m.i32.lt_s(iget(I), iget(N)),
      m.loop(
        "tail",
        m.block(null, [
          m.local.set(XS, load(xAt())),
          m.local.set(R, s.sub(s.add(s.mul(fget(W), fget(XS)), fget(B)), load(yAt()))),
          m.local.set(C, s.add(fget(C), s.mul(fget(R), fget(R)))),
          m.local.set(GW, s.add(fget(GW), s.mul(fget(R), fget(XS)))),
          m.local.set(GB, s.add(fget(GB), fget(R))),
          m.local.set(I, m.i32.add(iget(I), m.i32.const(1))),
          m.br("tail", m.i32.lt_s(iget(I), iget(N))),
        ]),
      ),
    ),
    // the partials go right after y
    s.store(0, size, m.i32.shl(iget(N), m.i32.const(shift + 1)), s.div(s.mul(s.const(2), fget(GW)), nF())),
    s.store(size, size, m.i32.shl(iget(N), m.i32.const(shift + 1)), s.div(s.mul(s.const(2), fget(GB)), nF())),
    m.return(s.div(fget(C), nF())),
  ]);
  m.addFunction("vg", binaryen.createType([num, num, i32]), num, vars, body);
  m.addFunctionExport("vg", "vg");
  if (!m.validate()) throw new Error("the hand-written kernel does not validate");
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

const handModules = {
  f64: new webAssembly.Module(handWasmModule("f64")),
  f32: new webAssembly.Module(handWasmModule("f32")),
};

/** The hand-written kernel over x and y (copied into its memory once), as a valueAndGradient. */
function handWasm(x: Float64Array, y: Float64Array, precision: "f64" | "f32" = "f64") {
  const n = x.length;
  const View = precision === "f32" ? Float32Array : Float64Array;
  const bytes = View.BYTES_PER_ELEMENT * (2 * n + 2);
  const memory = new webAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1, maximum: 65536 });
  const { vg } = new webAssembly.Instance(handModules[precision], { env: { memory } }).exports as Exports;
  const f = new View(memory.buffer);
  f.set(x, 0);
  f.set(y, n);
  return (p: Float64Array, g: Float64Array) => {
    const value = vg(p[0]!, p[1]!, n);
    g[0] = f[2 * n]!;
    g[1] = f[2 * n + 1]!;
    return value;
  };
}

const compiled = (
  text: string,
  data: { x: Float64Array; y: Float64Array },
  backend: Backend,
  precision: "f64" | "f32" = "f64",
) => {
  // the row loop itself: from 4,096 rows compile would hoist the moments of a polynomial cost (moments.bench.ts)
  const cost = compile(parse(text), { params: ["W", "b"], data, backend, moments: false, precision });
  return (p: Float64Array, g: Float64Array) => cost.valueAndGradient(p, g);
};

const p = new Float64Array([0.5, 0.1]);
const g = new Float64Array(2);
const calls = (n: number) => Math.max(3, Math.round(2e6 / n));
const ratio = (a: number, b: number) => (a / b).toFixed(2);

const seedTable = [
  "| rows | compiled WASM | compiled JS | hand WASM SIMD | hand JS | WASM / hand WASM | the same, fastest rounds | JS / WASM | hand JS / hand WASM |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];
for (const n of [1e3, 1e5, 1e6]) {
  const data = line(n);
  const runs = {
    wasm: compiled("mean((W*x + b - y)^2)", data, "wasm"),
    js: compiled("mean((W*x + b - y)^2)", data, "js"),
    handWasm: handWasm(data.x, data.y),
    handJs: (q: Float64Array, out: Float64Array) => handWritten(q, out, data.x, data.y),
  };
  const fns = Object.values(runs).map((run) => () => {
    run(p, g);
  });
  const times = roundTimes(fns, Math.max(1, Math.round(1e6 / n)), 201);
  const [w, j, hw, hj] = times.map((t) => t[t.length >> 1]!);
  const fastest = ratio(times[0]![0]!, times[2]![0]!);
  seedTable.push(
    `| ${n} | ${formatTime(w!)} | ${formatTime(j!)} | ${formatTime(hw!)} | ${formatTime(hj!)} | ${ratio(w!, hw!)} | ${fastest} | ${ratio(j!, w!)} | ${ratio(hj!, hw!)} |`,
  );
  describe(`seed valueAndGradient, ${n} rows`, () => {
    for (const [name, run] of Object.entries(runs))
      bench(name, () => {
        run(p, g);
      });
  });
}

/** Where WebAssembly starts to pay: the seed at few rows, both backends in `precision`. */
function thresholdTable(sizes: readonly number[], precision: "f64" | "f32"): string[] {
  const [w, j] = precision === "f64" ? ["compiled WASM", "compiled JS"] : ["f32 WASM", "f32 JS"];
  const table = [`| rows | ${w} | ${j} | JS / WASM |`, "|---:|---:|---:|---:|"];
  for (const n of sizes) {
    const data = line(n);
    const runs = (["wasm", "js"] as const).map((backend) =>
      compiled("mean((W*x + b - y)^2)", data, backend, precision),
    );
    const [wasm, js] = medians(
      runs.map((run) => () => {
        run(p, g);
      }),
      calls(n),
    );
    table.push(`| ${n} | ${formatTime(wasm!)} | ${formatTime(js!)} | ${ratio(js!, wasm!)} |`);
  }
  return table;
}
const f64Threshold = thresholdTable([10, 20, 30, 50, 100, 300, 1000], "f64");

/**
 * f32: the seed compiled to WebAssembly in f32 (f32x4, four rows per vector, Float32Array memory) beside the
 * same in f64, the JavaScript f32 code (Math.fround after every operation) and a hand-written f32x4 kernel.
 */
const f32Table = [
  "| rows | f32 WASM | f64 WASM | f32 JS | hand f32x4 WASM | f64 / f32 WASM | f32 JS / f32 WASM | f32 WASM / hand |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|",
];
for (const n of [1e3, 1e5, 1e6]) {
  const data = line(n);
  const runs = {
    wasmF32: compiled("mean((W*x + b - y)^2)", data, "wasm", "f32"),
    wasmF64: compiled("mean((W*x + b - y)^2)", data, "wasm"),
    jsF32: compiled("mean((W*x + b - y)^2)", data, "js", "f32"),
    handF32: handWasm(data.x, data.y, "f32"),
  };
  const fns = Object.values(runs).map((run) => () => {
    run(p, g);
  });
  const [w32, w64, j32, h32] = roundTimes(fns, Math.max(1, Math.round(1e6 / n)), 201).map(
    (t) => t[t.length >> 1]!,
  );
  f32Table.push(
    `| ${n} | ${formatTime(w32!)} | ${formatTime(w64!)} | ${formatTime(j32!)} | ${formatTime(h32!)} | ${ratio(w64!, w32!)} | ${ratio(j32!, w32!)} | ${ratio(w32!, h32!)} |`,
  );
  describe(`seed valueAndGradient in f32, ${n} rows`, () => {
    for (const [name, run] of Object.entries(runs))
      bench(name, () => {
        run(p, g);
      });
  });
}

/** Where WebAssembly starts to pay in f32, around the 32 rows that JavaScript's f32 code sums in order. */
const f32Threshold = thresholdTable([10, 20, 32, 33, 50, 100, 300, 1000], "f32");

/** Functions: exp and log are polynomials in WebAssembly, sin is a call into JavaScript (two per vector). */
const importTable = [
  "| formula (10^5 rows; WASM: exp and log polynomials, sin imported) | compiled WASM | compiled JS | JS / WASM | f32 WASM | f32 JS | f32 JS / f32 WASM |",
  "|---|---:|---:|---:|---:|---:|---:|",
];
{
  const data = line(1e5);
  for (const text of [
    "mean((exp(W*x) + b - y)^2)",
    "mean((sin(W*x) + b - y)^2)",
    "mean(log(1 + (W*x + b - y)^2))",
    "mean(sqrt(1 + (W*x + b - y)^2))",
  ]) {
    const runs = [
      compiled(text, data, "wasm"),
      compiled(text, data, "js"),
      compiled(text, data, "wasm", "f32"),
      compiled(text, data, "js", "f32"),
    ];
    const [w, j, w32, j32] = medians(
      runs.map((run) => () => {
        run(p, g);
      }),
      calls(1e5),
    );
    importTable.push(
      `| \`${text}\` | ${formatTime(w!)} | ${formatTime(j!)} | ${ratio(j!, w!)} | ${formatTime(w32!)} | ${formatTime(j32!)} | ${ratio(j32!, w32!)} |`,
    );
  }
}

console.log(
  [
    "",
    "valueAndGradient of mean((W*x + b - y)^2), median time per call",
    ...seedTable,
    "",
    "where WebAssembly pays",
    ...f64Threshold,
    "",
    "functions imported from JavaScript",
    ...importTable,
    "",
    "f32: valueAndGradient of mean((W*x + b - y)^2), median time per call",
    ...f32Table,
    "",
    "where WebAssembly pays in f32",
    ...f32Threshold,
    "",
  ].join("\n"),
);

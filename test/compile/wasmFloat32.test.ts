/**
 * The WebAssembly backend in f32 (f32x4 lanes, float32 memory) against the reference interpreter and against
 * the JavaScript f32 backend: random formulas over fewer rows than one vector iteration (rows one at a
 * time, bit for bit the JavaScript f32 result), over rows in vectors with some left over, and over several
 * summation blocks; the seed's cost; exp and log as f32x4 polynomials within 1 ulp of the float32-rounded
 * Math functions over their whole range; the accuracy of long sums; and what "auto" picks in f32.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { WASM_ROWS_F32 } from "../../src/compile/backend.js";
import { compile, evaluate, WASM_ROWS } from "../../src/compile/index.js";
import { gradient } from "../../src/diff/index.js";
import { columnsOutsideReductions, type Expr, reduce, walk } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { arbExpr } from "../arb.js";
import { handWritten } from "../bench/seed.js";

const f = Math.fround;
const PARAMS = ["a", "b"];
const COLUMNS = ["x", "y"];
/** float32's machine epsilon, 2^-23 (twice its unit roundoff). */
const EPS32 = 2 ** -23;
/** Rows of one f32x4 iteration: two vectors of four. Fewer rows are computed one at a time, in order. */
const VECTOR_ROWS = 8;
/** Rows per plain float32 block of the JavaScript f32 code (BLOCK_F32); a WebAssembly lane sums as many. */
const BLOCK_F32 = 32;

/**
 * How far an f32 result may lie from the f64 reference, relative to the largest magnitude involved: a
 * depth-3 formula and its partials round a few dozen times per row, and cancellation can magnify that
 * (ELEMENTWISE roundings' worth, as test/compile/float32.test.ts allows), plus the plain float32
 * additions of a sum: one per row up to a block, at most two blocks' worth in either backend (a lane's
 * 32 rows, then its lanes and the rows left over; blocks are then added with TwoSum, whose error does
 * not grow with the rows).
 */
const ELEMENTWISE = 800;
const tolerance = (rows: number) => EPS32 * (ELEMENTWISE + Math.min(rows, 2 * BLOCK_F32));

/** float32 values in [-3, 3] on a grid of 1/1000 (inputs read exactly, so the reference sees them too). */
const arbValue = fc.integer({ min: -3000, max: 3000 }).map((k) => f(k / 1000));
const arbCase = (minRows: number, maxRows: number) =>
  fc.record({
    expr: arbExpr({ depth: 3, names: [...PARAMS, ...COLUMNS], reductions: true }).map((e: Expr) =>
      columnsOutsideReductions(e, new Set(COLUMNS)).length > 0 ? reduce("mean", e) : e,
    ),
    a: arbValue,
    b: arbValue,
    rows: fc.integer({ min: minRows, max: maxRows }),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
  });

/** Columns x and y of `rows` float32 values in [-3, 3], from `seed` (long columns are cheaper this way). */
function columns(rows: number, seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return f(Math.round((state / 2 ** 31) * 6000 - 3000) / 1000);
  };
  return { x: Float64Array.from({ length: rows }, next), y: Float64Array.from({ length: rows }, next) };
}

interface Results {
  value: number;
  gradient: Float64Array;
}

/** valueAndGradient of `expr` compiled in f32 to `backend`; `value` alone within `allowed` of its value. */
function run(
  expr: Expr,
  point: Float64Array,
  data: { x: Float64Array; y: Float64Array },
  backend: "js" | "wasm",
  allowed = 0,
): Results {
  const cost = compile(expr, { params: PARAMS, data, precision: "f32", backend });
  const g = new Float64Array(PARAMS.length);
  const value = cost.valueAndGradient(point, g);
  // planned alone, the value may share less with the gradient and round differently
  expect(Math.abs(cost.value(point) - value)).toBeLessThanOrEqual(allowed);
  return { value, gradient: g };
}

/**
 * The check of one case: WebAssembly f32 and JavaScript f32 both within `tolerance(rows)` of the f64
 * reference (on the same float32 inputs), and so within twice that of each other. Points where some subexpression is not finite, or leaves float32's range, or where the
 * interpreter itself moves by more than a quarter of the tolerance when it rounds every value to float32
 * (ill-conditioned: tan near a pole, a steep power) are not compared; returns whether the case was.
 */
function agrees({
  expr,
  a,
  b,
  rows,
  seed,
}: {
  expr: Expr;
  a: number;
  b: number;
  rows: number;
  seed: number;
}): boolean {
  const data = columns(rows, seed);
  const values = { a, b, ...data };
  const inRange = (v: number) => Number.isFinite(v) && Math.abs(v) < 1e30;
  if (!walk(expr).every((node) => inRange(evaluate(reduce("sum", node), values)))) return false;
  const partials = gradient(expr, PARAMS);
  const reference = [evaluate(expr, values), ...partials.map((g) => evaluate(g, values))];
  if (!reference.every(inRange)) return false;
  const scale = Math.max(1, ...reference.map(Math.abs));
  const allowed = tolerance(rows) * scale;
  const f32 = { precision: "f32" } as const;
  const rounded = [evaluate(expr, values, f32), ...partials.map((g) => evaluate(g, values, f32))];
  if (!rounded.every((v, k) => Math.abs(v - reference[k]!) <= allowed / 4)) return false;

  const point = Float64Array.of(a, b);
  const wasm = run(expr, point, data, "wasm", allowed);
  const js = run(expr, point, data, "js", allowed);
  const flat = (r: Results) => [r.value, ...r.gradient];
  for (const [k, v] of flat(wasm).entries()) {
    expect(f(v)).toBe(v); // a float32 number
    expect(Math.abs(v - reference[k]!)).toBeLessThanOrEqual(allowed);
    expect(Math.abs(v - flat(js)[k]!)).toBeLessThanOrEqual(2 * allowed);
  }
  return true;
}

describe("f32 WebAssembly agrees with evaluate and with f32 JavaScript", () => {
  test(`under ${VECTOR_ROWS} rows (one at a time, in order)`, () => {
    let compared = 0;
    fc.assert(
      fc.property(arbCase(1, VECTOR_ROWS - 1), (c) => {
        if (agrees(c)) compared++;
      }),
      { numRuns: 60 },
    );
    expect(compared).toBeGreaterThan(30);
  });

  test(`${VECTOR_ROWS} to 70 rows: vectors of four, two per iteration, and the rows left over`, () => {
    let compared = 0;
    fc.assert(
      fc.property(arbCase(VECTOR_ROWS, 70), (c) => {
        if (agrees(c)) compared++;
      }),
      { numRuns: 60 },
    );
    expect(compared).toBeGreaterThan(30);
  });

  test("600 to 2000 rows: several blocks of 256 rows added with TwoSum", () => {
    let compared = 0;
    fc.assert(
      fc.property(arbCase(600, 2000), (c) => {
        if (agrees(c)) compared++;
      }),
      // about half the cases compare (the others sit where rounding to float32 moves the reference):
      // 40 runs keep the count above 12 for any seed short of a ~4-sigma draw
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(12);
  });
});

/**
 * Formulas whose operations both backends order alike (the generated JavaScript multiplies by a reciprocal
 * it has already computed for another use where WebAssembly divides, and applies a sum's numeric factor
 * once only to a term it writes inline: formulas doing either are left to the tolerance above).
 */
const SAME_ORDER = [
  "mean((W*x + b - y)^2)",
  "mean(exp(W*x) + log(1 + (b - y)^2) + sqrt(1 + x^2)*W)",
  "mean(exp(-(W*x - y)^2) + log(b^2 + x^2 + 1))",
  "sum(abs(W*x + b - y)) + max(W, b)*mean(relu(x - W) + step(y - b))",
  "mean(sin(W*x)*b - min(x, y)) + W^1.5",
];

test(`under ${VECTOR_ROWS} rows f32 WebAssembly is bit for bit f32 JavaScript (where operations are ordered alike)`, () => {
  const arb = fc.record({
    text: fc.constantFrom(...SAME_ORDER),
    W: arbValue.map(Math.abs),
    b: arbValue,
    rows: fc.integer({ min: 1, max: VECTOR_ROWS - 1 }),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
  });
  fc.assert(
    fc.property(arb, ({ text, W, b, rows, seed }) => {
      const data = columns(rows, seed);
      const results = (["wasm", "js"] as const).map((backend) => {
        const cost = compile(parse(text), { params: ["W", "b"], data, precision: "f32", backend });
        const g = new Float64Array(2);
        return [cost.valueAndGradient(Float64Array.of(W, b), g), ...g];
      });
      expect(results[0]).toEqual(results[1]);
    }),
    { numRuns: 25 },
  );
});

/** The distance between `v` (a float32) and the next float32 away from zero. */
function ulp(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * How many rows of `fn(W*x)` at W = 1, compiled to f32 WebAssembly (in vectors but for the last few rows),
 * lie more than `ulps` ulps from the float32-rounded Math function (0: differ at all).
 */
function rowsBeyond(fn: "exp" | "log", x: Float64Array, ulps: number): number {
  const r = x.map((v) => f(Math[fn](v)));
  const t = r.map((v) => ulps * ulp(v));
  const far = parse(`sum(step(abs(${fn}(W*x) - r) - t))`);
  const cost = compile(far, { params: ["W"], data: { x, r, t }, precision: "f32", backend: "wasm" });
  return cost.value(Float64Array.of(1));
}

/** `count` float32 values from `lo` to `hi`, evenly spaced. */
const sweep = (lo: number, hi: number, count: number) =>
  Float64Array.from({ length: count }, (_, i) => f(lo + ((hi - lo) * i) / (count - 1)));

test("exp in f32x4 (a polynomial) is within 1 ulp of fround(Math.exp); past ±87 it is fround(Math.exp)", () => {
  // x from -103.5 (the result rounds to 0) to 88.7 (near float32's overflow)
  expect(rowsBeyond("exp", sweep(-103.5, 88.7, 200_001), 1)).toBe(0);
  // vectors with a lane past ±87 (subnormal results, overflow ahead) go through Math.exp, lane by lane
  expect(rowsBeyond("exp", sweep(-103.5, -87, 2001), 0)).toBe(0);
  expect(rowsBeyond("exp", sweep(87, 88.7, 2001), 0)).toBe(0);
  const overflow = compile(parse("sum(exp(W*x))"), {
    params: ["W"],
    data: { x: [1, 2, 3, 4, 5, 6, 7, 8] },
    precision: "f32",
    backend: "wasm",
  });
  expect(overflow.value(Float64Array.of(12))).toBe(Number.POSITIVE_INFINITY); // exp(96) overflows float32
});

test("log in f32x4 (a polynomial) is within 1 ulp of fround(Math.log); off positive normals it is fround(Math.log)", () => {
  // x over float32's positive normal range by factors, and finely around 1 where log is near 0
  const wide = Array.from({ length: 100_001 }, (_, i) => f(2 ** (-126 + (253.9 * i) / 100_000)));
  expect(rowsBeyond("log", Float64Array.from([...wide, ...sweep(0.5, 2.5, 100_001)]), 1)).toBe(0);
  // subnormal arguments go through Math.log
  const subnormal = Float64Array.from({ length: 2001 }, (_, i) => f(2 ** (-149 + (22.9 * i) / 2000)));
  expect(rowsBeyond("log", subnormal, 0)).toBe(0);
  const edges = compile(parse("sum(log(W*x))"), {
    params: ["W"],
    data: { x: [1, 2, 3, 4, 5, 6, 7, 8] },
    precision: "f32",
    backend: "wasm",
  });
  expect(edges.value(Float64Array.of(0))).toBe(Number.NEGATIVE_INFINITY);
  expect(edges.value(Float64Array.of(-1))).toBeNaN();
});

describe("long sums in f32", () => {
  test("a sum of 100,003 float32 tenths is within 4 ulps of the exact sum", () => {
    const n = 100_003; // 12,500 iterations of eight rows, and three rows left over
    const tenth = f(0.1);
    const cost = compile(parse("sum(x)"), {
      params: [],
      data: { x: new Float64Array(n).fill(tenth) },
      precision: "f32",
      backend: "wasm",
    });
    const exact = f(n * tenth); // n * tenth is exact in f64 (17 + 24 bits)
    expect(Math.abs(cost.value(new Float64Array(0)) - exact)).toBeLessThanOrEqual(4 * ulp(exact));
  });

  test("the mean of 10^6 float32 values near 1000 is within 2 ulps of the exact mean", () => {
    const rows = 1_000_000;
    let state = 12345;
    let exact = 0n; // every value is a multiple of 2^-14, so the scaled sum is an exact BigInt
    const x = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      x[i] = 1000 + Math.floor((state / 2 ** 31) * 2 ** 14) / 2 ** 14;
      exact += BigInt(x[i]! * 2 ** 14);
    }
    const mean = f(Number(exact) / 2 ** 14 / rows);
    const cost = compile(parse("mean(x + W)"), {
      params: ["W"],
      data: { x },
      precision: "f32",
      backend: "wasm",
    });
    expect(Math.abs(cost.value(Float64Array.of(0)) - mean)).toBeLessThanOrEqual(2 * ulp(mean));
  });
});

describe("the seed's cost in f32", () => {
  const rows = 3003; // rows in vectors, three left over
  const { x, y } = columns(rows, 7);
  const seed = parse("mean((W*x + b - y)^2)");
  const [W, b] = [f(0.5), f(0.1)];
  const p = Float64Array.of(W, b);

  test("value and gradient are the closed forms within float32 rounding", () => {
    const cost = compile(seed, { params: ["W", "b"], data: { x, y }, precision: "f32", backend: "wasm" });
    const exact = new Float64Array(2); // the fused f64 loop on the same float32 data
    const value = handWritten(p, exact, x, y);
    const [gW, gb] = exact;
    const g = new Float64Array(2);
    const allowed = tolerance(rows) * Math.max(1, Math.abs(value), Math.abs(gW!), Math.abs(gb!));
    expect(Math.abs(cost.valueAndGradient(p, g) - value)).toBeLessThanOrEqual(allowed);
    expect(Math.abs(g[0]! - gW!)).toBeLessThanOrEqual(allowed);
    expect(Math.abs(g[1]! - gb!)).toBeLessThanOrEqual(allowed);
  });

  test("a mini-batch reads the rows it names (useRows), and all rows again after", () => {
    const cost = compile(seed, { params: ["W", "b"], data: { x, y }, precision: "f32", backend: "wasm" });
    const all = cost.value(p);
    const batch = Uint32Array.of(5, 7, 7, 3002, 0, 11, 12, 13, 14);
    cost.useRows!(batch);
    const pick = (c: Float64Array) => Float64Array.from(batch, (r) => c[r]!);
    const reference = evaluate(seed, { W, b, x: pick(x), y: pick(y) });
    expect(Math.abs(cost.value(p) - reference)).toBeLessThanOrEqual(tolerance(batch.length) * reference);
    cost.useRows!(undefined);
    expect(cost.value(p)).toBe(all);
  });
});

describe("choosing the backend in f32", () => {
  const isWasm = (source: string) => source.startsWith(";; WebAssembly");
  const data = (rows: number) => columns(rows, 3);
  const seed = parse("mean((W*x + b - y)^2)");
  const options = (rows: number) => ({ params: ["W", "b"], data: data(rows), precision: "f32" }) as const;

  test(`auto compiles f32 to f32x4 WebAssembly from ${WASM_ROWS_F32} rows, to JavaScript below`, () => {
    const wasm = compile(seed, options(WASM_ROWS_F32)).source;
    expect(isWasm(wasm)).toBe(true);
    expect(wasm).toContain("f32x4");
    expect(isWasm(compile(seed, options(WASM_ROWS_F32 - 1)).source)).toBe(false);
    // JavaScript's f32 code sums up to 32 rows left to right as PyTorch does: auto keeps it there
    expect(WASM_ROWS_F32).toBeGreaterThan(BLOCK_F32);
  });

  test("auto takes f32 WebAssembly even where a loop calls a JavaScript function at every row", () => {
    // JavaScript's f32 code rounds after every operation, so the calls out of WebAssembly still pay
    const sine = parse("mean((sin(W*x) + b - y)^2)");
    expect(isWasm(compile(sine, options(WASM_ROWS_F32)).source)).toBe(true);
    expect(isWasm(compile(sine, { ...options(WASM_ROWS_F32), precision: "f64" }).source)).toBe(false);
  });

  test("the seed's 3 rows in f32 stay with JavaScript and give float32's 56/3 (the seed's table)", () => {
    const cost = compile(parse("mean((W*x - y)^2)"), {
      params: ["W"],
      data: { x: [1, 2, 3], y: [1, 2, 3] },
      precision: "f32",
    });
    expect(isWasm(cost.source)).toBe(false);
    expect(cost.value(Float64Array.of(3))).toBe(f(56 / 3));
  });

  test("an explicit wasm compiles f32 at any size; f64 is unchanged", () => {
    const three = compile(parse("mean((W*x - y)^2)"), {
      params: ["W"],
      data: { x: [1, 2, 3], y: [1, 2, 3] },
      precision: "f32",
      backend: "wasm",
    });
    expect(isWasm(three.source)).toBe(true);
    expect(three.value(Float64Array.of(3))).toBe(f(56 / 3)); // three rows, one at a time: in order
    expect(compile(seed, { params: ["W", "b"], data: data(WASM_ROWS) }).source).toContain("f64x2");
  });
});

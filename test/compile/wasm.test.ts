/**
 * The WebAssembly backend against the reference interpreter: random formulas over short columns (the
 * one-row-at-a-time path), over columns longer than a block (vectors, unrolled iterations, TwoSum between
 * blocks of 4096 rows), every function of the table lane by lane, mini-batches, the accuracy of long sums, and how
 * "auto" chooses and falls back. f32 (f32x4 lanes) is tested in wasmFloat32.test.ts.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile, evaluate, WASM_ROWS } from "../../src/compile/index.js";
import { gradient } from "../../src/diff/index.js";
import { call, FUNCTIONS, reduce, sym } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { check, withData, withoutData } from "./agreement.js";

const isWasm = (source: string) => source.startsWith(";; WebAssembly");

describe("compiled WebAssembly agrees with evaluate and with finite differences", () => {
  test("formulas over 1 to 9 rows (rows one at a time, and one vector iteration)", () => {
    fc.assert(fc.property(withData(1, 9), check("wasm")), { numRuns: 150 });
  });

  test("formulas over 3000 to 9000 rows (unrolled vectors, blocks of 4096 added with TwoSum)", () => {
    fc.assert(fc.property(withData(3000, 9000), check("wasm", true)), { numRuns: 15 });
  });

  test("formulas of parameters only", () => {
    fc.assert(fc.property(withoutData, check("wasm")), { numRuns: 100 });
  });
});

/** Points spread over a function's sampling interval, including its ends. */
const spread = (lo: number, hi: number, rows: number) =>
  Float64Array.from({ length: rows }, (_, i) => lo + ((hi - lo) * i) / (rows - 1));

describe("every function of the table, in vectors and in the rows left over", () => {
  // 11 rows: two unrolled iterations of 4, then 3 one at a time
  for (const fn of FUNCTIONS.values())
    test(fn.name, () => {
      const x = spread(fn.domain[0], fn.domain[1], 11);
      const y = Float64Array.from(x).reverse();
      const args = [sym("x"), sym("y")].slice(0, fn.arity);
      const body = call(fn, args.length === 1 ? [parse("W*x")] : [parse("W*x"), sym("y")]);
      const expr = reduce("sum", body);
      const cost = compile(expr, { params: ["W"], data: { x, y }, backend: "wasm" });
      const g = new Float64Array(1);
      const values = { W: 1, x, y };
      const value = cost.valueAndGradient(Float64Array.of(1), g);
      const reference = evaluate(expr, values);
      const partial = evaluate(gradient(expr, ["W"])[0]!, values);
      expect(Math.abs(value - reference)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(reference)));
      expect(Math.abs(g[0]! - partial)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(partial)));
      // each row alone, five times: in both lanes of both vectors of an iteration, and once left over
      for (let row = 0; row < x.length; row++) {
        cost.useRows!(Uint32Array.of(row, row, row, row, row));
        const one = { W: 1, x: x.subarray(row, row + 1), y: y.subarray(row, row + 1) };
        const expected = 5 * evaluate(expr, one);
        expect(cost.value(Float64Array.of(1))).toBeCloseTo(
          expected,
          12 - Math.ceil(Math.log10(Math.abs(expected) + 1)),
        );
      }
    });
});

test("a data-only part subtracted or divided by (read whole, not rebuilt from its factors)", () => {
  // found by the property test: sum(pi) is bound with the data, so -1*sum(pi) has no computed factors
  const x = Float64Array.from({ length: 9 }, (_, i) => i + 1);
  for (const text of ["W - 2*sum(x) + sum(W*x)", "W / sum(x) + mean(x/W)", "pi - sum(pi) + sum(W)"]) {
    const cost = compile(parse(text), { params: ["W"], data: { x }, backend: "wasm" });
    expect(cost.value(Float64Array.of(1.5))).toBeCloseTo(evaluate(parse(text), { W: 1.5, x }), 12);
  }
});

test("a quotient divides, as evaluate does: 49/49 is exactly 1 in every row (49·(1/49) is not)", () => {
  // 5 rows: one vector iteration of 4, then one row left over; and 1 row alone
  const text = "sum(W*x/y) + a/b";
  for (const rows of [5, 1]) {
    const x = new Float64Array(rows).fill(49);
    const cost = compile(parse(text), { params: ["W", "a", "b"], data: { x, y: x }, backend: "wasm" });
    expect(cost.value(Float64Array.of(1, 49, 49))).toBe(rows + 1);
    expect(evaluate(parse(text), { W: 1, a: 49, b: 49, x, y: x })).toBe(rows + 1);
  }
});

test("exp in vectors (a polynomial) is within 2 ulps of Math.exp, and Math.exp itself past ±708", () => {
  // every x from -745 to 709.7 (and the Math.exp values as a column): count the rows more than 2 ulps off
  const x = Float64Array.from({ length: 100_001 }, (_, i) => -745 + (1454.7 * i) / 100_000);
  const expX = x.map(Math.exp);
  const far = parse("sum(step(abs(exp(W*x) - expX) - 2*2.220446049250313e-16*expX))");
  const cost = compile(far, { params: ["W"], data: { x, expX }, backend: "wasm" });
  expect(cost.value(Float64Array.of(1))).toBe(0);
  const overflow = compile(parse("sum(exp(W*x))"), {
    params: ["W"],
    data: { x: [1, 2, 3, 4] },
    backend: "wasm",
  });
  expect(overflow.value(Float64Array.of(720))).toBe(Number.POSITIVE_INFINITY);
  expect(overflow.value(Float64Array.of(-190))).toBe(
    Math.exp(-190) + Math.exp(-380) + Math.exp(-570) + Math.exp(-760),
  );
});

test("log in vectors (a polynomial) is within 2 ulps of Math.log, and Math.log itself off positive normals", () => {
  // x from 1e-300 to 1e300 in steps of a factor, and finely around 1 where log is near 0
  const wide = Array.from({ length: 60_001 }, (_, i) => 10 ** (-300 + i / 100));
  const near = Array.from({ length: 40_001 }, (_, i) => 0.5 + i / 20_000);
  const x = Float64Array.from([...wide, ...near]);
  const logX = x.map(Math.log);
  const far = parse("sum(step(abs(log(W*x) - logX) - 2*2.220446049250313e-16*abs(logX)))");
  const cost = compile(far, { params: ["W"], data: { x, logX }, backend: "wasm" });
  expect(cost.value(Float64Array.of(1))).toBe(0);
  const edges = compile(parse("sum(log(W*x))"), {
    params: ["W"],
    data: { x: [1, 2, 3, 4] },
    backend: "wasm",
  });
  expect(edges.value(Float64Array.of(0))).toBe(Number.NEGATIVE_INFINITY);
  expect(edges.value(Float64Array.of(-1))).toBeNaN();
  expect(edges.value(Float64Array.of(1e-320))).toBe(
    [1, 2, 3, 4].reduce((t, k) => t + Math.log(k * 1e-320), 0),
  );
});

describe("long sums", () => {
  test("the mean of 10^6 values near 10^8 is within 2 ulps of the exact mean", () => {
    const rows = 1_000_000;
    const x = new Float64Array(rows);
    let state = 12345;
    let exact = 0n; // every value is a multiple of 2^-26, so the scaled sum is an exact BigInt
    for (let i = 0; i < rows; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      x[i] = 1e8 + state / 2 ** 31;
      exact += BigInt(x[i]! * 2 ** 26);
    }
    const mean = Number(exact) / 2 ** 26 / rows;
    const cost = compile(parse("mean(x + W)"), { params: ["W"], data: { x }, backend: "wasm" });
    expect(Math.abs(cost.value(Float64Array.of(0)) - mean)).toBeLessThanOrEqual(2 * 2 ** -26);
  });
});

describe("the seed's cost", () => {
  const rows = 3000;
  const x = Float64Array.from({ length: rows }, (_, i) => Math.sin(i));
  const y = Float64Array.from(x, (v, i) => 2 * v + 1 + 0.1 * Math.cos(7 * i));
  const seed = parse("mean((W*x + b - y)^2)");

  test("value and gradient equal the closed forms", () => {
    const cost = compile(seed, { params: ["W", "b"], data: { x, y }, backend: "wasm" });
    const [W, b] = [0.5, 0.1];
    let value = 0;
    let gW = 0;
    let gb = 0;
    for (let i = 0; i < rows; i++) {
      const r = W * x[i]! + b - y[i]!;
      value += (r * r) / rows;
      gW += (2 * r * x[i]!) / rows;
      gb += (2 * r) / rows;
    }
    const g = new Float64Array(2);
    expect(cost.valueAndGradient(Float64Array.of(W, b), g)).toBeCloseTo(value, 12);
    expect(g[0]).toBeCloseTo(gW, 12);
    expect(g[1]).toBeCloseTo(gb, 12);
    const alone = new Float64Array(2);
    cost.gradient(Float64Array.of(W, b), alone);
    expect([...alone]).toEqual([...g]);
  });

  test("a mini-batch reads the rows it names (useRows), and all rows again after", () => {
    const cost = compile(seed, { params: ["W", "b"], data: { x, y }, backend: "wasm" });
    const p = Float64Array.of(0.5, 0.1);
    const all = cost.value(p);
    const batch = Uint32Array.of(5, 7, 7, 2999, 0);
    cost.useRows!(batch);
    const pick = (c: Float64Array) => Float64Array.from(batch, (r) => c[r]!);
    expect(cost.value(p)).toBeCloseTo(evaluate(seed, { W: 0.5, b: 0.1, x: pick(x), y: pick(y) }), 12);
    cost.useRows!(undefined);
    expect(cost.value(p)).toBe(all);
  });

  test("the Hessian is available (compiled to JavaScript)", () => {
    const cost = compile(seed, { params: ["W", "b"], data: { x, y }, backend: "wasm" });
    const h = new Float64Array(4);
    cost.hessian(Float64Array.of(0.5, 0.1), h);
    const meanX2 = x.reduce((s, v) => s + v * v, 0) / rows;
    expect(h[0]).toBeCloseTo(2 * meanX2, 12);
    expect(h[3]).toBe(2);
  });
});

describe("choosing the backend", () => {
  const data = (rows: number) => ({
    x: Float64Array.from({ length: rows }, (_, i) => i / rows),
    y: new Float64Array(rows),
  });
  const seed = parse("mean((W*x + b - y)^2)");

  test(`auto compiles to WebAssembly from ${WASM_ROWS} rows, to JavaScript below`, () => {
    expect(isWasm(compile(seed, { params: ["W", "b"], data: data(WASM_ROWS) }).source)).toBe(true);
    expect(isWasm(compile(seed, { params: ["W", "b"], data: data(WASM_ROWS - 1) }).source)).toBe(false);
    expect(isWasm(compile(seed, { params: ["W", "b"], data: data(WASM_ROWS), backend: "js" }).source)).toBe(
      false,
    );
  });

  test("auto keeps JavaScript where a loop calls a JavaScript function at every row (no faster)", () => {
    const sine = parse("mean((sin(W*x) + b - y)^2)");
    expect(isWasm(compile(sine, { params: ["W", "b"], data: data(10 * WASM_ROWS) }).source)).toBe(false);
    expect(isWasm(compile(sine, { params: ["W", "b"], data: data(WASM_ROWS), backend: "wasm" }).source)).toBe(
      true,
    );
    // a sum of a function of the data only is computed once, when the data is bound: that loop does not count
    const bound = parse("mean((W*x + b - y)^2) + W*mean(exp(x))");
    expect(isWasm(compile(bound, { params: ["W", "b"], data: data(WASM_ROWS) }).source)).toBe(true);
  });

  test("auto keeps JavaScript where a row loop calls pow (an exponent not an integer, or beyond ±4)", () => {
    const auto = (text: string) =>
      isWasm(compile(parse(text), { params: ["W", "b"], data: data(WASM_ROWS) }).source);
    expect(auto("mean((W*x + b)^2.5)")).toBe(false);
    expect(auto("mean((W*x + b)^5)")).toBe(false);
    expect(auto("mean((W*x + b)^-5)")).toBe(false);
    // x·x·x·x, and a division, are instructions
    expect(auto("mean((W*x + b - y)^4)")).toBe(true);
    expect(auto("mean(y/(W*x + b))")).toBe(true);
  });
});

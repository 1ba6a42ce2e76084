/**
 * The code generator on the cases random formulas rarely reach, each against a closed form or the
 * reference interpreter: negative literals in every position (and float32's -0), powers written as
 * products, numeric factors of sums and means, long sums and products cut into partial results, deep
 * nesting cut by locals, row values recomputed in a later loop, and sums over many blocks of rows.
 */
import { describe, expect, test } from "vitest";
import { BLOCK, BLOCK_F32, emitBody } from "../../src/compile/codegen.js";
import { compile, evaluate } from "../../src/compile/index.js";
import { schedule } from "../../src/compile/schedule.js";
import { gradient } from "../../src/diff/index.js";
import {
  add,
  along,
  call,
  type Expr,
  FUNCTIONS,
  matmul,
  mul,
  num,
  pow,
  reduce,
  sizeOf,
  sym,
  transpose,
  walk,
} from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";

const f = Math.fround;

/** The text of the generated function `name`. */
function functionText(source: string, name: string): string {
  const start = source.indexOf(`function ${name}(`);
  return source.slice(start, source.indexOf("\n}", start));
}

/** Value and gradient of `expr` compiled over `params` at `point`, with the interpreter's, within 1e-13. */
function agrees(expr: Expr, params: string[], point: number[], data?: Record<string, number[]>) {
  const cost = compile(expr, { params, ...(data ? { data } : {}) });
  const values = new Map<string, number | number[]>([
    ...params.map((name, k): [string, number] => [name, point[k]!]),
    ...Object.entries(data ?? {}),
  ]);
  const g = new Float64Array(params.length);
  const value = cost.valueAndGradient(Float64Array.from(point), g);
  const truth = evaluate(expr, values);
  expect(Math.abs(value - truth)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(truth)));
  expect(cost.value(Float64Array.from(point))).toBe(value);
  for (const [k, partial] of gradient(expr, params).entries()) {
    const p = evaluate(partial, values);
    expect(Math.abs(g[k]! - p)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(p)));
  }
  return cost;
}

describe("numbers", () => {
  test("a negative number as a power's base, exponent, term and factor", () => {
    const W = 3;
    const cost = compile(parse("(-2)^W + W^(-3) - 3 + W*(-5) - 2*W"), { params: ["W"] });
    expect(cost.value(Float64Array.of(W))).toBe((-2) ** 3 + 1 / 27 - 3 - 15 - 6);
  });

  test("float32 keeps the sign of a number that rounds to -0", () => {
    const expr = mul(sym("W"), num(-1e-50));
    const cost = compile(expr, { params: ["W"], precision: "f32" });
    expect(Object.is(cost.value(Float64Array.of(1)), -0)).toBe(true);
    expect(Object.is(evaluate(expr, { W: 1 }, { precision: "f32" }), -0)).toBe(true);
  });

  test("numbers are rounded to float32 in f32 code", () => {
    const cost = compile(parse("W + 0.1"), { params: ["W"], precision: "f32" });
    expect(cost.value(Float64Array.of(0))).toBe(f(0.1));
    expect(cost.source).toContain(String(f(0.1)));
  });
});

describe("powers", () => {
  const x = [0.5, 1.25, -3, 7];
  test.each([2, 3, 4, -2, -3, -4])("x^%i is a product of x's, as exact as the product", (k) => {
    const cost = compile(pow(sym("W"), num(k)), { params: ["W"] });
    expect(functionText(cost.source, "value")).not.toContain("**");
    for (const w of x) {
      let product = w;
      for (let j = 1; j < Math.abs(k); j++) product *= w;
      expect(cost.value(Float64Array.of(w))).toBe(k > 0 ? product : 1 / product);
    }
  });

  test.each([5, -5, 0.5, 1.5, 2.5, -3.5])("x^%d is written with **", (k) => {
    const cost = compile(pow(sym("W"), num(k)), { params: ["W"] });
    expect(functionText(cost.source, "value")).toContain("**");
    expect(cost.value(Float64Array.of(1.25))).toBe(1.25 ** k);
  });

  test("x^-1 and a factor b^-1 are divisions", () => {
    const cost = compile(parse("a/b + 1/a"), { params: ["a", "b"] });
    expect(cost.value(Float64Array.of(3, 7))).toBe(3 / 7 + 1 / 3);
    expect(functionText(cost.source, "value")).not.toContain("**");
  });

  test("in f32 each product of a power rounds", () => {
    const cost = compile(parse("W^3 + W^-2"), { params: ["W"], precision: "f32" });
    const w = f(1.1);
    expect(cost.value(Float64Array.of(1.1))).toBe(f(f(f(w * w) * w) + f(1 / f(w * w))));
  });
});

describe("products and sums with numeric factors", () => {
  test("coefficients 1, -1 and others, first or after other terms", () => {
    agrees(parse("-a + b - 3*a*b + 2*b - a*b"), ["a", "b"], [1.5, -0.25]);
    agrees(parse("-(a*b) - a/b"), ["a", "b"], [2, 5]);
  });

  test("the numeric factor of a reduction's body is applied once to the total", () => {
    const data = { x: [1, 2, 4, -3], y: [0.5, 0.25, -1, 2] };
    for (const text of [
      "sum(3*x*W)",
      "mean(-x*W)",
      "sum(-2*x*y*W)",
      "mean(0.5*(x - W)^2)",
      "sum(-(x*W)) + mean(x*W)",
    ])
      agrees(parse(text, { data: ["x", "y"] }), ["W"], [0.75], data);
  });

  test("the factor is outside the loop: the loop adds x*W, the total is multiplied once", () => {
    const cost = compile(parse("sum(3*x*W) - mean(x*W)"), { params: ["W"], data: { x: [1, 2] } });
    const text = functionText(cost.source, "value");
    for (const line of text.split("\n").filter((l) => /s\d+ \+= /.test(l))) expect(line).not.toContain("3");
    expect(text).toMatch(/3 \* \(t\d+ \+ e\d+\)/);
    expect(cost.value(Float64Array.of(0.5))).toBeCloseTo(3 * 1.5 - 0.75, 14);
  });

  test("in f32, a reduction's factor and mean round as float32 does", () => {
    const x = [1, 2, 4];
    const cost = compile(parse("mean(3*x*W)"), { params: ["W"], data: { x }, precision: "f32" });
    const w = f(0.1);
    // the body x*W per row, summed, then times 3, then divided by n: each rounded
    let s = 0;
    for (const v of x) s = f(s + f(v * w));
    expect(cost.value(Float64Array.of(0.1))).toBe(f(f(3 * s) / 3));
    const minus = compile(parse("sum(-x*W)"), { params: ["W"], data: { x }, precision: "f32" });
    expect(minus.value(Float64Array.of(0.1))).toBe(-s);
  });

  test("sum and mean of a scalar are n times it and it", () => {
    agrees(parse("sum(W^2) + mean(exp(W)) + sum(x)*0"), ["W"], [0.5], { x: [1, 2, 3] });
    const cost = compile(parse("sum(W^2) + mean(exp(W))"), { params: ["W"], data: { x: [1, 2, 3] } });
    expect(cost.value(Float64Array.of(0.5))).toBe(3 * 0.25 + Math.exp(0.5));
  });
});

describe("long sums and products are cut into partial results", () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
  const point = (n: number) => Array.from({ length: n }, (_, i) => 1 + (i % 7) / 8);

  test.each([64, 65, 129])("a sum of %i parameters and its gradient", (n) => {
    const params = names(n);
    // alternating signs: terms after the first are written with - where negative
    const expr = add(...params.map((name, i) => (i % 3 === 1 ? mul(num(-2), sym(name)) : sym(name))));
    const cost = agrees(expr, params, point(n));
    const value = cost.value(Float64Array.from(point(n)));
    expect(value).toBeCloseTo(
      point(n).reduce((s, v, i) => s + (i % 3 === 1 ? -2 * v : v), 0),
      10,
    );
    // no line adds more than 64 terms to a partial sum
    for (const line of cost.source.split("\n")) expect(line.split(/ [+-] /).length).toBeLessThanOrEqual(65);
  });

  test.each([64, 65])("a product of %i parameters", (n) => {
    const params = names(n);
    const expr = mul(...params.map((name) => sym(name)));
    const cost = agrees(expr, params, point(n));
    for (const line of cost.source.split("\n")) expect(line.split(" * ").length).toBeLessThanOrEqual(65);
  });

  test("a long sum's partial results are written after their terms: each term is computed once", () => {
    const n = 140;
    const params = names(n);
    const sine = FUNCTIONS.get("sin")!;
    // sin(p_i) is read by the value's term and by the partial derivative: a local, computed once
    const expr = add(...params.map((name) => mul(call(sine, [sym(name)]), sym(name))));
    const cost = agrees(expr, params, point(n));
    // valueAndGradient is big enough to be cut into chunk functions: count in all of them
    const pieces = cost.source
      .split(/\n(?=function )/)
      .filter((f) => f.startsWith("function valueAndGradient"));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("\n").match(/Math\.sin/g)).toHaveLength(n);
    // and each product sin(p_i)*p_i once: n of them, and n more in the partials cos(p_i)*p_i
    expect(pieces.join("\n").match(/ \* /g)).toHaveLength(2 * n);
  });

  test("long sums of computed terms, also inside a loop over the rows", () => {
    const n = 70;
    const params = names(n);
    const x = [1, -2, 0.5];
    const sine = FUNCTIONS.get("sin")!;
    const terms = params.map((name, i) => mul(num(i + 1), call(sine, [mul(sym(name), sym("x"))])));
    const expr = add(reduce("mean", add(...terms)), ...params.map((name) => pow(sym(name), num(2))));
    agrees(expr, params, point(n), { x });
    const cost = compile(expr, { params, data: { x } });
    const p = point(n);
    let truth = 0;
    for (const v of x) for (let i = 0; i < n; i++) truth += ((i + 1) * Math.sin(p[i]! * v)) / x.length;
    for (const v of p) truth += v * v;
    expect(cost.value(Float64Array.from(p))).toBeCloseTo(truth, 10);
  });
});

describe("nesting", () => {
  test("a chain of 80 operations nests at most 8 inline under each local", () => {
    let e: Expr = sym("W");
    for (let k = 0; k < 40; k++) e = pow(add(e, num(1)), num(0.5));
    const cost = agrees(e, ["W"], [0.7]);
    const operations = functionText(cost.source, "value")
      .split("\n")
      .map((line) => line.split(/ \*\* | \+ /).length - 1);
    expect(Math.max(...operations)).toBe(9);
    let truth = 0.7;
    for (let k = 0; k < 40; k++) truth = (truth + 1) ** 0.5;
    expect(cost.value(Float64Array.of(0.7))).toBe(truth);
  });

  test("so does a chain after a loop over the rows", () => {
    let e: Expr = reduce("mean", mul(sym("x"), sym("W")));
    for (let k = 0; k < 40; k++) e = pow(add(e, num(1)), num(0.5));
    const cost = compile(e, { params: ["W"], data: { x: [1, 3] } });
    const operations = functionText(cost.source, "value")
      .split("\n")
      .map((line) => line.split(/ \*\* | \+ /).length - 1);
    expect(Math.max(...operations)).toBe(9);
    let truth = 2 * 0.5;
    for (let k = 0; k < 40; k++) truth = (truth + 1) ** 0.5;
    expect(cost.value(Float64Array.of(0.5))).toBe(truth);
  });

  test("so does a chain of sums and products", () => {
    let e: Expr = sym("W");
    for (let k = 0; k < 40; k++) e = mul(add(e, num(1)), sym("W"));
    const cost = compile(e, { params: ["W"] });
    const operations = functionText(cost.source, "value")
      .split("\n")
      .map((line) => line.split(/ \* | \+ /).length - 1);
    expect(Math.max(...operations)).toBe(9);
    let truth = 0.9;
    for (let k = 0; k < 40; k++) truth = (truth + 1) * 0.9;
    expect(cost.value(Float64Array.of(0.9))).toBe(truth);
  });

  test.each([
    ["a power written as a product", "(sin(W) + W)^3 + (sin(2*W) - W)^-2"],
    ["a function that repeats its argument", "sigmoid(sin(W)*W) + relu(sin(3*W) + W)"],
    ["a power in a loop over the rows", "mean((sin(x*W) + W)^4)"],
    ["a function in a loop over the rows", "mean(sigmoid(sin(x*W) - W))"],
  ])("the operand of %s is computed once: %s", (_, text) => {
    const expr = parse(text, { data: ["x"] });
    const cost = agrees(expr, ["W"], [0.3], { x: [1, -2, 0.5] });
    const sines = new Set(
      walk(expr)
        .filter((e) => e.kind === "call" && e.fn.name === "sin")
        .map((e) => e.id),
    );
    expect(functionText(cost.source, "value").match(/Math\.sin/g)).toHaveLength(sines.size);
  });

  test("a root that another root reads is computed once", () => {
    // the value exp(exp(W)) is also a factor of the derivative exp(W)*exp(exp(W))
    const cost = agrees(parse("exp(exp(W))"), ["W"], [0.2]);
    expect(functionText(cost.source, "valueAndGradient").match(/Math\.exp/g)).toHaveLength(2);
  });

  test("a reduction's body that another row value reads is computed once per row", () => {
    const expr = parse("mean(exp(x*W)) + mean(exp(x*W)*y)", { data: ["x", "y"] });
    const cost = agrees(expr, ["W"], [0.4], { x: [1, 2, -1], y: [3, 0.5, 2] });
    expect(functionText(cost.source, "value").match(/Math\.exp/g)).toHaveLength(1);
  });

  test("a value read twice is computed once", () => {
    const cost = compile(parse("sin(W)*exp(W) + sin(W)^2"), { params: ["W"] });
    expect(functionText(cost.source, "value").match(/Math\.sin/g)).toHaveLength(1);
    expect(cost.value(Float64Array.of(0.3))).toBeCloseTo(
      Math.sin(0.3) * Math.exp(0.3) + Math.sin(0.3) ** 2,
      14,
    );
  });
});

describe("loops over the rows", () => {
  const x = [1, 2, 4, -1, 0.5];
  const y = [2, -1, 0.5, 3, 1];

  test("a row value used by two loops is computed in each", () => {
    const expr = parse("mean((x*W - mean(x*W))^2) + sum(exp(x*W)*y)*mean(y*exp(x*W))", { data: ["x", "y"] });
    agrees(expr, ["W"], [0.3], { x, y });
  });

  test("reductions at three levels, and outputs from every level", () => {
    const expr = parse("mean(y*mean(x*mean(x*W)*W)) + mean(x*W)^2 + W", { data: ["x", "y"] });
    agrees(expr, ["W"], [-0.6], { x, y });
  });

  test.each([
    ["f64", BLOCK],
    ["f32", BLOCK_F32],
  ] as const)(
    "in %s, sums over one row, one block, a block and one row, and many blocks",
    (precision, block) => {
      for (const n of [1, block - 1, block, block + 1, 3 * block + 7]) {
        // x_i = i + 1: sum(x*W) = W n (n+1)/2 and mean(x^2) = (n+1)(2n+1)/6, exact in float32 too
        const xs = Array.from({ length: n }, (_, i) => i + 1);
        const cost = compile(parse("sum(x*W) + mean(x^2)"), { params: ["W"], data: { x: xs }, precision });
        const round = precision === "f32" ? f : (v: number) => v;
        const expected = round(round((2 * n * (n + 1)) / 2) + round(((n + 1) * (2 * n + 1)) / 6));
        expect(cost.value(Float64Array.of(2))).toBe(expected);
        const g = new Float64Array(1);
        cost.valueAndGradient(Float64Array.of(2), g);
        expect(g[0]).toBe((n * (n + 1)) / 2);
      }
    },
  );

  test.each([
    ["f64", BLOCK, 2 ** 53],
    ["f32", BLOCK_F32, 2 ** 24],
  ] as const)("in %s, what a block adds below the total's ulp is not lost", (precision, block, big) => {
    // a first block summing to 2^53 (2^24), then eleven blocks summing to 1 each: a plain sum of the block
    // sums stays at 2^53, each 1 rounding away; the compensated one is the exact 2^53 + 11, rounded once
    const x = new Array<number>(12 * block).fill(0);
    x[0] = big;
    for (let k = 1; k <= 11; k++) x[k * block + 3] = 1;
    // the JavaScript code (auto would take WebAssembly for f32 from 33 rows)
    const cost = compile(parse("sum(x*W)"), { params: ["W"], data: { x }, precision, backend: "js" });
    const round = precision === "f32" ? f : (v: number) => v;
    expect(cost.value(Float64Array.of(1))).toBe(round(big + 11));
    // the loop steps through the rows by the block length of its precision
    expect(cost.source).toContain(`lo += ${block})`);
  });

  test("in f32, compensation across blocks: a sum of 1000 float32 thirds", () => {
    const n = 1000;
    const third = f(1 / 3);
    const cost = compile(parse("sum(x*W)"), {
      params: ["W"],
      data: { x: new Array(n).fill(third) },
      precision: "f32",
      backend: "js",
    });
    const exact = f(n * third);
    expect(Math.abs(cost.value(Float64Array.of(1)) - exact)).toBeLessThanOrEqual(
      2 * (f(exact * (1 + 2 ** -23)) - exact),
    );
  });
});

describe("vector and matrix nodes", () => {
  test.each([
    ["matmul", matmul(sym("A"), sym("B"))],
    ["transpose", transpose(sym("A"))],
    ["along", along("sum", sym("A"), 0)],
    ["size", sizeOf("rows", sym("A"))],
  ])("a %s node reaching the code generator is an internal error", (kind, node) => {
    // scalar parameters A and B: the node itself is what the generator cannot write
    const root = add(node, sym("B"));
    const plan = schedule([root], (e) => e.kind === "sym", new Set());
    const frame = { input: () => "p[0]", column: () => 0 };
    expect(() => emitBody(plan, frame, [[root, undefined]])).toThrow(
      `internal: a ${kind} node reached a scalar stage; lower the formula first`,
    );
  });
});

/**
 * Hoisted moments (src/compile/moments.ts): a cost that is a polynomial in the data gives the same value,
 * gradient and Hessian as the row loop (`moments: false`), on random polynomial costs and data, and on data
 * far from zero with a small spread, where the truth is computed exactly with BigInt rationals. Costs that
 * are not polynomial in the data, too big an expansion, or too few rows are left as loops.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type CompiledObjective, compile } from "../../src/compile/index.js";
import {
  hoistMoments,
  MAX_DEGREE,
  MAX_MONOMIALS,
  MIN_ROWS,
  sampleCentre,
} from "../../src/compile/moments.js";
import { gradient } from "../../src/diff/index.js";
import { addAll, type Expr, mulAll, num, pow, reduce, sym } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { exactValue, random } from "./exactPolynomial.js";

const PARAMS = ["a", "b", "c"];
const COLUMNS = ["x", "y", "z"];

/** The entry point's text of a compiled cost: where a row loop would show as `for (`. */
const entry = (cost: CompiledObjective, name: string) =>
  cost.source.slice(cost.source.indexOf(`function ${name}(`)).split("\nfunction ")[0]!;
const loops = (cost: CompiledObjective) => entry(cost, "valueAndGradient").includes("for (");
/** Columns x, y of `rows` rows, well spread around 0. */
const line = (rows: number) => {
  const x = Float64Array.from({ length: rows }, (_, i) => Math.sin(i));
  return { x, y: Float64Array.from(x, (v, i) => 2 * v + 1 + 0.1 * Math.cos(7 * i)) };
};

// ---- random polynomial costs -----------------------------------------------------------------------------

const arbName = fc.constantFrom(...PARAMS, ...COLUMNS).map(sym);
const arbLeaf = fc.oneof(
  arbName,
  arbName,
  fc.integer({ min: -3, max: 3 }).map((k) => num(k)),
);
const arbMonomial = fc.array(arbLeaf, { minLength: 1, maxLength: 3 }).map(mulAll);
const arbFactor = fc
  .tuple(fc.array(arbMonomial, { minLength: 1, maxLength: 3 }).map(addAll), fc.integer({ min: 1, max: 3 }))
  .map(([base, k]) => pow(base, num(k)));
const arbBody = fc.array(fc.array(arbFactor, { minLength: 1, maxLength: 2 }).map(mulAll), {
  minLength: 1,
  maxLength: 2,
});
/** A sum of one or two reductions of random polynomial bodies, and maybe a term in the parameters alone. */
const arbPolynomialCost = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("sum" as const, "mean" as const), arbBody.map(addAll)), {
      minLength: 1,
      maxLength: 2,
    }),
    fc.option(fc.array(fc.constantFrom(...PARAMS).map(sym), { minLength: 1, maxLength: 2 }).map(mulAll), {
      nil: undefined,
    }),
  )
  .map(([reductions, outside]) =>
    addAll([...reductions.map(([op, body]) => reduce(op, body)), ...(outside ? [outside] : [])]),
  );

/** Columns of `rows` values: around 0 with spread 1, or far from it (offset ~1e6) with spread 1. */
function columns(seed: number, rows: number, offset: number): Map<string, Float64Array> {
  const next = random(seed);
  return new Map(
    COLUMNS.map((name, k) => [
      name,
      Float64Array.from({ length: rows }, () => offset * (1 + k / 7) + 2 * next() - 1),
    ]),
  );
}

const arbPoint = fc.tuple(
  ...PARAMS.map(() => fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true })),
);

describe("on random polynomial costs, hoisted equals the row loop", () => {
  test("value and gradient, within rounding of the formula's magnitude", () => {
    let hoisted = 0;
    fc.assert(
      fc.property(
        arbPolynomialCost,
        arbPoint,
        fc.integer(),
        fc.integer({ min: 20, max: 120 }),
        (expr, q, seed, rows) => {
          const data = columns(seed, rows, 0);
          const point = new Map(PARAMS.map((name, k) => [name, q[k]!]));
          const withMoments = compile(expr, { params: PARAMS, data, moments: true });
          const rowLoop = compile(expr, { params: PARAMS, data, moments: false });
          if (withMoments.source !== rowLoop.source) hoisted++;
          const p = Float64Array.from(q);
          const g = new Float64Array(3);
          const gLoop = new Float64Array(3);
          const value = withMoments.valueAndGradient(p, g);
          const loopValue = rowLoop.valueAndGradient(p, gLoop);
          // both sum in a different order; each is within a few hundred ε of the magnitude, not of the result
          const tolerance = (e: Expr) => 1e-10 * exactValue(e, point, data, true) + 1e-300;
          expect(Math.abs(value - loopValue)).toBeLessThanOrEqual(tolerance(expr));
          gradient(expr, PARAMS).forEach((partial, k) => {
            expect(Math.abs(g[k]! - gLoop[k]!)).toBeLessThanOrEqual(tolerance(partial));
          });
        },
      ),
      { numRuns: 30 },
    );
    // the property says something only when most costs were hoisted
    expect(hoisted).toBeGreaterThan(12);
  });
});

describe("on data far from zero with a small spread, hoisted is as accurate as the row loop", () => {
  const MODELS = (
    [
      { cost: parse("mean((W*x + b - y)^2)"), params: ["W", "b"], columns: ["x", "y"], fit: [2, 1] },
      {
        cost: parse("mean((a*x + b*z + c - y)^2)"),
        params: ["a", "b", "c"],
        columns: ["x", "y", "z"],
        fit: [2, -1, 1],
      },
      {
        cost: parse("sum((a*x^2 + b*x + c - y)^2)/1e6"),
        params: ["a", "b", "c"],
        columns: ["x", "y"],
        fit: [1e-6, 2, 1],
      },
    ] as const
  ).map((model) => ({ ...model, partials: gradient(model.cost, [...model.params]) }));
  /** x and z about `offset` ± 1, y = 2x - z + 1 + noise: a line fitted far from the origin. */
  function farData(seed: number, rows: number, offset: number, noise: number): Map<string, Float64Array> {
    const next = random(seed);
    const x = Float64Array.from({ length: rows }, () => offset + 2 * next() - 1);
    const z = Float64Array.from({ length: rows }, () => -0.5 * offset + 2 * next() - 1);
    const y = Float64Array.from(x, (v, i) => 2 * v - z[i]! + 1 + 1e-6 * v * v + noise * (2 * next() - 1));
    return new Map([
      ["x", x],
      ["y", y],
      ["z", z],
    ]);
  }

  test("value within 1e-9 of the exact one, gradient within the row loop's own error", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        fc.integer(),
        fc.constantFrom(1e6, -3e5, 1e3),
        fc.constantFrom(1, 1e-2),
        fc.constantFrom(0, 1e-9, 1e-6, 1),
        fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
        (model, seed, offset, noise, away, [u, v]) => {
          const rows = 200;
          const all = farData(seed, rows, offset, noise);
          const data = new Map(model.columns.map((name) => [name, all.get(name)!]));
          const q = model.fit.map((f, k) => f * (1 + away * (k % 2 === 0 ? u : v)));
          const point = new Map(model.params.map((name, k) => [name, q[k]!]));
          const withMoments = compile(model.cost, { params: model.params, data, moments: true });
          const rowLoop = compile(model.cost, { params: model.params, data, moments: false });
          expect(withMoments.source).not.toBe(rowLoop.source);
          const p = Float64Array.from(q);
          const g = new Float64Array(q.length);
          const gLoop = new Float64Array(q.length);
          const value = withMoments.valueAndGradient(p, g);
          const loopValue = rowLoop.valueAndGradient(p, gLoop);
          const truth = exactValue(model.cost, point, data);
          expect(Math.abs(value - truth)).toBeLessThanOrEqual(
            Math.max(1e-9 * Math.abs(truth), 8 * Math.abs(loopValue - truth)),
          );
          model.partials.forEach((partial, k) => {
            const exactPartial = exactValue(partial, point, data);
            expect(Math.abs(g[k]! - exactPartial)).toBeLessThanOrEqual(
              Math.max(1e-9 * Math.abs(exactPartial), 8 * Math.abs(gLoop[k]! - exactPartial)),
            );
          });
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe("what is hoisted", () => {
  const seed = parse("mean((W*x + b - y)^2)");

  test("by default only where it pays: not on the seed's 3 rows, on 10^4 rows", () => {
    const few = compile(seed, { params: ["W", "b"], data: { x: [1, 2, 3], y: [1, 2, 3] } });
    expect(loops(few)).toBe(true);
    const many = compile(seed, { params: ["W", "b"], data: line(10_000) });
    expect(loops(many)).toBe(false);
    expect(compile(seed, { params: ["W", "b"], data: line(10_000), moments: false }).source).not.toBe(
      many.source,
    );
  });

  test("in f32 never (it would change PyTorch's float32 digits)", () => {
    // JavaScript, whose source shows the loop (auto would take f32 WebAssembly at this size)
    const options = { params: ["W", "b"], data: line(10_000), precision: "f32", backend: "js" } as const;
    expect(loops(compile(seed, options))).toBe(true);
  });

  test.each([
    "mean(log(1 + exp(-y*(W*x + b))))",
    "mean((exp(W*x) - y)^2)",
    "mean(abs(W*x + b - y))",
    "mean((W*x + b - y)^2/(1 + W^2*x^2))",
    "mean(sqrt(1 + (W*x + b - y)^2))",
    "mean((W*x + b - y)^6)",
    "sum((W*x + b*y + W*x^2 + b*y^2 + W*b*x*y)^4)",
  ])("not %s: not a polynomial in the data, or too big an expansion", (text) => {
    const expr = parse(text);
    const data = line(200);
    expect(compile(expr, { params: ["W", "b"], data, moments: true }).source).toBe(
      compile(expr, { params: ["W", "b"], data, moments: false }).source,
    );
  });

  test.each([
    ["mean((W*exp(x) + b - y)^2)", "a data-only function of the rows is a variable of the polynomial"],
    ["sum(x*mean(W*x + b)) + mean((W - b*y)^3)", "reductions inside a hoisted one's coefficients"],
    ["mean((W*x + b - y)^2) + 0.1*(W^2 + b^2)", "a ridge penalty outside the reduction"],
    ["mean((W*(x - mean(x)) + b*x*mean(y) - y)^2)", "data-only reductions inside the data variables"],
  ])("%s: %s, same value, gradient and Hessian as the loop", (text) => {
    const expr = parse(text);
    const data = line(200);
    const hoisted = compile(expr, { params: ["W", "b"], data, moments: true });
    const loop = compile(expr, { params: ["W", "b"], data, moments: false });
    expect(loops(hoisted)).toBe(false);
    const p = Float64Array.of(0.7, -0.3);
    const [g, gLoop, h, hLoop] = [2, 2, 4, 4].map((n) => new Float64Array(n)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    expect(hoisted.valueAndGradient(p, g)).toBeCloseTo(loop.valueAndGradient(p, gLoop), 12);
    hoisted.hessian(p, h);
    loop.hessian(p, hLoop);
    for (let k = 0; k < 2; k++) expect(g[k]).toBeCloseTo(gLoop[k]!, 12);
    for (let k = 0; k < 4; k++) expect(h[k]).toBeCloseTo(hLoop[k]!, 12);
  });

  test("mini-batches of a hoisted cost range over the batch's rows, as the loop's do", () => {
    const data = line(10_000);
    const hoisted = compile(seed, { params: ["W", "b"], data });
    const loop = compile(seed, { params: ["W", "b"], data, moments: false });
    const batch = Uint32Array.of(3, 3, 17, 4000, 9999);
    const p = Float64Array.of(1.5, -0.25);
    const [g, gLoop] = [new Float64Array(2), new Float64Array(2)];
    for (const cost of [hoisted, loop]) cost.useRows!(batch);
    expect(hoisted.valueAndGradient(p, g)).toBeCloseTo(loop.valueAndGradient(p, gLoop), 12);
    expect([...g].map((v) => v.toFixed(10))).toEqual([...gLoop].map((v) => v.toFixed(10)));
    for (const cost of [hoisted, loop]) cost.useRows!(undefined);
    expect(hoisted.valueAndGradient(p, g)).toBeCloseTo(loop.valueAndGradient(p, gLoop), 12);
  });
});

describe("where the hoisted terms cancel, the row loop is used", () => {
  test("an exact fit (y = x): near it the cost keeps the row loop's digits", () => {
    const x = Float64Array.from({ length: 5000 }, (_, i) => 1 + (i % 3));
    const data = { x, y: x };
    const seed = parse("mean((W*x + b - y)^2)");
    const hoisted = compile(seed, { params: ["W", "b"], data, moments: true });
    const loop = compile(seed, { params: ["W", "b"], data, moments: false });
    const point = new Map([["b", 0]]);
    const columns = new Map([
      ["x", x],
      ["y", x],
    ]);
    const [g, gLoop] = [new Float64Array(2), new Float64Array(2)];
    for (const w of [1 + 1e-7, 1 - 3e-9, 1.5]) {
      point.set("W", w);
      const p = Float64Array.of(w, 0);
      const truth = exactValue(seed, point, columns);
      // the moments' terms are about 1 and cancel to (w - 1)²·mean(x²): 1e-14 and less, where the row
      // loop keeps 7 digits or more and the moments would keep none
      const loopError = Math.abs(loop.valueAndGradient(p, gLoop) - truth);
      for (const value of [hoisted.value(p), hoisted.valueAndGradient(p, g)])
        expect(Math.abs(value - truth)).toBeLessThanOrEqual(Math.max(1e-9 * truth, loopError));
      expect([...g]).toEqual([...gLoop].map((v) => expect.closeTo(v, 12)));
    }
  });
});

describe("sampleCentre: the mean of the middle half of the atom at rows spread evenly over the data", () => {
  const x = Float64Array.from({ length: 100 }, (_, i) => i);
  const columns = new Map([
    ["x", x],
    ["y", Float64Array.from(x, (v) => 1000 - v)],
  ]);
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

  test("of a column, and of a row expression (its values at the middle rows)", () => {
    // 33 rows ⌊(k + ½)·100/33⌋ for k = 0 … 32, increasing; the middle half drops 8 at each end: k = 8 … 24
    const middle = Array.from({ length: 17 }, (_, i) => Math.floor(((i + 8 + 0.5) * 100) / 33));
    expect(middle[0]).toBe(25);
    expect(middle[16]).toBe(74);
    expect(sampleCentre(sym("x"), columns, 100)).toBeCloseTo(mean(middle), 12);
    // x² + y = x² + 1000 − x increases with x over these rows, so the same rows are the middle half
    expect(sampleCentre(parse("x^2 + y"), columns, 100)).toBeCloseTo(
      mean(middle.map((r) => r * r + 1000 - r)),
      9,
    );
    // fewer rows than samples: each row once; of 0, 1, 2, 3 the middle half is 1, 2
    expect(sampleCentre(sym("x"), columns, 4)).toBe(1.5);
    expect(sampleCentre(sym("x"), columns, 1)).toBe(0);
    // in any order: of 5, 9, 1, 7, 3 the middle half is 3, 5, 7
    expect(sampleCentre(sym("x"), new Map([["x", Float64Array.of(5, 9, 1, 7, 3)]]), 5)).toBeCloseTo(5, 14);
  });

  test("robust to a few outliers and blind to non-finite values; 0 when nothing is finite or the atom reduces", () => {
    const spiky = Float64Array.from(x, (v, i) => (i % 10 === 3 ? 1e300 : i % 10 === 6 ? Number.NaN : v));
    const withSpikes = new Map([["x", spiky]]);
    const median = sampleCentre(sym("x"), withSpikes, 100);
    expect(median).toBeGreaterThan(30);
    expect(median).toBeLessThan(70);
    expect(sampleCentre(sym("x"), new Map([["x", new Float64Array(9).fill(Number.NaN)]]), 9)).toBe(0);
    expect(sampleCentre(parse("x*mean(x)"), columns, 100)).toBe(0);
  });
});

describe("hoistMoments at its caps", () => {
  const context = (rows: number, always = false) => ({
    isParam: (name: string) => name === "W" || name === "b",
    isColumn: (name: string) => name === "x" || name === "y" || name.startsWith("c"),
    rows,
    always,
    centre: () => 0,
  });
  const hoisted = (text: string, rows: number, always = false) =>
    hoistMoments(parse(text), context(rows, always)).sums.length;

  test(`pays from MIN_ROWS = ${MIN_ROWS} rows on`, () => {
    expect(hoisted("mean((W*x + b - y)^2)", MIN_ROWS)).toBe(1);
    expect(hoisted("mean((W*x + b - y)^2)", MIN_ROWS - 1)).toBe(0);
    expect(hoisted("mean((W*x + b - y)^2)", 3, true)).toBe(1);
  });

  test(`at most MAX_MONOMIALS = ${MAX_MONOMIALS} monomials: W·c1 + … + W·ck has k + 1 (with the constant)`, () => {
    const sum = (k: number) => `sum(${Array.from({ length: k }, (_, i) => `W*c${i + 1}`).join(" + ")})`;
    expect(hoisted(sum(MAX_MONOMIALS - 1), 10, true)).toBe(1);
    expect(hoisted(sum(MAX_MONOMIALS), 10, true)).toBe(0);
  });

  test("a negative power of the data is not a polynomial", () => {
    expect(hoisted("mean(1/(W*x + b - y))", 10, true)).toBe(0);
    expect(hoisted("mean((W*x + b - y)^-2)", 10, true)).toBe(0);
  });

  test(`data to the power MAX_DEGREE = ${MAX_DEGREE} is hoisted, one more is not`, () => {
    expect(hoisted(`mean((W*x - y)^${MAX_DEGREE})`, 10, true)).toBe(1);
    expect(hoisted(`mean((W*x - y)^${MAX_DEGREE + 1})`, 10, true)).toBe(0);
    expect(hoisted(`mean((W*x)^2*(W*x - y)^${MAX_DEGREE - 2})`, 10, true)).toBe(1);
    expect(hoisted(`mean((W*x)^2*(W*x - y)^${MAX_DEGREE - 1})`, 10, true)).toBe(0);
  });
});

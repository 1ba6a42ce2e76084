/**
 * `precision: "f32"`: every result is a float32 (Math.fround leaves it unchanged), within float32 rounding
 * of the reference interpreter run on the float32-rounded inputs, on random formulas; sums keep their
 * compensated accuracy in float32; and known float32 results (56/3 → 18.666666).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile, evaluate } from "../../src/compile/index.js";
import { gradient } from "../../src/diff/index.js";
import { columnsOutsideReductions, type Expr, reduce, walk } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { arbExpr } from "../arb.js";
import { cancellation } from "./agreement.js";

const PARAMS = ["a", "b"];
const f = Math.fround;

/**
 * float32 has a unit roundoff of 6e-8; a depth-3 formula rounds a few dozen times and cancellation can
 * magnify that, so results are compared relative to the largest magnitude involved (as the f64 property
 * test does with 1e-12), with room for about 2000 roundings.
 */
const ROUNDING32 = 1e-4;

const arbValue = fc.integer({ min: -3000, max: 3000 }).map((k) => f(k / 1000));
const arbCase = fc.record({
  expr: arbExpr({ depth: 3, names: [...PARAMS, "x"], reductions: true }).map((e: Expr) =>
    columnsOutsideReductions(e, new Set(["x"])).length > 0 ? reduce("mean", e) : e,
  ),
  a: arbValue,
  b: arbValue,
  x: fc.array(arbValue, { minLength: 1, maxLength: 4 }),
});

describe("f32 against the reference on float32 inputs", () => {
  test("values and gradients are float32 numbers within float32 rounding of evaluate", () => {
    let compared = 0;
    fc.assert(
      fc.property(arbCase, ({ expr, a, b, x }) => {
        const values = { a, b, x };
        // only points where every subexpression is finite and far from float32's range limits
        const finite = walk(expr).every((node) => {
          const v = evaluate(reduce("sum", node), values);
          return Number.isFinite(v) && Math.abs(v) < 1e30;
        });
        if (!finite) return;
        const trees = gradient(expr, PARAMS);
        const partials = trees.map((g) => evaluate(g, values));
        if (!partials.every((v) => Number.isFinite(v) && Math.abs(v) < 1e30)) return;
        const reference = evaluate(expr, values);
        // where the reference interpreter itself, rounding every value to float32, moves by more than the
        // tolerance (tan near a pole, a steep power), the point is ill-conditioned for any float32 code and
        // is left out; such points are counted below
        const scale0 = Math.max(1, Math.abs(reference), ...partials.map(Math.abs));
        const f32 = { precision: "f32" } as const;
        const moved = [
          evaluate(expr, values, f32) - reference,
          ...trees.map((g, k) => evaluate(g, values, f32) - partials[k]!),
        ];
        if (!moved.every((d) => Math.abs(d) <= (ROUNDING32 * scale0) / 4)) return;
        const cost = compile(expr, { params: PARAMS, data: { x }, precision: "f32" });
        const g = new Float64Array(2);
        const value = cost.valueAndGradient(Float64Array.of(a, b), g);
        expect(f(value)).toBe(value);
        for (const gk of g) expect(f(gk)).toBe(gk);
        // rounding in a different order than the interpreter's is magnified where the formula's sums cancel
        const scale = scale0 * cancellation([expr, ...trees], values);
        expect(Math.abs(value - reference)).toBeLessThanOrEqual(ROUNDING32 * scale);
        for (const [k, partial] of partials.entries())
          expect(Math.abs(g[k]! - partial)).toBeLessThanOrEqual(ROUNDING32 * scale);
        compared++;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(150); // most cases are compared, not skipped
  });
});

describe("f32 arithmetic", () => {
  const xy = { x: [1, 2, 3], y: [1, 2, 3] };

  test("mean((3*x - y)^2) is float32's 56/3, 18.666666, where f64 gives 18.666667", () => {
    const mse = parse("mean((W*x - y)^2)", { data: ["x", "y"] });
    const f32 = compile(mse, { params: ["W"], data: xy, precision: "f32" }).value(Float64Array.of(3));
    const f64 = compile(mse, { params: ["W"], data: xy }).value(Float64Array.of(3));
    expect(f32).toBe(f(56 / 3));
    expect(f32.toFixed(6)).toBe("18.666666");
    expect(f64.toFixed(6)).toBe("18.666667");
  });

  test("the reference interpreter rounds every value to float32 when asked", () => {
    const expr = parse("W*mean(x) + 1/3");
    const values = { W: 0.1, x: [0.1, 0.2] };
    const x = [f(0.1), f(0.2)];
    const meanX = f(f(x[0]! + x[1]!) / 2);
    expect(evaluate(expr, values, { precision: "f32" })).toBe(f(f(f(0.1) * meanX) + f(1 / 3)));
    expect(evaluate(expr, values)).toBe(0.1 * 0.15000000000000002 + 1 / 3);
  });

  test("parameters and data are read as float32", () => {
    const cost = compile(parse("W*mean(x)"), { params: ["W"], data: { x: [0.1] }, precision: "f32" });
    expect(cost.value(Float64Array.of(0.1))).toBe(f(f(0.1) * f(0.1)));
  });

  test("a sum of 10^5 float32 tenths is within 4 ulps of the exact sum; a plain float32 loop is not", () => {
    const n = 100_000;
    const tenth = f(0.1);
    const cost = compile(parse("sum(x)"), {
      params: [],
      data: { x: new Float64Array(n).fill(tenth) },
      precision: "f32",
    });
    const exact = f(n * tenth); // n * tenth is exact in f64 (17 + 24 bits)
    const ulp = f(exact * (1 + 2 ** -23)) - exact;
    expect(Math.abs(cost.value(new Float64Array(0)) - exact)).toBeLessThanOrEqual(4 * ulp);
    let plain = 0;
    for (let i = 0; i < n; i++) plain = f(plain + tenth);
    expect(Math.abs(plain - exact)).toBeGreaterThan(50 * ulp);
  });
});

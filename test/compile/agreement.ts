/**
 * The agreement check shared by the property tests of every backend: a compiled cost's value and gradient
 * equal `evaluate` of the formula and of its `gradient` trees, within rounding, at a random point over
 * random data, and agree with central finite differences where the formula is smooth.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { type Backend, compile, evaluate, type Values } from "../../src/compile/index.js";
import { gradient } from "../../src/diff/index.js";
import {
  add,
  call,
  columnsOutsideReductions,
  type Expr,
  FUNCTIONS,
  num,
  reduce,
  sub,
  walk,
} from "../../src/expr/index.js";
import { arbExpr } from "../arb.js";

const PARAMS = ["a", "b"];
const COLUMNS = ["x", "y"];

/**
 * Compiled and interpreted results differ only in rounding: the generator sums rows in blocks, writes
 * `x^2` as `x*x`, divides instead of multiplying by a reciprocal and applies a sum's numeric factor once.
 * Each step is within an ulp or two, but cancellation can magnify it, so the tolerance is relative to the
 * largest magnitude involved (1, the result, or the largest reference partial), not to the result alone.
 */
const ROUNDING = 1e-12;

/**
 * A central difference with step h has truncation error O(h²·f''') and rounding error O(ε·|f|/h); with
 * h = 1e-5 both are below 1e-6 relative for the smooth cases kept. Cases where the differences with h and
 * 2h disagree, or the one-sided ones do (a kink of abs/step/max, a pole nearby), are skipped, not tested.
 */
const STEP = 1e-5;
const DIFFERENCE = 1e-5;
/** One-sided differences that disagree by more than this (relative) reveal a kink at the point itself. */
const KINK = 1e-3;

/** The formula, made a scalar by wrapping it in `mean` when it uses a column outside any reduction. */
const scalar = (e: Expr) =>
  columnsOutsideReductions(e, new Set(COLUMNS)).length > 0 ? reduce("mean", e) : e;

/**
 * Values in [-3, 3] on a grid of 1/1000: no subnormals, where `b/x` and the interpreter's `b*x^-1` part
 * ways (1/5e-324 overflows) and neither is a reference for the other.
 */
const arbValue = fc.integer({ min: -3000, max: 3000 }).map((k) => k / 1000);
const arbPoint = fc.record({ a: arbValue, b: arbValue });
const arbColumns = (minRows: number, maxRows: number) =>
  fc.integer({ min: minRows, max: maxRows }).chain((rows) => {
    const column = fc.array(arbValue, { minLength: rows, maxLength: rows }).map((v) => Float64Array.from(v));
    return fc.record({ x: column, y: column });
  });

/** A formula over parameters a, b and columns x, y of `minRows` to `maxRows` rows, with a point and data. */
export const withData = (minRows = 1, maxRows = 5) =>
  fc.record({
    expr: arbExpr({ depth: 3, names: [...PARAMS, ...COLUMNS], reductions: true }).map(scalar),
    point: arbPoint,
    data: arbColumns(minRows, maxRows),
  });
/** A formula over parameters a, b only, with a point. */
export const withoutData = fc.record({
  expr: arbExpr({ depth: 3, names: PARAMS, reductions: true }),
  point: arbPoint,
  data: fc.constant(undefined),
});

const step = FUNCTIONS.get("step")!;
const abs = FUNCTIONS.get("abs")!;

/**
 * How much the sums in `trees` cancel at this point: the largest Σ|terms| / |Σ terms| (rows added in
 * absolute value). A correct implementation's rounding error at such a sum is ε·Σ|terms|, which the sum
 * magnifies by this ratio relative to its own value: `(pi + 2a)/(sinh(a) - a)` at a = -0.002 cancels 3e6-fold,
 * and the compiled and interpreted gradients, both right, differ there by 7e-11 of their size.
 */
export function cancellation(trees: readonly Expr[], values: Values): number {
  let worst = 1;
  // the trees share most of their nodes: each is visited once
  for (const node of walk(...trees)) {
    if (node.kind !== "add") continue;
    const magnitude = node.terms.reduce(
      (m, term) => m + evaluate(reduce("sum", call(abs, [term])), values),
      0,
    );
    const size = evaluate(reduce("sum", call(abs, [node])), values);
    // a sum that is exactly 0 keeps an error of ε·Σ|terms|: 1/ε of its (zero) size
    worst = Math.max(worst, size > 0 ? magnitude / size : 1 / Number.EPSILON);
  }
  return worst;
}

/** The number of rows (or 1 for a scalar) where `e` lies outside [lo, hi]. */
const rowsOutside = (e: Expr, [lo, hi]: readonly [number, number], values: Values) =>
  evaluate(reduce("sum", add(call(step, [sub(e, num(hi))]), call(step, [sub(num(lo), e)]))), values);

/**
 * Whether the formula is evaluated where it is defined and smooth: every subexpression is finite (a
 * column-valued one summed over the rows) and every argument of a function lies, in every row, inside the
 * interval its table entry gives (`sqrt(0)` or `asin(1)` have no derivative; `tan(8e6)` turns a one-ulp
 * difference into 1e-8).
 */
function insideDomains(expr: Expr, values: Values): boolean {
  return walk(expr).every(
    (node) =>
      Number.isFinite(evaluate(reduce("sum", node), values)) &&
      (node.kind !== "call" || node.args.every((arg) => rowsOutside(arg, node.fn.domain, values) === 0)),
  );
}

/**
 * Long columns: over a thousand rows, some row's kink of max/min/abs lies within the finite-difference step
 * of almost every point, and some row lands next to a pole (`1/(2*y - 2.046)` at y = 1.023), where the order
 * of the additions, not the code, decides the result (evaluate and both backends differ there by 2x). So
 * they are checked without finite differences, at points where every subexpression stays within ±1e6.
 */
const LONG_BOUND = 1e6;

/** The check of one case, for costs compiled with `backend`, over short columns or (`long`) long ones. */
export const check =
  (backend: Backend, long = false) =>
  ({
    expr,
    point,
    data,
  }: {
    expr: Expr;
    point: Record<string, number>;
    data: Record<string, Float64Array> | undefined;
  }) => {
    const values = { ...point, ...data };
    fc.pre(insideDomains(expr, values));
    if (long) fc.pre(walk(expr).every((node) => rowsOutside(node, [-LONG_BOUND, LONG_BOUND], values) === 0));
    const reference = evaluate(expr, values);
    const trees = gradient(expr, PARAMS);
    const partials = trees.map((g) => evaluate(g, values));
    fc.pre(partials.every(Number.isFinite));

    const cost = compile(expr, { params: PARAMS, backend, ...(data ? { data } : {}) });
    const p = Float64Array.from(PARAMS, (name) => point[name]!);
    const g = new Float64Array(PARAMS.length);
    const value = cost.valueAndGradient(p, g);
    const scale =
      Math.max(1, Math.abs(reference), ...partials.map(Math.abs)) * cancellation([expr, ...trees], values);
    expect(Math.abs(value - reference)).toBeLessThanOrEqual(ROUNDING * scale);
    expect(Math.abs(cost.value(p) - value)).toBeLessThanOrEqual(ROUNDING * scale);
    for (const [k, partial] of partials.entries())
      expect(Math.abs(g[k]! - partial)).toBeLessThanOrEqual(ROUNDING * scale);

    if (!long)
      PARAMS.forEach((_, k) => {
        const at = (h: number) => {
          const q = Float64Array.from(p);
          q[k]! += h;
          return cost.value(q);
        };
        const h = STEP * Math.max(1, Math.abs(p[k]!));
        const [up, down, up2, down2] = [at(h), at(-h), at(2 * h), at(-2 * h)];
        const fine = (up - down) / (2 * h);
        const coarse = (up2 - down2) / (4 * h);
        const size = Math.max(1, Math.abs(fine), Math.abs(value));
        // the one-sided differences part by h·f'' where f is smooth and by the jump J of f' at a kink on the
        // point, where the central difference is off by J/2: with 2h they part by 2h·f'' and by J again
        const parting = (up - 2 * value + down) / h;
        const parting2 = (up2 - 2 * value + down2) / (2 * h);
        const smooth =
          Math.abs(fine - coarse) <= DIFFERENCE * size &&
          Math.abs(parting) <= KINK * size &&
          Math.abs(parting - parting2 / 2) <= DIFFERENCE * size;
        if (!smooth) return; // a kink or a pole within 2h: finite differences cannot tell
        expect(Math.abs(g[k]! - fine)).toBeLessThanOrEqual(DIFFERENCE * size);
      });
  };

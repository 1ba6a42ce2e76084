/**
 * Accuracy of hoisted moments (src/compile/moments.ts, hoistedCost.ts) where the hoisted sums lose digits:
 * data far from zero fitted by a model whose coefficients cancel (`W*x + b` with x ≈ 1e8 ± 1e-3), moments
 * among the subnormals, and random badly or well centred lines. The truth is exact (BigInt rationals); the
 * hoisted value and gradient must be within a small multiple of the row loop's error of it. And the
 * well-centred seed keeps hoisting at every step.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { HoistedCost, TOLERANCE } from "../../src/compile/hoistedCost.js";
import { type CompiledObjective, compile } from "../../src/compile/index.js";
import type { Expr } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { exactValue } from "./exactPolynomial.js";

const LINE = parse("mean((W*x + b - y)^2)");
/** ∂/∂W and ∂/∂b of LINE, written by hand (the truth must not come from the code under test). */
const LINE_PARTIALS = [parse("2*mean((W*x + b - y)*x)"), parse("2*mean(W*x + b - y)")];

/** Park and Miller's minimal standard generator, as the tester used. */
function minimalStandard(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

interface Outcome {
  readonly hoisted: readonly number[];
  readonly loop: readonly number[];
  readonly truth: readonly number[];
}

/** Value and gradient of `cost` at `point`: hoisted, by the row loop, and exact. */
function outcome(
  cost: Expr,
  partials: readonly Expr[],
  data: ReadonlyMap<string, Float64Array>,
  point: ReadonlyMap<string, number>,
  moments: boolean | undefined = undefined,
): Outcome {
  const params = [...point.keys()];
  const p = Float64Array.from(point.values());
  const run = (objective: CompiledObjective) => {
    const g = new Float64Array(params.length);
    const value = objective.valueAndGradient(p, g);
    expect(objective.value(p)).toBe(value);
    return [value, ...g];
  };
  const hoisted = compile(cost, { params, data, moments });
  expect(hoisted).toBeInstanceOf(HoistedCost);
  return {
    hoisted: run(hoisted),
    loop: run(compile(cost, { params, data, moments: false })),
    truth: [cost, ...partials].map((e) => exactValue(e, point, data)),
  };
}

/**
 * Each hoisted result is within `factor` times the row loop's error of the truth, or within `floor` (an
 * absolute error that rounding of any summation of the rows makes), or within TOLERANCE of the truth.
 */
function asAccurateAsTheLoop({ hoisted, loop, truth }: Outcome, factor = 4, floor: readonly number[] = []) {
  truth.forEach((t, k) => {
    const allowed = Math.max(factor * Math.abs(loop[k]! - t), TOLERANCE * Math.abs(t), floor[k] ?? 0);
    expect(
      Math.abs(hoisted[k]! - t),
      `output ${k}: hoisted ${hoisted[k]}, loop ${loop[k]}, exact ${t}`,
    ).toBeLessThanOrEqual(allowed);
  });
}

describe("where hoisting would lose digits the loop keeps, the result keeps them", () => {
  test("a line through x ≈ 1e8 ± 1e-3 at W = 2e3, b = 1 - 2e11 (W*x + b cancels): gradient and value", () => {
    const rows = 5000;
    const next = minimalStandard(1);
    const x = Float64Array.from({ length: rows }, () => 1e8 + 1e-3 * (2 * next() - 1));
    const y = Float64Array.from(x, (v) => (2 * (v - 1e8)) / 1e-3 + 1 + 0.1 * (2 * next() - 1));
    const data = new Map([
      ["x", x],
      ["y", y],
    ]);
    // before the gradient was checked, ∂/∂W was off by 0.58% (the loop's by 0.013%)
    asAccurateAsTheLoop(
      outcome(
        LINE,
        LINE_PARTIALS,
        data,
        new Map([
          ["W", 2e3],
          ["b", 1 - 2e11],
        ]),
      ),
    );
  });

  test("moments among the subnormals (x = 1e-160·(1 + i/n), W = 1e154): value and gradient", () => {
    const rows = 5000;
    const x = Float64Array.from({ length: rows }, (_, i) => 1e-160 * (1 + i / rows));
    const data = new Map([
      ["x", x],
      ["y", new Float64Array(rows)],
    ]);
    const cost = parse("mean((W*x - y)^2)");
    // the centred x² are about 1e-321, of which rounding kept 3 digits: the value was off by 6e-5
    asAccurateAsTheLoop(outcome(cost, [parse("2*mean((W*x - y)*x)")], data, new Map([["W", 1e154]])));
  });

  test("a line through x ≈ 1e4 ± 1, near its least-squares fit (where lbfgs stops)", () => {
    const rows = 5000;
    const next = minimalStandard(7);
    const x = Float64Array.from({ length: rows }, () => 1e4 + (2 * next() - 1));
    const y = Float64Array.from(x, (v) => 2 * v + 1 + 0.1 * (2 * next() - 1));
    const data = new Map([
      ["x", x],
      ["y", y],
    ]);
    // the fit, to about 1e-12, from sums of centred values
    const mean = (c: Float64Array) => c.reduce((s, v) => s + v, 0) / rows;
    const [mx, my] = [mean(x), mean(y)];
    let [sxx, sxy] = [0, 0];
    for (let i = 0; i < rows; i++) {
      sxx += (x[i]! - mx) ** 2;
      sxy += (x[i]! - mx) * (y[i]! - my);
    }
    const W = sxy / sxx;
    for (const away of [0, 1e-7]) {
      const w = W * (1 + away);
      asAccurateAsTheLoop(
        outcome(
          LINE,
          LINE_PARTIALS,
          data,
          new Map([
            ["W", w],
            ["b", my - w * mx],
          ]),
        ),
      );
    }
  });
});

describe("on random lines, badly or well centred, near a fit or far from it", () => {
  test("hoisted value and gradient are within a small multiple of the loop's error of the truth", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2147483646 }),
        fc.constantFrom(0, 1, 1e3, 1e6, 1e8),
        fc.constantFrom(1, 1e-3),
        fc.constantFrom(0, 1e-3, 1),
        fc.constantFrom(0, 1e-9, 1e-6, 1e-2, 1),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (seed, offset, spread, noise, away, u) => {
          const rows = 200;
          const next = minimalStandard(seed);
          const x = Float64Array.from({ length: rows }, () => offset + spread * (2 * next() - 1));
          const y = Float64Array.from(x, (v) => (2 * (v - offset)) / spread + 1 + noise * (2 * next() - 1));
          const data = new Map([
            ["x", x],
            ["y", y],
          ]);
          // the fit is W = 2/spread, b = 1 - W*offset; away from it in W, then b rounded as a user's would be
          const W = (2 / spread) * (1 + away * u);
          const point = new Map([
            ["W", W],
            ["b", 1 - (2 / spread) * offset + away * u],
          ]);
          // what rounding of any summation of the rows' terms makes, with the loop's own blocked sums
          const magnitudes = [0, 0, 0];
          for (let i = 0; i < rows; i++) {
            const r = W * x[i]! + point.get("b")! - y[i]!;
            magnitudes[0]! += (r * r) / rows;
            magnitudes[1]! += Math.abs(2 * r * x[i]!) / rows;
            magnitudes[2]! += Math.abs(2 * r) / rows;
          }
          const floor = magnitudes.map((m) => 64 * Number.EPSILON * m);
          asAccurateAsTheLoop(outcome(LINE, LINE_PARTIALS, data, point, true), 4, floor);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("well-centred data keeps the O(1) steps", () => {
  test.each([1e5, 1e6])("the seed's x = y = 1, 2, 3 repeated to %d rows hoists all 2001 steps", (rows) => {
    const x = Float64Array.from({ length: rows }, (_, i) => 1 + (i % 3));
    const cost = compile(LINE, { params: ["W", "b"], data: { x, y: x } });
    expect(cost).toBeInstanceOf(HoistedCost);
    const q = new Float64Array(2);
    const g = new Float64Array(2);
    for (let step = 0; step < 2001; step++) {
      cost.valueAndGradient(q, g);
      q[0] -= 0.01 * g[0]!;
      q[1] -= 0.01 * g[1]!;
    }
    expect((cost as HoistedCost).momentUse).toEqual({ hoisted: 2001, loop: 0 });
    // the seed's table: W = 0.999, b = 0.003 after 2001 steps
    expect([q[0]!.toFixed(3), q[1]!.toFixed(3)]).toEqual(["0.999", "0.003"]);
  });
});

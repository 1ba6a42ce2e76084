/**
 * Accuracy of the generated sums. Reductions sum in blocks of rows, plainly inside a block and with
 * compensation (TwoSum) across blocks, so the mean of 10^6 values near 10^8 is within an ulp or two of
 * the exact mean, where a plain running sum is off by hundreds of ulps.
 */
import { expect, test } from "vitest";
import { compile } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

const ROWS = 1_000_000;

/** 10^8 plus a pseudo-random fraction (a fixed linear congruential sequence, so the test is repeatable). */
function column(): Float64Array {
  const values = new Float64Array(ROWS);
  let state = 12345;
  for (let i = 0; i < ROWS; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    values[i] = 1e8 + state / 2 ** 31;
  }
  return values;
}

/** The mean rounded once: every value is a multiple of 2^-26 (its ulp), so the scaled sum is an exact BigInt. */
function exactMean(values: Float64Array): number {
  let total = 0n;
  for (const v of values) total += BigInt(v * 2 ** 26);
  return Number(total) / 2 ** 26 / values.length;
}

const ulp = 2 ** -26;
const x = column();
const exact = exactMean(x);

test("a plain running sum is hundreds of ulps off (the case is a real one)", () => {
  let plain = 0;
  for (const v of x) plain += v;
  expect(Math.abs(plain / ROWS - exact)).toBeGreaterThan(50 * ulp);
});

test("mean(x) computed when the data is bound is within 2 ulps of the exact mean", () => {
  const cost = compile(parse("mean(x)"), { params: [], data: { x } });
  expect(Math.abs(cost.value(new Float64Array(0)) - exact)).toBeLessThanOrEqual(2 * ulp);
});

test("a mean in the per-call loop is within 2 ulps too, and its gradient is exact", () => {
  const cost = compile(parse("mean(x + W)"), { params: ["W"], data: { x } });
  const g = new Float64Array(1);
  expect(Math.abs(cost.valueAndGradient(Float64Array.of(0), g) - exact)).toBeLessThanOrEqual(2 * ulp);
  expect(g[0]).toBe(1);
});

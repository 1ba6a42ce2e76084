/**
 * Mini-batches: after `useRows`, every reduction (in the value, the gradient, the Hessian and the parts
 * computed when data is bound) ranges over the given rows, and `mean` divides by their count.
 */
import { expect, test } from "vitest";
import { CompileError, compile, evaluate } from "../../src/compile/index.js";
import { gradient, hessian } from "../../src/diff/index.js";
import { parse } from "../../src/syntax/index.js";

const x = [0.5, 1, 2, 3, 5, 8, 13, -1, -2, 4];
const y = [1, 2.5, 3, 7, 9, 17, 25, -3, -2, 9];
const expr = parse("mean((W*x + b - y)^2) + W*mean(y)");
const cost = compile(expr, { params: ["W", "b"], data: { x, y } });
const p = Float64Array.of(1.5, -0.25);
const valuesOf = (rows: readonly number[]) => ({
  W: 1.5,
  b: -0.25,
  x: rows.map((r) => x[r]!),
  y: rows.map((r) => y[r]!),
});

test("the mean over a batch is the mean over those rows by hand, duplicates included", () => {
  const batch = [1, 3, 3, 7];
  cost.useRows!(Uint32Array.from(batch));
  let byHand = 0;
  for (const r of batch) byHand += (1.5 * x[r]! - 0.25 - y[r]!) ** 2;
  const meanY = batch.reduce((s, r) => s + y[r]!, 0) / batch.length;
  expect(cost.value(p)).toBeCloseTo(byHand / batch.length + 1.5 * meanY, 12);

  const g = new Float64Array(2);
  cost.gradient(p, g);
  for (const [k, partial] of gradient(expr, ["W", "b"]).entries())
    expect(g[k]).toBeCloseTo(evaluate(partial, valuesOf(batch)), 12);
  const h = new Float64Array(4);
  cost.hessian(p, h);
  for (const [k, entry] of hessian(expr, ["W", "b"]).flat().entries())
    expect(h[k]).toBeCloseTo(evaluate(entry, valuesOf(batch)), 12);
});

test("a new batch replaces the last, and useRows(undefined) restores all rows", () => {
  const all = evaluate(expr, valuesOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  cost.useRows!(Uint32Array.of(0, 9));
  expect(cost.value(p)).toBeCloseTo(evaluate(expr, valuesOf([0, 9])), 12);
  cost.useRows!(Uint32Array.from({ length: 20 }, (_, k) => k % 10));
  expect(cost.value(p)).toBeCloseTo(all, 12);
  cost.useRows!(undefined);
  expect(cost.value(p)).toBeCloseTo(all, 12);
  expect(cost.rows).toBe(10);
});

test("rows out of range and empty batches are refused", () => {
  expect(() => cost.useRows!(Uint32Array.of(10))).toThrow(CompileError);
  expect(() => cost.useRows!(new Uint32Array(0))).toThrow(/no rows/);
});

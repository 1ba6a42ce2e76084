/**
 * HoistedCost (src/compile/hoistedCost.ts) on its own: which path each entry point takes. The moments are
 * used where they keep their digits (the row loop is then never even generated), the row loop where their
 * terms cancel (generated once), and every entry point agrees with the reference interpreter, its symbolic
 * gradient, and an exact closed form.
 */
import { describe, expect, test } from "vitest";
import { bindNames } from "../../src/compile/binding.js";
import { evaluate } from "../../src/compile/evaluate.js";
import { HoistedCost } from "../../src/compile/hoistedCost.js";
import { generateKernel } from "../../src/compile/kernel.js";
import { hoistMoments, sampleCentre } from "../../src/compile/moments.js";
import { gradient } from "../../src/diff/index.js";
import type { Expr } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";

const PARAMS = ["W", "b"];

/** A HoistedCost of `expr` over `data` (every polynomial reduction hoisted), counting row loops generated. */
function hoistedCost(expr: Expr, data: Map<string, Float64Array>) {
  const binding = bindNames(expr, PARAMS, data);
  const rows = binding.rows!;
  const hoisted = hoistMoments(expr, {
    isParam: (name) => binding.paramIndex.has(name),
    isColumn: (name) => binding.columnIndex.has(name),
    rows,
    always: true,
    centre: (atom) => sampleCentre(atom, data, rows),
  });
  const partials = gradient(expr, PARAMS);
  const generated = { loops: 0 };
  const rowLoop = () => {
    generated.loops++;
    return generateKernel(
      [
        { name: "value" as const, returns: expr },
        { name: "gradient" as const, writes: partials },
        { name: "valueAndGradient" as const, returns: expr, writes: partials },
      ],
      binding,
    );
  };
  return { cost: new HoistedCost(hoisted, { ...binding, rows }, rowLoop), hoisted, generated, partials };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
/** Every entry of `got` within 1e-12 of `want`'s, relatively. */
function expectClose(got: ArrayLike<number>, want: readonly number[]): void {
  for (let k = 0; k < want.length; k++) expect(relative(got[k]!, want[k]!)).toBeLessThan(1e-12);
}

describe("where the moments keep their digits", () => {
  // two hoisted reductions, data around 0 with spread 1, a point far from any fit: nothing cancels
  const rows = 300;
  const x = Float64Array.from({ length: rows }, (_, i) => Math.sin(i));
  const y = Float64Array.from(x, (v, i) => 2 * v + 1 + 0.1 * Math.cos(7 * i));
  const data = new Map([
    ["x", x],
    ["y", y],
  ]);
  const expr = parse("mean((W*x + b - y)^2) + sum((W - b*y)^2)/100");
  const p = Float64Array.of(0.5, -0.3);
  const values = { W: p[0]!, b: p[1]!, x, y };

  test("value, gradient and valueAndGradient equal the reference, without ever generating the row loop", () => {
    const { cost, hoisted, generated, partials } = hoistedCost(expr, data);
    expect(hoisted.sums.length).toBe(2);
    const want = evaluate(expr, values);
    const wantGradient = partials.map((d) => evaluate(d, values));
    expect(relative(cost.value(p), want)).toBeLessThan(1e-12);
    const g = new Float64Array(2);
    cost.gradient(p, g);
    expectClose(g, wantGradient);
    const g2 = new Float64Array(2);
    expect(relative(cost.valueAndGradient(p, g2), want)).toBeLessThan(1e-12);
    expectClose(g2, wantGradient);
    // a step costs O(moments): the row loop is not even generated
    expect(generated.loops).toBe(0);
  });

  test("valueAndGradient writes the partials and nothing after them", () => {
    const { cost } = hoistedCost(expr, data);
    const out = Float64Array.of(0, 0, 12345);
    cost.valueAndGradient(p, out);
    expect(out[2]).toBe(12345);
  });
});

describe("where the moments' terms cancel (an almost exact fit of widely spread data)", () => {
  // y = x with x = 1 … 3000, W = 1 + 2^-23, b = 0: W*x - y = x·2^-23 exactly, so the cost is
  // 2^-46·Σx²/n and its gradient (2^-22·Σx²/n, 2^-22·Σx/n), each exact up to one rounding, while the
  // centred moments are about 10^6 and cancel down to about 10^-8
  const rows = 3000;
  const x = Float64Array.from({ length: rows }, (_, i) => i + 1);
  const data = new Map([
    ["x", x],
    ["y", Float64Array.from(x)],
  ]);
  const expr = parse("mean((W*x + b - y)^2)");
  const sumX = (rows * (rows + 1)) / 2;
  const sumX2 = (rows * (rows + 1) * (2 * rows + 1)) / 6;
  const p = Float64Array.of(1 + 2 ** -23, 0);
  const want = (2 ** -46 * sumX2) / rows;
  const wantGradient = [(2 ** -22 * sumX2) / rows, (2 ** -22 * sumX) / rows];

  test("value and gradient are the closed form's, from the row loop, generated once", () => {
    const { cost, generated } = hoistedCost(expr, data);
    for (let repeat = 0; repeat < 3; repeat++) {
      expect(relative(cost.value(p), want)).toBeLessThan(1e-12);
      const g = new Float64Array(2);
      expect(relative(cost.valueAndGradient(p, g), want)).toBeLessThan(1e-12);
      expectClose(g, wantGradient);
      const alone = new Float64Array(2);
      cost.gradient(p, alone);
      expectClose(alone, wantGradient);
    }
    expect(generated.loops).toBe(1);
  });
});

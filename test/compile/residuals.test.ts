/**
 * `compileResiduals`: the weighted residuals R = √w·r of a least-squares cost and their Jacobian, against
 * residuals and derivatives written out by hand for a cost with a `mean` term, a scalar term and a `sum`
 * term with a data-only reduction inside, and against central differences for a nonlinear one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompileError, compileResiduals } from "../../src/compile/index.js";
import { sumOfSquares } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";

const x = [1, 2, 3];
const y = [1, 2, 6];
const data = { x, y };

function residualsOf(cost: string, params: string[], options: { data?: typeof data } = { data }) {
  const terms = sumOfSquares(parse(cost), (name) => params.includes(name))!;
  return compileResiduals(terms, { params, ...options });
}

describe("compileResiduals", () => {
  // mean((W*x + b - y)^2) + 4*(W - 1)^2 + sum((b*x - y + mean(y))^2)/2, with mean(y) = 3
  const cost = "mean((W*x + b - y)^2) + 4*(W - 1)^2 + sum((b*x - y + mean(y))^2)/2";
  const [W, b] = [0.5, -1];
  const p = Float64Array.of(W, b);
  const byHand = [
    ...x.map((xi, i) => Math.sqrt(1 / 3) * (W * xi + b - y[i]!)),
    2 * (W - 1),
    ...x.map((xi, i) => Math.sqrt(1 / 2) * (b * xi - y[i]! + 3)),
  ];
  // ∂R/∂W and ∂R/∂b of each residual, row by row
  const jacobianByHand = [
    ...x.map((xi) => [Math.sqrt(1 / 3) * xi, Math.sqrt(1 / 3)]),
    [2, 0],
    ...x.map((xi) => [0, Math.sqrt(1 / 2) * xi]),
  ];

  it("lays out one block per term: where it starts, how many residuals, its scale", () => {
    const compiled = residualsOf(cost, ["W", "b"]);
    expect(compiled.params).toEqual(["W", "b"]);
    expect(compiled.count).toBe(7);
    const blocks = compiled.blocks.map((k) => ({ ...k, residual: format(k.residual) }));
    expect(blocks).toEqual([
      { residual: "W*x + b - y", over: "mean", first: 0, count: 3, scale: Math.sqrt(1 / 3) },
      { residual: "W - 1", over: undefined, first: 3, count: 1, scale: 2 },
      { residual: "b*x - y + mean(y)", over: "sum", first: 4, count: 3, scale: Math.sqrt(1 / 2) },
    ]);
  });

  it("writes the weighted residuals, whose squares sum to the cost", () => {
    const compiled = residualsOf(cost, ["W", "b"]);
    const r = new Float64Array(7).fill(Number.NaN);
    compiled.residuals(p, r);
    for (let k = 0; k < 7; k++) expect(r[k]).toBeCloseTo(byHand[k]!, 14);
    const costByHand =
      x.reduce((s, xi, i) => s + (W * xi + b - y[i]!) ** 2, 0) / 3 +
      4 * (W - 1) ** 2 +
      x.reduce((s, xi, i) => s + (b * xi - y[i]! + 3) ** 2, 0) / 2;
    expect(r.reduce((s, v) => s + v * v, 0)).toBeCloseTo(costByHand, 13);
  });

  it("writes the residuals and the column-major Jacobian together", () => {
    const compiled = residualsOf(cost, ["W", "b"]);
    const r = new Float64Array(7).fill(Number.NaN);
    const jacobian = new Float64Array(14).fill(Number.NaN);
    compiled.jacobian(p, r, jacobian);
    for (let k = 0; k < 7; k++) {
      expect(r[k]).toBeCloseTo(byHand[k]!, 14);
      for (let j = 0; j < 2; j++)
        expect(jacobian[k + j * 7], `J[${k}, ${j}]`).toBeCloseTo(jacobianByHand[k]![j]!, 14);
    }
  });

  it("writes any window of residuals and Jacobian rows as the whole Jacobian has them", () => {
    const compiled = residualsOf(cost, ["W", "b"]);
    const r = new Float64Array(7);
    const whole = new Float64Array(14);
    compiled.jacobian(p, r, whole);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 7 }), (from, wanted) => {
        const count = Math.min(wanted, 7 - from);
        const rows = new Float64Array(count).fill(Number.NaN);
        const window = new Float64Array(2 * count).fill(Number.NaN);
        compiled.jacobianRows(p, from, count, rows, window);
        for (let i = 0; i < count; i++) {
          expect(rows[i]).toBe(r[from + i]);
          for (let j = 0; j < 2; j++) expect(window[i + j * count]).toBe(whole[from + i + j * 7]);
        }
      }),
    );
  });

  it("has a Jacobian equal to central differences of the residuals for a nonlinear cost", () => {
    const params = ["a", "c"];
    const compiled = residualsOf("sum((exp(a*x) - c*y)^2) + (a*c - 1)^2 + 9*sin(a)^2", params);
    const m = compiled.count;
    expect(m).toBe(5);
    const at = Float64Array.of(0.3, -0.7);
    const r = new Float64Array(m);
    const jacobian = new Float64Array(2 * m);
    compiled.jacobian(at, r, jacobian);
    const h = 1e-6;
    for (let j = 0; j < 2; j++) {
      const [plus, minus] = [h, -h].map((d) => {
        const q = Float64Array.from(at);
        q[j]! += d;
        const out = new Float64Array(m);
        compiled.residuals(q, out);
        return out;
      });
      for (let k = 0; k < m; k++)
        expect(jacobian[k + j * m], `J[${k}, ${j}]`).toBeCloseTo((plus![k]! - minus![k]!) / (2 * h), 7);
    }
    expect(r[3]).toBeCloseTo(0.3 * -0.7 - 1, 14);
    expect(r[4]).toBeCloseTo(3 * Math.sin(0.3), 14);
  });

  it("compiles a scalar residual whose reductions depend on parameters over all the rows", () => {
    // r1 = W*Σx - b = 6W - b, r2 = mean(b*y) = 3b: J = [[6, -1], [0, 3]]
    const compiled = residualsOf("(sum(W*x) - b)^2 + mean(b*y)^2", ["W", "b"]);
    expect(compiled.count).toBe(2);
    const r = new Float64Array(2);
    const jacobian = new Float64Array(4);
    compiled.jacobian(Float64Array.of(0.5, 2), r, jacobian);
    expect([...r]).toEqual([6 * 0.5 - 2, 3 * 2]);
    expect([...jacobian]).toEqual([6, 0, -1, 3]);
  });

  it("compiles a cost without data, and refuses unbound names as compile does", () => {
    const compiled = residualsOf("(a - 2)^2 + 0.25*(a*b)^2", ["a", "b"], {});
    const r = new Float64Array(2);
    compiled.residuals(Float64Array.of(5, 3), r);
    expect([...r]).toEqual([3, 0.5 * 15]);
    const everyNameAParam = (cost: string) => sumOfSquares(parse(cost), () => true)!;
    expect(() => compileResiduals(everyNameAParam("(a - q)^2"), { params: ["a"] })).toThrow(
      "no value for 'q'",
    );
    expect(() => compileResiduals(everyNameAParam("mean((a*x - y)^2)"), { params: ["a"] })).toThrow(
      CompileError,
    );
  });
});

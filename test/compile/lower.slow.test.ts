/**
 * Stress sizes of vectors and matrices (run by `npm run test:slow`): a 10,000 × 1,000 data matrix and a
 * parameter of 100,000 entries lower, compile and evaluate without overflowing the stack, with values and
 * gradients checked against plain loops.
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/compile/index.js";
import { matmul, num, pow, reduce, sub, sym } from "../../src/expr/index.js";

describe("big shapes", () => {
  test("mean((X@w - y)^2) over a 10,000 × 1,000 data matrix: value and gradient", () => {
    const n = 10_000;
    const d = 1_000;
    const X = new Float64Array(n * d);
    for (let i = 0; i < X.length; i++) X[i] = Math.sin(i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const w = Float64Array.from({ length: d }, (_, j) => ((j % 5) - 2) / 100);
    const cost = reduce("mean", pow(sub(matmul(sym("X"), sym("w")), sym("y")), num(2)));
    const objective = compile(cost, {
      params: ["w"],
      shapes: { w: [d] },
      data: { X: { shape: [n, d], values: X }, y },
    });
    const g = new Float64Array(d);
    const value = objective.valueAndGradient(w, g);
    // the same by plain loops: r = Xw - y, cost = mean(r^2), gradient = 2 X'r / n
    let total = 0;
    const want = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let r = -y[i]!;
      for (let j = 0; j < d; j++) r += X[i * d + j]! * w[j]!;
      total += r * r;
      for (let j = 0; j < d; j++) want[j]! += (2 * r * X[i * d + j]!) / n;
    }
    expect(value).toBeCloseTo(total / n, 9);
    for (let j = 0; j < d; j++) expect(g[j]).toBeCloseTo(want[j]!, 9);
  }, 900_000);

  test("sum((W - 1)^2) over a parameter of 100 × 1,000 = 100,000 entries", () => {
    const objective = compile(reduce("sum", pow(sub(sym("W"), num(1)), num(2))), {
      params: ["W"],
      shapes: { W: [100, 1_000] },
    });
    expect(objective.params).toHaveLength(100_000);
    expect(objective.params[100_000 - 1]).toBe("W[99,999]");
    const p = Float64Array.from({ length: 100_000 }, (_, k) => (k % 3) - 1);
    const g = new Float64Array(100_000);
    let want = 0;
    for (const v of p) want += (v - 1) ** 2;
    expect(objective.valueAndGradient(p, g)).toBe(want);
    expect(g.every((v, k) => v === 2 * (p[k]! - 1))).toBe(true);
  }, 900_000);
});

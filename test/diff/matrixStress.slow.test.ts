/**
 * Stress tests of matrix-form derivatives (slow by design; names start with "stress"): a composition far
 * deeper than any test formula, which a chain rule that built the product of partials at every level would
 * take quadratic time for (the first version did), and a sum of many vector terms. Checked by value at a
 * point, so that nothing is skipped.
 */
import { describe, expect, it } from "vitest";
import { evaluateTensor } from "../../src/compile/tensorEvaluate.js";
import { gradient } from "../../src/diff/index.js";
import { addAll, type Expr, matmul, mul, num, reduce, size, sym } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { envOf, sin } from "./matrixArb.js";

const shapes = envOf({ X: ["n", 3], w: [3] });
const values = new Map<string, number[] | number[][]>([
  [
    "X",
    [
      [0.1, 0.2, 0.3],
      [0.3, -0.1, 0.2],
    ],
  ],
  ["w", [0.5, -0.25, 1]],
]);

describe("stress: matrix-form derivatives of huge formulas", () => {
  it("stress: mean(sin(sin(…sin(X@w)…))) 20,000 deep: a gradient of shared size linear in the depth", () => {
    const depth = 20_000;
    let z: Expr = matmul(sym("X"), sym("w"));
    for (let i = 0; i < depth; i++) z = sin(z);
    const [g] = gradient(reduce("mean", z), ["w"], { shapes }) as [Expr];
    expect(size(g, { shared: true })).toBeLessThan(3 * depth);
    expect(format(g, { share: true }).length).toBeGreaterThan(0);
    // at depth 20,000 the sines have shrunk every value to about sqrt(3/depth): the gradient is finite
    const t = evaluateTensor(g, values);
    expect(t.shape).toEqual([3]);
    for (const v of t.values) expect(Number.isFinite(v)).toBe(true);
  });

  it("stress: a sum of 20,000 vector terms", () => {
    const n = 20_000;
    const terms = Array.from({ length: n }, (_, i) => mul(num(i + 1), sin(matmul(sym("X"), sym("w")))));
    const [g] = gradient(reduce("sum", addAll(terms)), ["w"], { shapes }) as [Expr];
    const total = (n * (n + 1)) / 2;
    // d/dw sum(c*sin(X@w)) = c*X'@cos(X@w), c = n(n+1)/2
    const X = values.get("X") as number[][];
    const w = values.get("w") as number[];
    const expected = [0, 1, 2].map(
      (j) =>
        total * X.reduce((s, row) => s + row[j]! * Math.cos(row.reduce((p, x, k) => p + x * w[k]!, 0)), 0),
    );
    const t = evaluateTensor(g, values);
    t.values.forEach((v, j) => {
      expect(v).toBeCloseTo(expected[j]!, 3);
    });
  });
});

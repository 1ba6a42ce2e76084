import { describe, expect, it } from "vitest";
import { evaluateTensor, type Tensor, type TensorLike, toTensor } from "../../src/compile/tensorEvaluate.js";
import {
  add,
  along,
  div,
  type Expr,
  matmul,
  mul,
  num,
  pow,
  reduce,
  sizeOf,
  sub,
  sym,
  transpose,
} from "../../src/expr/index.js";

const X = [
  [1, 2],
  [3, 4],
  [5, 7],
];
const values = new Map<string, number | number[] | number[][]>([
  ["X", X],
  ["w", [0.5, -1]],
  ["y", [1, 2, 3]],
  ["b", 2],
]);
const ev = (e: Parameters<typeof evaluateTensor>[0]) => evaluateTensor(e, values);

describe("the reference interpreter for vectors and matrices (hand-computed values)", () => {
  it("matmul, transpose, broadcasting", () => {
    const r = sub(add(matmul(sym("X"), sym("w")), sym("b")), sym("y")); // X@w = [-1.5, -2.5, -4.5]
    expect([...ev(r).values]).toEqual([-0.5, -2.5, -5.5]);
    expect([...ev(matmul(transpose(sym("X")), sym("y"))).values]).toEqual([22, 31]);
    expect(ev(matmul(transpose(sym("X")), sym("X"))).shape).toEqual([2, 2]);
    expect(ev(reduce("mean", pow(r, num(2)))).values[0]).toBeCloseTo((0.25 + 6.25 + 30.25) / 3, 12);
  });
  it("reductions along dimensions, softmax, logsumexp, sizes", () => {
    expect([...ev(along("sum", sym("X"), 0)).values]).toEqual([9, 13]);
    expect([...ev(along("mean", sym("X"), 1)).values]).toEqual([1.5, 3.5, 6]);
    const s = ev(along("softmax", sym("X"), 1)).values;
    expect(s[0]).toBeCloseTo(1 / (1 + Math.E), 14);
    expect(ev(along("logsumexp", sym("X"), 1)).values[2]).toBeCloseTo(
      Math.log(Math.exp(5) + Math.exp(7)),
      12,
    );
    expect(ev(sizeOf("rows", sym("X"))).values[0]).toBe(3);
    expect(ev(sizeOf("cols", sym("X"))).values[0]).toBe(2);
    expect(ev(reduce("sum", sym("b"))).values[0]).toBe(6); // sum(c) = n*c
  });
  it("rejects a ragged matrix", () => {
    expect(() => toTensor([[1, 2], [3]])).toThrow(/row 1 has 1 entries, but row 0 has 2/);
  });
  it("rejects softmax and logsumexp along a dimension of a number, which it took for an empty matrix", () => {
    // 0*X is the number 0 once built: logsumexp(0*X, 0) came out NaN and mean(softmax(0*X, 0)) 0, where
    // the (3,2) matrix of zeros gives log 3 and 1/3
    expect(mul(num(0), sym("X"))).toBe(num(0));
    for (const op of ["logsumexp", "softmax"] as const)
      expect(() => ev(along(op, mul(num(0), sym("X")), 0))).toThrow(
        new RegExp(`${op}\\(…, 0\\) of a number`),
      );
    expect(Array.from(ev(along("logsumexp", mul(num(0), sym("X")), undefined)).values)).toEqual([0]);
  });
});

describe("the reference interpreter, case by case (values worked out by hand)", () => {
  const tensor = (shape: number[], values: number[]): Tensor => ({
    shape,
    values: Float64Array.from(values),
  });
  const at = (e: Expr, given: Record<string, TensorLike>, rows?: number) =>
    evaluateTensor(e, given, rows === undefined ? {} : { rows });
  const result = (t: Tensor) => ({ shape: [...t.shape], values: [...t.values] });

  it("divides where the formula divides: 49/49 is 1 (49·(1/49) would be 1 - 2^-53)", () => {
    expect(result(at(div(sym("a"), sym("c")), { a: [49, 3], c: [49, 3] }))).toEqual({
      shape: [2],
      values: [1, 1],
    });
    // top and bottom products, each multiplied out first: (3·5)/(7·11)
    const quotient = div(mul(sym("a"), sym("b")), mul(sym("c"), sym("d")));
    expect(at(quotient, { a: 3, b: 5, c: 7, d: 11 }).values[0]).toBe(15 / 77);
    expect(at(mul(sym("a"), sym("b")), { a: [2, 3], b: 4 }).values).toEqual(Float64Array.of(8, 12));
  });

  it("broadcasts numpy's way: a row against a column, a matrix against a vector; other shapes are an error", () => {
    const row = tensor([1, 2], [1, 2]);
    const column = tensor([3, 1], [10, 20, 30]);
    expect(result(at(add(sym("u"), sym("v")), { u: row, v: column }))).toEqual({
      shape: [3, 2],
      values: [11, 12, 21, 22, 31, 32],
    });
    expect(result(at(add(sym("v"), sym("u")), { u: row, v: column })).values).toEqual([
      11, 12, 21, 22, 31, 32,
    ]);
    expect(result(at(sub(sym("X"), sym("w")), { X, w: [1, 10] }))).toEqual({
      shape: [3, 2],
      values: [0, -8, 2, -6, 4, -3],
    });
    expect(result(at(pow(sym("w"), num(2)), { w: [3, -2] }))).toEqual({ shape: [2], values: [9, 4] });
    expect(() => at(add(sym("u"), sym("v")), { u: [1, 2], v: [1, 2, 3] })).toThrow(
      /shapes \(2\) and \(3\) do not broadcast/,
    );
    expect(() => at(add(sym("u"), sym("v")), { u: X, v: tensor([2, 2], [1, 2, 3, 4]) })).toThrow(
      /shapes \(3,2\) and \(2,2\) do not broadcast/,
    );
  });

  it("matmul: vector·vector, vector@matrix, matrix@vector, matrix@matrix; scalars and unequal inner sizes are errors", () => {
    expect(result(at(matmul(sym("w"), sym("w")), { w: [0.5, -1] }))).toEqual({ shape: [], values: [1.25] });
    expect(result(at(matmul(sym("y"), sym("X")), { y: [1, 2, 3], X }))).toEqual({
      shape: [2],
      values: [22, 31],
    });
    expect(result(at(matmul(sym("X"), sym("w")), { X, w: [1, 10] }))).toEqual({
      shape: [3],
      values: [21, 43, 75],
    });
    expect(result(at(matmul(transpose(sym("X")), sym("X")), { X }))).toEqual({
      shape: [2, 2],
      values: [35, 49, 49, 69],
    });
    expect(() => at(matmul(sym("b"), sym("w")), { b: 2, w: [1, 2] })).toThrow(/@ of a scalar/);
    expect(() => at(matmul(sym("w"), sym("b")), { b: 2, w: [1, 2] })).toThrow(/@ of a scalar/);
    expect(() => at(matmul(sym("X"), sym("y")), { X, y: [1, 2, 3] })).toThrow(/inner sizes differ/);
  });

  it("transposes a matrix, and leaves a vector as it is", () => {
    expect(result(at(transpose(sym("X")), { X }))).toEqual({ shape: [2, 3], values: [1, 3, 5, 2, 4, 7] });
    expect(result(at(transpose(sym("w")), { w: [4, 5] }))).toEqual({ shape: [2], values: [4, 5] });
  });

  it("sum, mean, logsumexp and softmax along each dimension and over every entry", () => {
    expect(result(at(along("sum", sym("X"), 1), { X }))).toEqual({ shape: [3], values: [3, 7, 12] });
    expect(result(at(along("mean", sym("X"), 0), { X }))).toEqual({ shape: [2], values: [3, 13 / 3] });
    expect(result(at(along("sum", sym("w"), 0), { w: [1, 2, 4] }))).toEqual({ shape: [], values: [7] });
    const all = at(along("logsumexp", sym("X"), undefined), { X });
    expect(all.shape).toEqual([]);
    const total = [1, 2, 3, 4, 5, 7].reduce((s, v) => s + Math.exp(v), 0);
    expect(all.values[0]).toBeCloseTo(Math.log(total), 13);
    const lse0 = at(along("logsumexp", sym("X"), 0), { X }).values;
    expect(lse0[1]).toBeCloseTo(Math.log(Math.exp(2) + Math.exp(4) + Math.exp(7)), 13);
    const soft0 = at(along("softmax", sym("X"), 0), { X });
    expect(soft0.shape).toEqual([3, 2]);
    const column0 = Math.exp(1) + Math.exp(3) + Math.exp(5);
    expect(soft0.values[4]).toBeCloseTo(Math.exp(5) / column0, 14);
    expect(soft0.values[1]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(4) + Math.exp(7)), 14);
    // shifted by the maximum: no overflow where exp(1000) is Infinity
    expect(at(along("logsumexp", sym("w"), 0), { w: [1000, 1000] }).values[0]).toBeCloseTo(
      1000 + Math.log(2),
      10,
    );
    const half = at(along("softmax", sym("w"), 0), { w: [1000, 1000] }).values;
    expect([...half]).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
    // all -Infinity: log(0) = -Infinity (the shift would give -Infinity - -Infinity = NaN)
    expect(at(along("logsumexp", sym("w"), 0), { w: [-Infinity, -Infinity] }).values[0]).toBe(-Infinity);
  });

  it("sum(c) of a scalar is rows·c, mean(c) is c; over a vector or matrix, every entry", () => {
    expect(at(reduce("sum", sym("b")), { b: 2 }, 5).values[0]).toBe(10);
    expect(at(reduce("sum", sym("b")), { b: 2 }).values[0]).toBe(2);
    expect(at(reduce("sum", sym("b")), { b: 2, w: [1, 2, 3, 4] }).values[0]).toBe(8);
    expect(at(reduce("mean", sym("b")), { b: 2, w: [1, 2, 3, 4] }).values[0]).toBe(2);
    expect(at(reduce("mean", sym("w")), { w: [1, 2, 3, 6] }).values[0]).toBe(3);
    expect(result(at(reduce("sum", sym("X")), { X }))).toEqual({ shape: [], values: [22] });
  });

  it("rows and cols of a matrix; of anything else an error; a missing name an error", () => {
    expect(at(sizeOf("rows", sym("w")), { w: [1, 2, 3, 4] }).values[0]).toBe(4);
    expect(at(sizeOf("cols", sym("X")), { X }).values[0]).toBe(2);
    expect(() => at(sizeOf("cols", sym("w")), { w: [1, 2] })).toThrow(/cols of a value of shape \(2\)/);
    expect(() => at(sizeOf("rows", sym("b")), { b: 1 })).toThrow(/rows of a value of shape \(\)/);
    expect(() => at(sym("q"), { b: 1 })).toThrow(/no value given for 'q'/);
  });

  it("toTensor: a number, a list, rows, and a tensor as it is", () => {
    expect(result(toTensor(3))).toEqual({ shape: [], values: [3] });
    expect(result(toTensor([1, 2]))).toEqual({ shape: [2], values: [1, 2] });
    expect(result(toTensor(X))).toEqual({ shape: [3, 2], values: [1, 2, 3, 4, 5, 7] });
    const t = tensor([1, 2], [5, 6]);
    expect(toTensor(t)).toBe(t);
    expect(result(toTensor([]))).toEqual({ shape: [0], values: [] });
  });
});

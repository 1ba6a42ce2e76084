import { describe, expect, it } from "vitest";
import { evaluateTensor, toTensor } from "../../src/compile/tensorEvaluate.js";
import { add, along, matmul, num, pow, reduce, sizeOf, sub, sym, transpose } from "../../src/expr/index.js";

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
});

import { describe, expect, it } from "vitest";
import {
  add,
  along,
  type Expr,
  formatShape,
  matmul,
  mul,
  num,
  pow,
  reduce,
  type Shape,
  ShapeError,
  shapeOf,
  sizeOf,
  sub,
  sym,
  transpose,
} from "../../src/expr/index.js";

const X = sym("X");
const w = sym("w");
const y = sym("y");
const b = sym("b");
const W = sym("W");
const env = (table: Record<string, Shape>) => (name: string) =>
  Object.hasOwn(table, name) ? table[name] : undefined;
const regression = env({ X: ["n", 3], w: [3], y: ["n"], W: [3, 4], B: [4] });
const shape = (e: Expr) => formatShape(shapeOf(e, regression));
const fails = (e: Expr, message: RegExp) => {
  expect(() => shapeOf(e, regression)).toThrow(ShapeError);
  expect(() => shapeOf(e, regression)).toThrow(message);
};

describe("shapes follow numpy", () => {
  it("matmul: matrix@vector, vector@matrix, vector@vector, matrix@matrix", () => {
    expect(shape(matmul(X, w))).toBe("(n)");
    expect(shape(matmul(w, W))).toBe("(4)");
    expect(shape(matmul(w, w))).toBe("scalar");
    expect(shape(matmul(X, W))).toBe("(n,4)");
    expect(shape(matmul(transpose(X), y))).toBe("(3)");
    expect(shape(matmul(transpose(X), X))).toBe("(3,3)");
  });
  it("broadcasting: scalars, a vector against every row", () => {
    expect(shape(sub(add(matmul(X, w), b), y))).toBe("(n)");
    expect(shape(add(matmul(X, W), sym("B")))).toBe("(n,4)");
    expect(shape(pow(X, num(2)))).toBe("(n,3)");
  });
  it("reductions and sizes", () => {
    expect(shape(reduce("mean", pow(sub(matmul(X, w), y), num(2))))).toBe("scalar");
    expect(shape(along("sum", X, 0))).toBe("(3)");
    expect(shape(along("sum", X, 1))).toBe("(n)");
    expect(shape(along("softmax", matmul(X, W), 1))).toBe("(n,4)");
    expect(shape(along("logsumexp", matmul(X, W), 1))).toBe("(n)");
    expect(shape(sizeOf("rows", X))).toBe("scalar");
  });
  it("mistakes name both shapes", () => {
    fails(matmul(W, X), /\(3,4\) @ \(n,3\): the inner sizes differ/);
    fails(add(X, sym("B")), /\(n,3\) and \(4\) do not broadcast/);
    fails(mul(matmul(X, W), X), /do not broadcast/);
    fails(matmul(X, transpose(X)), /n×n matrix of data rows/);
    fails(matmul(w, b), /@ needs a vector or matrix on both sides/);
    fails(along("sum", y, 1), /has only dimension 0/);
    fails(sizeOf("cols", w), /only a matrix has columns/);
  });
});

describe("the (n) against (n,1) trap", () => {
  it("is an error that says so, not an n×n matrix", () => {
    const column = env({ X: ["n", 3], W: [3, 1], y: ["n"] });
    const e = sub(matmul(X, W), y);
    expect(() => shapeOf(e, column)).toThrow(/would broadcast to an n×n matrix; make both \(n\) vectors/);
  });
});

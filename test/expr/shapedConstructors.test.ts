/**
 * The constructors of the vector and matrix kinds normalise only what holds for every shape: an undefined
 * operand makes the node undefined, an exact 0 operand of `@` makes 0, number factors move out of `@` and
 * `'`, `(A')'` is A, a number is its own transpose. Each node is interned by everything that tells it apart
 * (operator, dimension, which size), and `rebuild` gives back the node from its own children for every kind.
 * Truth here is the definition of each operation on numbers: (2A)@(3B) = 6(A@B), (cA)' = cA'.
 */
import { describe, expect, it } from "vitest";
import {
  ALONG,
  add,
  along,
  children,
  type Expr,
  matmul,
  mul,
  num,
  pow,
  rebuild,
  reduce,
  SIZES,
  sizeOf,
  sym,
  transpose,
} from "../../src/expr/index.js";

const A = sym("A");
const B = sym("B");
const undefinedValue = pow(num(0), num(-1));

describe("matmul", () => {
  it("is undefined when either operand is", () => {
    expect(matmul(undefinedValue, A)).toBe(undefinedValue);
    expect(matmul(A, undefinedValue)).toBe(undefinedValue);
  });
  it("is 0 when either operand is exactly 0", () => {
    expect(matmul(num(0), A)).toBe(num(0));
    expect(matmul(A, num(0))).toBe(num(0));
  });
  it("moves number factors of either operand out in front: (2A)@(3B) = 6(A@B)", () => {
    const plain = matmul(A, B);
    expect(plain.kind).toBe("matmul");
    expect(matmul(mul(num(2), A), B)).toBe(mul(num(2), plain));
    expect(matmul(A, mul(num(3), B))).toBe(mul(num(3), plain));
    expect(matmul(mul(num(2), A), mul(num(3), B))).toBe(mul(num(6), plain));
    expect(matmul(mul(num(2), A, B), A)).toBe(mul(num(2), matmul(mul(A, B), A)));
  });
  it("keeps the order of its operands", () => {
    expect(matmul(A, B)).not.toBe(matmul(B, A));
  });
});

describe("transpose", () => {
  it("of a number is the number; of a transpose, the original", () => {
    expect(transpose(num(3))).toBe(num(3));
    expect(transpose(transpose(A))).toBe(A);
  });
  it("moves a number factor out: (2A)' = 2A'", () => {
    const t = transpose(A);
    expect(t.kind).toBe("transpose");
    expect(transpose(mul(num(2), A))).toBe(mul(num(2), t));
    expect(transpose(mul(num(2), A, B))).toBe(mul(num(2), transpose(mul(A, B))));
  });
  it("is undefined of an undefined operand", () => {
    expect(transpose(undefinedValue)).toBe(undefinedValue);
  });
});

describe("along and sizeOf", () => {
  it("are undefined of an undefined operand", () => {
    expect(along("sum", undefinedValue, 0)).toBe(undefinedValue);
    expect(sizeOf("rows", undefinedValue)).toBe(undefinedValue);
  });
  it("need a dimension, but for logsumexp over every entry", () => {
    for (const op of ["sum", "mean", "softmax"] as const)
      expect(() => along(op, A, undefined)).toThrow(`${op} needs a dimension`);
    expect(along("logsumexp", A, undefined).kind).toBe("along");
  });
  it("are told apart by operator, dimension and which size", () => {
    const nodes = [
      along("sum", A, 0),
      along("sum", A, 1),
      along("mean", A, 0),
      along("logsumexp", A, 0),
      along("logsumexp", A, undefined),
      along("softmax", A, 1),
      sizeOf("rows", A),
      sizeOf("cols", A),
      sizeOf("rows", B),
    ];
    expect(new Set(nodes).size).toBe(nodes.length);
    expect(along("sum", A, 1)).toBe(along("sum", A, 1));
    const s = along("softmax", A, 1);
    expect(s.kind === "along" && [s.op, s.dim, s.arg]).toEqual(["softmax", 1, A]);
    const r = sizeOf("cols", B);
    expect(r.kind === "size" && [r.which, r.arg]).toEqual(["cols", B]);
  });
  it("have their names in the language's tables", () => {
    expect([...ALONG]).toEqual(["logsumexp", "softmax"]);
    expect([...SIZES]).toEqual(["rows", "cols"]);
  });
});

describe("rebuild", () => {
  const every: Expr[] = [
    A,
    num(2),
    add(A, B),
    mul(A, B),
    pow(A, B),
    reduce("sum", A),
    matmul(A, B),
    transpose(A),
    along("mean", A, 0),
    sizeOf("cols", A),
  ];
  it("gives back each kind from its own children", () => {
    for (const e of every) expect(rebuild(e, children(e))).toBe(e);
  });
  it("builds each kind from new children through its constructor", () => {
    const C = sym("C");
    expect(rebuild(matmul(A, B), [C, A])).toBe(matmul(C, A));
    expect(rebuild(transpose(A), [C])).toBe(transpose(C));
    expect(rebuild(along("mean", A, 0), [C])).toBe(along("mean", C, 0));
    expect(rebuild(sizeOf("cols", A), [C])).toBe(sizeOf("cols", C));
    expect(rebuild(reduce("sum", A), [C])).toBe(reduce("sum", C));
    expect(rebuild(pow(A, B), [C, A])).toBe(pow(C, A));
    expect(rebuild(transpose(A), [num(5)])).toBe(num(5));
  });
});

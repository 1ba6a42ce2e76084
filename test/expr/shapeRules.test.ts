/**
 * The shape rules one by one, against numpy's rules written out by hand: broadcasting dimension by
 * dimension (1 stretches, "?" agrees with any size, "n" at most once), every function and operator
 * broadcasting its operands, transpose, reductions along a dimension, rows/cols, and every error with the
 * node it names and the fix it suggests for the (n) against (n,1) trap.
 */
import { describe, expect, it } from "vitest";
import {
  add,
  along,
  broadcast,
  call,
  type Expr,
  FUNCTIONS,
  formatShape,
  hasRows,
  isShapedNode,
  matmul,
  mul,
  neg,
  num,
  pow,
  reduce,
  type Shape,
  ShapeError,
  shapeOf,
  shapes,
  sizeOf,
  sym,
  transpose,
  trapFix,
  unlowered,
} from "../../src/expr/index.js";

const env = (table: Record<string, Shape>) => (name: string) =>
  Object.hasOwn(table, name) ? table[name] : undefined;
const table = env({
  X: ["n", 3],
  Y: ["n", 1],
  Z: ["n", 1],
  w: [3],
  W: [3, 1],
  M: [2, 3],
  r: [1, 3],
  c: [2, 1],
  y: ["n"],
  U: ["?", 3],
  u: ["?"],
});
const of = (e: Expr) => shapeOf(e, table);
const node = add(sym("a"), sym("b"));

/** The ShapeError `e` throws, with its message and node. */
function error(e: Expr): ShapeError {
  try {
    of(e);
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(ShapeError);
    return thrown as ShapeError;
  }
  throw new Error("no ShapeError");
}

describe("broadcasting, dimension by dimension", () => {
  it("a scalar takes the other shape, on either side", () => {
    expect(broadcast([], [2, 3], node)).toEqual([2, 3]);
    expect(broadcast([2, 3], [], node)).toEqual([2, 3]);
    expect(broadcast([], [], node)).toEqual([]);
  });

  it("a dimension of 1, or a missing one, stretches to the other, on either side", () => {
    expect(broadcast([2, 1], [1, 3], node)).toEqual([2, 3]);
    expect(broadcast([1, 3], [2, 1], node)).toEqual([2, 3]);
    expect(broadcast([3], [2, 3], node)).toEqual([2, 3]);
    expect(broadcast([2, 3], [3], node)).toEqual([2, 3]);
    expect(broadcast([1], [2, 3], node)).toEqual([2, 3]);
    expect(broadcast(["n", 1], [3], node)).toEqual(["n", 3]);
  });

  it("'?' agrees with any size and takes the known one, on either side", () => {
    expect(broadcast(["?", 3], ["n", 3], node)).toEqual(["n", 3]);
    expect(broadcast(["n", 3], ["?", 3], node)).toEqual(["n", 3]);
    expect(broadcast([4], ["?"], node)).toEqual([4]);
    expect(broadcast(["?"], ["?"], node)).toEqual(["?"]);
  });

  it("different sizes do not broadcast, and the error names both shapes and the node", () => {
    const thrown = (() => {
      try {
        broadcast([2, 3], [4], node);
      } catch (e) {
        return e as ShapeError;
      }
    })();
    expect(thrown).toBeInstanceOf(ShapeError);
    expect(thrown?.message).toBe("the shapes (2,3) and (4) do not broadcast");
    expect(thrown?.node).toBe(node);
    expect(thrown?.name).toBe("ShapeError");
    expect(() => broadcast(["n"], [3], node)).toThrow("the shapes (n) and (3) do not broadcast");
  });

  it("the data rows at most once: (n) against (n,1) is the trap, with its default fix", () => {
    for (const [a, b] of [
      [["n"], ["n", 1]],
      [["n", 1], ["n"]],
    ] as const)
      expect(() => broadcast(a, b, node)).toThrow(
        `${formatShape(a)} and ${formatShape(b)}: an (n) vector against an (n,1) column would broadcast to an n×n matrix; make both (n) vectors (declare a k×1 parameter as a vector, param W[k], so that X@W is (n))`,
      );
    expect(broadcast(["n", 1], ["n", 1], node)).toEqual(["n", 1]);
    expect(broadcast(["n", 1], ["n", 3], node)).toEqual(["n", 3]);
  });

  it("n×n from something other than the trap is a plain mismatch", () => {
    // (n,1) against (1,n) would be n×n too, but is not the (n) against (n,1) trap
    expect(() => broadcast(["n", 1], [1, "n"], node)).toThrow("the shapes (n,1) and (1,n) do not broadcast");
    expect(() => broadcast(["n", 2], ["n"], node)).toThrow("the shapes (n,2) and (n) do not broadcast");
    // the rows once, against a (3,1) column: a 3×n matrix
    expect(broadcast(["n"], [3, 1], node)).toEqual([3, "n"]);
  });
});

describe("the shape of each kind of node", () => {
  it("numbers and names not in the table are scalars; names take their shape", () => {
    expect(of(num(2))).toEqual([]);
    expect(of(sym("unknown"))).toEqual([]);
    expect(of(sym("X"))).toEqual(["n", 3]);
  });

  it("operators and functions broadcast all their operands", () => {
    expect(of(add(sym("r"), sym("c")))).toEqual([2, 3]);
    expect(of(mul(sym("c"), sym("r"), num(2)))).toEqual([2, 3]);
    expect(of(pow(sym("w"), sym("c")))).toEqual([2, 3]);
    expect(of(call(FUNCTIONS.get("exp")!, [sym("c")]))).toEqual([2, 1]);
    expect(of(call(FUNCTIONS.get("max")!, [sym("r"), sym("c")]))).toEqual([2, 3]);
    expect(of(add(sym("U"), sym("X")))).toEqual(["n", 3]);
  });

  it("transpose reverses the dimensions; a reduction over the rows is a scalar", () => {
    expect(of(transpose(sym("M")))).toEqual([3, 2]);
    expect(of(transpose(sym("w")))).toEqual([3]);
    expect(of(reduce("sum", sym("y")))).toEqual([]);
  });

  it("reductions along a dimension drop it; softmax keeps the shape; without a dimension, a scalar", () => {
    expect(of(along("sum", sym("M"), 0))).toEqual([3]);
    expect(of(along("mean", sym("M"), 1))).toEqual([2]);
    expect(of(along("sum", sym("w"), 0))).toEqual([]);
    expect(of(along("softmax", sym("M"), 0))).toEqual([2, 3]);
    expect(of(along("softmax", sym("w"), 0))).toEqual([3]);
    expect(of(along("logsumexp", sym("M"), undefined))).toEqual([]);
  });

  it("matmul: the inner sizes meet; '?' agrees with any", () => {
    expect(of(matmul(sym("M"), sym("w")))).toEqual([2]);
    expect(of(matmul(sym("U"), sym("w")))).toEqual(["?"]);
    expect(of(matmul(sym("M"), sym("u")))).toEqual([2]);
    expect(of(matmul(sym("u"), sym("u")))).toEqual([]);
    expect(of(matmul(sym("c"), sym("r")))).toEqual([2, 3]);
    expect(of(matmul(transpose(sym("y")), sym("X")))).toEqual([3]);
  });

  it("rows and cols are scalars", () => {
    expect(of(sizeOf("rows", sym("w")))).toEqual([]);
    expect(of(sizeOf("cols", sym("M")))).toEqual([]);
  });

  it("shapes() memoises: a shared subtree is shaped once and every node can be asked", () => {
    const shared = add(sym("r"), sym("c"));
    const memo = new Map<Expr, Shape>();
    const shapeOfNode = shapes([mul(shared, shared)], table, memo);
    expect(shapeOfNode(shared)).toEqual([2, 3]);
    expect(memo.get(shared)).toEqual([2, 3]);
  });
});

describe("mistakes, each at its node", () => {
  it("along on a scalar, and along a dimension a vector does not have", () => {
    const scalarAlong = along("sum", sym("a"), 0);
    const e = error(scalarAlong);
    expect(e.message).toBe("sum along a dimension needs a vector or matrix, not a scalar");
    expect(e.node).toBe(scalarAlong);
    expect(error(along("logsumexp", sym("a"), undefined)).message).toBe(
      "logsumexp along a dimension needs a vector or matrix, not a scalar",
    );
    expect(error(along("mean", sym("w"), 1)).message).toBe("mean(…, 1): a vector (3) has only dimension 0");
  });

  it("rows of a scalar, cols of a vector or of a scalar", () => {
    expect(error(sizeOf("rows", sym("a"))).message).toBe("rows(…) of a scalar: it has no rows");
    expect(error(sizeOf("cols", sym("w"))).message).toBe(
      "cols(…) of a vector (3): only a matrix has columns",
    );
    expect(error(sizeOf("cols", sym("a"))).message).toBe("cols(…) of a scalar: only a matrix has columns");
  });

  it("matmul with a scalar, inner sizes that differ, and an n×n result", () => {
    const scaled = matmul(sym("M"), sym("a"));
    expect(error(scaled).message).toBe(
      "@ needs a vector or matrix on both sides, not (2,3) @ scalar; use * to scale",
    );
    expect(error(scaled).node).toBe(scaled);
    expect(error(matmul(sym("a"), sym("w"))).message).toBe(
      "@ needs a vector or matrix on both sides, not scalar @ (3); use * to scale",
    );
    expect(error(matmul(sym("w"), sym("M"))).message).toBe("(3) @ (2,3): the inner sizes differ");
    expect(error(matmul(sym("M"), sym("M"))).message).toBe("(2,3) @ (2,3): the inner sizes differ");
    expect(error(matmul(sym("Y"), transpose(sym("Y")))).message).toBe(
      "(n,1) @ (1,n) would be an n×n matrix of data rows, which symgrad does not build",
    );
  });

  it("a mismatch inside an operator names the operator", () => {
    const sum = add(sym("w"), sym("M"), sym("c"), sym("y"));
    expect(error(sum).node).toBe(sum);
    expect(error(add(sym("X"), sym("c"))).message).toBe("the shapes (n,3) and (2,1) do not broadcast");
  });
});

describe("the fix suggested for the (n) against (n,1) trap", () => {
  const trap = (e: Expr) => error(e).message.replace(/^.*make both \(n\) vectors \((.*)\)$/, "$1");

  it("a column given as data: give it as a vector, also when negated", () => {
    expect(trap(add(sym("y"), sym("Y")))).toBe(
      "give Y as a vector, data Y = [1, 2, 3], not as rows of one value",
    );
    expect(trap(add(sym("y"), neg(sym("Y"))))).toBe(
      "give Y as a vector, data Y = [1, 2, 3], not as rows of one value",
    );
  });

  it("X@W with W a k×1 parameter: declare W as a vector, with its size", () => {
    expect(trap(add(sym("y"), matmul(sym("X"), sym("W"))))).toBe(
      "declare W as a vector, param W[3], so that X@W is (n)",
    );
    // an unknown size and a left side that is not a name
    const unknown = env({ y: ["n"], Z: [3, "n"], V: ["?", 1] });
    const e = add(sym("y"), matmul(transpose(sym("Z")), sym("V")));
    expect(() => shapeOf(e, unknown)).toThrow("declare V as a vector, param V[k], so that …@V is (n)");
  });

  it("anything else: sum along dimension 1", () => {
    expect(trap(add(sym("y"), mul(sym("Y"), sym("Y"))))).toBe(
      "sum(…, 1) makes an (n,1) column an (n) vector",
    );
    expect(trap(add(sym("y"), matmul(sym("X"), call(FUNCTIONS.get("exp")!, [sym("W")]))))).toBe(
      "sum(…, 1) makes an (n,1) column an (n) vector",
    );
    // a multiple of a matrix product names its parameter as the product itself does
    expect(trap(add(sym("y"), mul(num(3), matmul(sym("X"), sym("W")))))).toBe(
      "declare W as a vector, param W[3], so that X@W is (n)",
    );
  });

  it("trapFix picks the operand that is the (n,1) column, wherever it is", () => {
    const ofName = (e: Expr) => of(e);
    expect(trapFix([sym("y"), sym("X"), sym("Y")], ofName)).toMatch(/^give Y as a vector/);
    expect(trapFix([sym("c"), sym("Y")], ofName)).toMatch(/^give Y as a vector/);
    expect(trapFix([sym("y")], ofName)).toBe("sum(…, 1) makes an (n,1) column an (n) vector");
    // only a number times one name names it: not three factors, nor a product of two names
    const sum = "sum(…, 1) makes an (n,1) column an (n) vector";
    expect(trapFix([mul(num(2), sym("Y"), sym("Z"))], ofName)).toBe(sum);
    expect(trapFix([mul(sym("Y"), sym("Z"))], ofName)).toBe(sum);
    expect(trapFix([mul(num(-1), sym("Z"))], ofName)).toMatch(/^give Z as a vector/);
  });
});

describe("small helpers", () => {
  it("formatShape, hasRows, isShapedNode, unlowered", () => {
    expect(formatShape([])).toBe("scalar");
    expect(formatShape(["n", 3])).toBe("(n,3)");
    expect(formatShape([4])).toBe("(4)");
    expect(hasRows(["n", 3])).toBe(true);
    expect(hasRows([3, 3])).toBe(false);
    expect(hasRows([])).toBe(false);
    for (const e of [
      matmul(sym("M"), sym("w")),
      transpose(sym("M")),
      along("sum", sym("M"), 0),
      sizeOf("rows", sym("M")),
    ])
      expect(isShapedNode(e)).toBe(true);
    for (const e of [sym("M"), num(1), add(sym("a"), sym("b")), reduce("sum", sym("y"))])
      expect(isShapedNode(e)).toBe(false);
    expect(unlowered(transpose(sym("M"))).message).toBe(
      "internal: a transpose node reached a scalar stage; lower the formula first",
    );
  });
});

/**
 * Stress tests of the expression stage's own passes (slow by design; names start with "stress"): replacing
 * inside and reading least-squares costs out of inputs far deeper than any test formula. Both run without
 * recursion and in time linear in the size of the tree.
 */
import { describe, expect, it } from "vitest";
import {
  add,
  call,
  type Expr,
  FUNCTIONS,
  num,
  pow,
  reduce,
  replace,
  sumOfSquares,
  sym,
} from "../../src/expr/index.js";

const a = sym("a");
const y = sym("y");

/** sin(log1p(sin(…(leaf)…))), `depth` calls deep. */
function composition(depth: number, leaf: Expr): Expr {
  let e = leaf;
  for (let i = 0; i < depth; i++) e = call(FUNCTIONS.get(i % 2 === 0 ? "sin" : "log1p")!, [e]);
  return e;
}

describe("stress: expression passes over very deep trees", () => {
  it("stress: replace swaps the leaf of a 50,000-deep composition", () => {
    expect(replace(composition(50_000, a), new Map([[a.id, y]]))).toBe(composition(50_000, y));
  });

  it("stress: sumOfSquares reads the square of a 50,000-deep composition", () => {
    const residual = composition(50_000, a);
    expect(sumOfSquares(pow(residual, num(2)), (name) => name === "a")).toEqual([
      { residual, weight: 1, over: undefined },
    ]);
  });

  // Asking each of n nested reductions for its names walked O(n²) nodes: 5,000 took 11–20 s, so 20,000
  // would take minutes; one memoised pass takes milliseconds.
  it("stress: sumOfSquares checks 20,000 nested data reductions in a row residual in linear time", () => {
    const nested = (leaf: Expr) => {
      let e = leaf;
      for (let i = 0; i < 20_000; i++) e = reduce("mean", add(e, y));
      return e;
    };
    const isParam = (name: string) => name === "a";
    const dataOnly = add(nested(y), a);
    expect(sumOfSquares(reduce("sum", pow(dataOnly, num(2))), isParam)).toEqual([
      { residual: dataOnly, weight: 1, over: "sum" },
    ]);
    // the parameter at the bottom of the reductions ties every row's residual to every other row
    expect(sumOfSquares(reduce("sum", pow(add(nested(add(y, a)), y), num(2))), isParam)).toBeUndefined();
  });
});

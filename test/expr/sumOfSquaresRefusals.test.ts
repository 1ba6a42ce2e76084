/**
 * What the least-squares recogniser must refuse and must still accept, where mutation testing found the
 * other tests silent: a data name outside a reduction in a scalar term, a reduction inside a reduction,
 * weights that overflow to Infinity or underflow to 0; and a data-only reduction in a scalar residual.
 */
import { describe, expect, it } from "vitest";
import { sumOfSquares } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";

const params = new Set(["a", "b", "W"]);
const isParam = (name: string) => params.has(name);
const terms = (source: string) =>
  sumOfSquares(parse(source), isParam)?.map((t) => [t.residual, t.weight, t.over] as const);

describe("sumOfSquares refuses", () => {
  it.each([
    ["(W*x - 1)^2", "a scalar term uses the data name x outside any reduction"],
    ["mean((W*x - y)^2) + (b - y)^2", "a scalar term uses y, which is one number per row"],
    ["sum(sum((W*x - y)^2))", "a reduction inside a reduction (n times the sum, not the sum)"],
    ["1e200*1e200*W^2", "a weight that overflows to Infinity (the constructors leave the factors unfolded)"],
    ["1e-200*mean(1e-200*(W*x)^2)", "a weight that underflows to 0"],
  ])("%s: %s", (source) => {
    expect(terms(source)).toBeUndefined();
  });
});

describe("sumOfSquares accepts", () => {
  it("a scalar residual that uses data only through reductions", () => {
    expect(terms("(W - mean(y))^2 + 3*(sum(x*y) - b)^2")).toEqual([
      [parse("W - mean(y)"), 1, undefined],
      [parse("sum(x*y) - b"), 3, undefined],
    ]);
  });

  it("a residual of parameters only, whatever names it shares with other terms", () => {
    expect(terms("(a*b - 1)^2 + mean((a*x - y)^2)")).toEqual([
      [parse("a*b - 1"), 1, undefined],
      [parse("a*x - y"), 1, "mean"],
    ]);
  });
});

/**
 * The generic traversals and the tree rewriting built on them, on small formulas whose answers are written
 * out by hand: post-order with `known` and `children` options, memo reuse in `pass`, printed sizes node kind
 * by node kind, the names that look like data, the columns used outside reductions, and `replace`.
 */
import { describe, expect, it } from "vitest";
import {
  add,
  call,
  children,
  columnsOutsideReductions,
  type Expr,
  FUNCTIONS,
  likelyData,
  likelyDataOf,
  pass,
  replace,
  size,
  sym,
  walk,
  walkAll,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";

const text = (nodes: readonly Expr[]) => nodes.map((n) => format(n));

describe("walkAll", () => {
  it("lists children before parents, operands left to right, each shared node once", () => {
    expect(text(walk(parse("a*b + c^a")))).toEqual(["a", "b", "a*b", "c", "c^a", "a*b + c^a"]);
    expect(text(walkAll([parse("a + b"), parse("b*c")]))).toEqual(["a", "b", "a + b", "c", "b*c"]);
    expect(walkAll([])).toEqual([]);
  });

  it("skips known nodes and their children, and descends only where told", () => {
    const e = parse("sin(a*b) + mean(x*y)");
    const known = (n: Expr) => format(n) === "a*b";
    expect(text(walkAll([e], { known }))).toEqual(["sin(a*b)", "x", "y", "x*y", "mean(x*y)", format(e)]);
    const stopAtReductions = (n: Expr) => (n.kind === "reduce" ? [] : children(n));
    expect(text(walkAll([e], { children: stopAtReductions }))).toEqual([
      "a",
      "b",
      "a*b",
      "sin(a*b)",
      "mean(x*y)",
      format(e),
    ]);
  });
});

describe("pass", () => {
  it("runs the rule once per node, children first, and not again for nodes its memo holds", () => {
    const seen: string[] = [];
    const memo = new Map<Expr, number>();
    const depth = (n: Expr, d: (c: Expr) => number) => {
      seen.push(format(n));
      return 1 + Math.max(0, ...children(n).map(d));
    };
    const e = parse("exp(a*b) + a*b");
    expect(pass([e], depth, memo)(e)).toBe(4);
    expect(seen).toEqual(["a", "b", "a*b", "exp(a*b)", format(e)]);
    seen.length = 0;
    const bigger = parse("(exp(a*b) + a*b)^c");
    expect(pass([bigger], depth, memo)(bigger)).toBe(5);
    expect(seen).toEqual(["c", format(bigger)]);
  });
});

describe("size", () => {
  it.each([
    ["x", 1],
    ["2", 1],
    ["sin(x)", 2],
    ["x^2", 3],
    ["x + y + z", 5],
    ["x*y*z*w", 7],
    ["max(x, y)", 3],
    ["mean(x)", 2],
    ["sum(x*y)^2", 6],
  ])("%s has printed size %i", (source, want) => {
    expect(size(parse(source))).toBe(want);
  });

  it("counts a shared node once with `shared`", () => {
    expect(size(parse("exp(x*y) + exp(x*y)^2"))).toBe(11);
    expect(size(parse("exp(x*y) + exp(x*y)^2"), { shared: true })).toBe(7);
  });
});

describe("likelyData", () => {
  it("finds x, y, X1, y_2 … inside reductions, in order of first appearance", () => {
    expect(likelyData(parse("mean((W*x + b - y)^2)"))).toEqual(["x", "y"]);
    expect(likelyData(parse("sum(Y10*y_2 + X*a + x_ab)"))).toEqual(["Y10", "y_2", "X", "x_ab"]);
    expect(likelyDataOf([parse("mean(y1)"), parse("sum(x0)")])).toEqual(["y1", "x0"]);
  });

  it("ignores names outside reductions and names that only start like data", () => {
    expect(likelyData(parse("x + sum(W*y)"))).toEqual(["y"]);
    expect(likelyData(parse("sum(xy + x_ + ax + z + y1a + x__)"))).toEqual(["x__"]);
    expect(likelyData(parse("x^2 + y"))).toEqual([]);
    expect(likelyData(parse("mean(x)"), parse("sum(y)"))).toEqual(["x", "y"]);
  });
});

describe("columnsOutsideReductions", () => {
  const data = new Set(["x", "y", "z"]);

  it("lists the data names used outside sum and mean, in order of first appearance", () => {
    expect(columnsOutsideReductions(parse("z*W + sum(y) + x + z"), data)).toEqual(["z", "x"]);
    expect(columnsOutsideReductions(parse("exp(y)^x*mean(z)"), data)).toEqual(["y", "x"]);
    expect(columnsOutsideReductions(parse("mean(x*y) + sum(mean(x)*z)"), data)).toEqual([]);
    expect(columnsOutsideReductions(parse("a*b + x"), new Set())).toEqual([]);
    expect(columnsOutsideReductions(sym("x"), data)).toEqual(["x"]);
  });

  it("visits a shared node once: 80 levels of max(e, e) are 81 nodes, not 2^80 paths", () => {
    let e: Expr = add(sym("x"), sym("W"));
    for (let level = 0; level < 80; level++) e = call(FUNCTIONS.get("max")!, [e, e]);
    expect(columnsOutsideReductions(e, data)).toEqual(["x"]);
    expect(walk(e)).toHaveLength(83);
  });
});

describe("replace", () => {
  const at = (source: string, pairs: [string, string][]) =>
    replace(parse(source), new Map(pairs.map(([from, to]) => [parse(from).id, parse(to)])));

  it("rebuilds every kind of node through the constructors, so the result folds", () => {
    expect(at("sin(x)*x + mean(x*y) + x^y", [["x", "2"]])).toBe(parse("2*sin(2) + mean(2*y) + 2^y"));
    expect(at("a*b + (a + c)^2 + max(a, b)", [["a", "0"]])).toBe(parse("c^2 + max(0, b)"));
    expect(at("exp(x - 1) + sum(x)", [["x", "1"]])).toBe(parse("1 + sum(1)"));
    expect(at("(a*b)^c", [["a*b", "d"]])).toBe(parse("d^c"));
    expect(at("a + b", [])).toBe(parse("a + b"));
  });

  it("replaces a replaced node as a whole, not what is below it", () => {
    expect(
      at("sin(a + b) + a", [
        ["a + b", "c"],
        ["a", "7"],
      ]),
    ).toBe(parse("sin(c) + 7"));
    expect(
      at("sin(a + b)", [
        ["sin(a + b)", "b"],
        ["a", "7"],
      ]),
    ).toBe(parse("b"));
  });
});

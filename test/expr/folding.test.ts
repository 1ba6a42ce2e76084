/**
 * What the constructors fold and what they leave alone, case by case where mutation testing found the other
 * tests silent: calls fold only exact arguments to whole numbers, `0^0` is 1 as in JavaScript, sums that
 * cancel to exact fractions print the true fraction, and `sigmoid`/`softplus` keep their closed forms far
 * out in both tails (where the naive formulas overflow), in f64 and in their generated JavaScript.
 */
import { describe, expect, it } from "vitest";
import { call, FUNCTIONS, num, pow } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";

const fn = (name: string) => FUNCTIONS.get(name)!;
const folded = (name: string, ...args: number[]) =>
  call(
    fn(name),
    args.map((a) => num(a)),
  );

describe("calls of numbers", () => {
  it.each([
    ["tan", 0, 0],
    ["sinh", 0, 0],
    ["cosh", 0, 1],
    ["tanh", 0, 0],
    ["asin", 0, 0],
    ["atan", 0, 0],
    ["asinh", 0, 0],
    ["atanh", 0, 0],
    ["log1p", 0, 0],
    ["expm1", 0, 0],
    ["cbrt", -8, -2],
    ["cbrt", 27, 3],
    ["sqrt", 0, 0],
    ["sign", -2, -1],
    ["sign", 0, 0],
    ["step", -1, 0],
    ["step", 0, 0],
    ["step", 3, 1],
    ["relu", -3, 0],
    ["relu", 4, 4],
    ["abs", 0, 0],
  ])("%s(%d) folds to %d", (name, x, want) => {
    expect(folded(name, x)).toBe(num(want));
  });

  it("folds max and min of exact numbers to the whole number they pick", () => {
    expect(folded("min", 2, -3)).toBe(num(-3));
    expect(folded("max", -2, -3)).toBe(num(-2));
    expect(folded("max", 0.5, 1)).toBe(num(1));
  });

  it.each([
    ["log", [2]],
    ["log", [0.5]],
    ["sin", [1]],
    ["acos", [0]],
    ["cbrt", [2]],
    ["sqrt", [2.25]],
    ["sqrt", [0.25]],
    ["abs", [-0.5]],
    ["max", [0.5, 0.25]],
    ["relu", [2.5]],
  ])("%s(%s) is not a whole number and stays a call", (name, args) => {
    expect(folded(name, ...args).kind).toBe("call");
  });

  it("folds only exact arguments, not an f64 that merely has a whole-number image", () => {
    const inexact = num(0.30000000000000004);
    expect(inexact.exact).toBeUndefined();
    expect(call(fn("sign"), [inexact]).kind).toBe("call");
    expect(call(fn("step"), [inexact]).kind).toBe("call");
  });
});

describe("powers and sums of numbers", () => {
  it("makes 0^0 one, as JavaScript's 0 ** 0, and 0^k zero for a whole k > 0", () => {
    expect(0 ** 0).toBe(1);
    expect(pow(num(0), num(0))).toBe(num(1));
    expect(pow(num(0), num(3))).toBe(num(0));
  });

  it("folds a power with an inexact side in f64, and leaves an infinite one unfolded", () => {
    const third = num(0.30000000000000004);
    expect(pow(third, num(2))).toBe(num(0.30000000000000004 ** 2));
    expect(pow(num(2), third)).toBe(num(2 ** 0.30000000000000004));
    expect(pow(num(1e300), num(1.5)).kind).toBe("pow");
  });

  // the exact fraction of this sum is -1033184156112259/54602562 (BigInt arithmetic); rounded products
  // in `addRational` made it -2582960390280647/136506405
  it("prints a sum of fractions whose products pass 2^53 as the true fraction", () => {
    expect(format(parse("-9007199254740991/136506405 + 470618127/10"))).toBe("-1033184156112259/54602562");
  });
});

describe("sigmoid and softplus in their tails", () => {
  const sigmoid = fn("sigmoid");
  const softplus = fn("softplus");
  const js = (f: typeof sigmoid) => new Function("a", `return ${f.js("a")};`) as (x: number) => number;
  const close = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(1e-3);

  it("sigmoid is 1 far right and e^x (not 0, not NaN) far left", () => {
    for (const f of [sigmoid.evaluate, js(sigmoid)]) {
      expect(f(800)).toBe(1);
      // sigmoid(x) = e^x/(1 + e^x) = e^x (1 - e^x + …): at x = -740 that is e^-740 to far below f64's precision
      close(f(-740), Math.exp(-740));
      close(f(-30), Math.exp(-30));
      expect(f(0)).toBe(0.5);
    }
  });

  it("softplus is x far right and e^x far left", () => {
    for (const f of [softplus.evaluate, js(softplus)]) {
      expect(f(800)).toBe(800);
      close(f(-700), Math.exp(-700));
      expect(f(0)).toBe(Math.LN2);
    }
  });
});

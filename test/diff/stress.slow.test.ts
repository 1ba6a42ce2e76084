/**
 * Stress tests (slow by design, a few seconds each; names start with "stress"): inputs far larger than any
 * test formula, which used to overflow the stack or take quadratic time. Nothing in the core recurses over
 * the input or spreads an array into arguments, and the n-ary product rule groups equal factors, so each
 * of these runs in time linear in its size. Trees are built with the constructors, as the parser builds
 * them, so that only the core is measured.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { derivative, gradient } from "../../src/diff/index.js";
import {
  addAll,
  call,
  type Expr,
  FUNCTIONS,
  mul,
  mulAll,
  num,
  pow,
  reduce,
  size,
  sym,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { simplify } from "../../src/simplify/index.js";

const x = sym("x");

describe("stress: sizes that overflowed the stack or took quadratic time", () => {
  // issue 9: `add(...parts)` in reverse mode overflowed the stack at about 124,000 terms
  it("stress: a 1,000,000-term sum x + x + … + x differentiates, simplifies and prints", () => {
    const n = 1_000_000;
    const e = addAll(Array.from({ length: n }, () => x));
    expect(gradient(e, ["x"])[0]).toBe(num(n));
    expect(derivative(e, "x")).toBe(num(n));
    expect(format(simplify(e))).toBe(`${n}*x`);
    const text = format(e);
    expect(text.length).toBe(4 * n - 3);
    expect(text.startsWith("x + x + x")).toBe(true);
  });

  // issue 9: the derivative of 6,400 factors x*x*…*x took 11.6 s (the product rule made 6,400 products of 6,399)
  it("stress: 6,400 factors x*x*…*x and x/x/…/x differentiate in both modes", () => {
    const n = 6400;
    const product = mulAll(Array.from({ length: n }, () => x));
    const quotient = mulAll([x, ...Array.from({ length: n - 1 }, () => pow(x, num(-1)))]);
    const at = { x: 1.0001 };
    for (const d of [derivative(product, "x"), gradient(product, ["x"])[0]!]) {
      expect(format(d)).toBe(`${n}*x^${n - 1}`);
      expect(evaluate(d, at)).toBeCloseTo(n * 1.0001 ** (n - 1), 6);
    }
    for (const d of [derivative(quotient, "x"), gradient(quotient, ["x"])[0]!]) {
      expect(format(d)).toBe(`-${n - 2}/x^${n - 1}`);
      expect(evaluate(d, at)).toBeCloseTo(-(n - 2) / 1.0001 ** (n - 1), 6);
    }
  });

  it("stress: a 50,000-deep composition is walked, simplified and printed without recursion", () => {
    const depth = 50_000;
    let e: Expr = x;
    for (let i = 0; i < depth; i++) e = call(FUNCTIONS.get(i % 2 === 0 ? "sin" : "log1p")!, [e]);
    expect(size(e)).toBe(depth + 1);
    expect(simplify(e)).toBe(e);
    const text = format(e);
    expect(text.length).toBe((depth / 2) * ("sin()".length + "log1p()".length) + 1);
    expect(format(e, { style: "latex" }).length).toBeGreaterThan(depth * 10);
    expect(format([e, e], { share: true }).split("\n")).toHaveLength(3);
  });

  // the chain rule multiplied one more partial onto a flat product at every level: 8,000 deep took 6-9 s,
  // 50,000 deep ran out of memory; pending products build the product of the partials once
  it("stress: a 50,000-deep composition sin(log1p(sin(…log1p(x)…))) differentiates in both modes", () => {
    const depth = 50_000;
    const at = 0.5;
    let e: Expr = x;
    let u = at;
    let chain = 1; // the chain rule by hand: Π f'(u_k) along the composition
    for (let i = 0; i < depth; i++) {
      const sin = i % 2 === 1;
      e = call(FUNCTIONS.get(sin ? "sin" : "log1p")!, [e]);
      chain *= sin ? Math.cos(u) : 1 / (1 + u);
      u = sin ? Math.sin(u) : Math.log1p(u);
    }
    expect(chain).toBeGreaterThan(1e-300);
    for (const d of [derivative(e, "x"), gradient(e, ["x"])[0]!]) {
      const value = evaluate(d, { x: at });
      expect(Math.abs(value - chain) / chain).toBeLessThan(1e-9);
    }
  });

  it("stress: 20,000 nested reductions sum(x*sum(x*…sum(W*x)…)) differentiate and print", () => {
    const depth = 20_000;
    let e: Expr = mul(sym("W"), x);
    for (let i = 0; i < depth; i++) e = reduce("sum", mul(x, e));
    const [dW] = gradient(e, ["W"]);
    // with one row x = 1 every sum is its body, so the derivative is 1
    expect(evaluate(dW!, { W: 3, x: [1] })).toBe(1);
    expect(format(dW!).length).toBeGreaterThan(depth * "sum(x*)".length);
    expect(format(e, { style: "latex" })).toContain("\\sum_{i=1}^{n}");
  });
});

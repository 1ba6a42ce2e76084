/**
 * mathjs as an independent oracle: for random formulas without reductions, printed as text (which mathjs
 * reads with the same precedence), our derivative agrees numerically with mathjs.derivative.
 */
import fc from "fast-check";
import { derivative as mathjsDerivative, parse as mathjsParse } from "mathjs";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { derivative } from "../../src/diff/index.js";
import { FUNCTIONS } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { arbExpr, arbPoint } from "../arb.js";

/** Functions that mathjs knows under the same name and differentiates. */
const MATHJS = new Set([
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "tanh",
  "exp",
  "log",
  "sqrt",
]);

describe("mathjs agrees", () => {
  it("on random formulas of the functions it knows", () => {
    const names = ["a", "b"];
    fc.assert(
      fc.property(arbExpr({ depth: 3, names }), arbPoint(names), (e, at) => {
        const text = format(e);
        const used = [...text.matchAll(/([a-z]\w*)\(/g)].map((m) => m[1]!);
        fc.pre(used.every((f) => MATHJS.has(f)) && !/\bpi\b|\be\b/.test(text));
        fc.pre(Object.values(at).every((v) => Math.abs(v) > 0.05));
        const value = evaluate(e, at);
        fc.pre(Number.isFinite(value) && Math.abs(value) < 1e8);
        const ours = evaluate(derivative(e, "a"), at);
        fc.pre(Number.isFinite(ours));
        const theirs = mathjsDerivative(mathjsParse(text), "a", { simplify: false }).evaluate({ ...at });
        fc.pre(typeof theirs === "number" && Number.isFinite(theirs) && Math.abs(theirs) < 1e8);
        expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(theirs)));
      }),
      { numRuns: 200, maxSkipsPerRun: 5000 },
    );
    expect([...MATHJS].every((f) => FUNCTIONS.has(f))).toBe(true);
  });
});

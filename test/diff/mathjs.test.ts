/**
 * mathjs as an independent oracle: for random formulas without reductions, printed as text (which mathjs
 * reads with the same precedence), our derivative agrees numerically with mathjs.derivative, and is finite
 * wherever mathjs's is. The filters are on the formula (functions mathjs knows) and the point, and the
 * comparisons made are counted.
 */
import fc from "fast-check";
import { derivative as mathjsDerivative, parse as mathjsParse } from "mathjs";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { derivative } from "../../src/diff/index.js";
import { FUNCTIONS, freeSymbols } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { arbExpr, arbPoint } from "../arb.js";
import { definedAt } from "./finiteDifference.js";

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
  it("on random formulas of the functions it knows, by a name of the formula", () => {
    const names = ["a", "b"];
    const tally = { runs: 0, compared: 0 };
    fc.assert(
      fc.property(arbExpr({ depth: 3, names }), arbPoint(names), fc.nat(), (e, at, pick) => {
        const text = format(e);
        const used = [...text.matchAll(/([a-z]\w*)\(/g)].map((m) => m[1]!);
        fc.pre(used.every((f) => MATHJS.has(f)) && !/\bpi\b|\be\b/.test(text));
        fc.pre(Object.values(at).every((v) => Math.abs(v) > 0.05));
        tally.runs++;
        if (!definedAt(e, at) || Math.abs(evaluate(e, at)) > 1e8) return;
        const free = freeSymbols(e);
        const name = free.length > 0 ? free[pick % free.length]! : "a";
        const theirs = mathjsDerivative(mathjsParse(text), name, { simplify: false }).evaluate({ ...at });
        // mathjs's own chain rule can be undefined where ours is not (its 0*Infinity): nothing to compare
        if (typeof theirs !== "number" || !Number.isFinite(theirs) || Math.abs(theirs) > 1e8) return;
        tally.compared++;
        const ours = evaluate(derivative(e, name), at);
        expect(Number.isFinite(ours), `${text} d/d${name}: ${ours}, mathjs ${theirs}`).toBe(true);
        expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(theirs)));
      }),
      { numRuns: 200, maxSkipsPerRun: 5000 },
    );
    expect(tally.compared, JSON.stringify(tally)).toBeGreaterThan(0.6 * tally.runs);
    expect([...MATHJS].every((f) => FUNCTIONS.has(f))).toBe(true);
  });
});

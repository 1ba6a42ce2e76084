/**
 * Property tests of differentiation on random trees built from every function of the table, against
 * Richardson-extrapolated central differences (`finiteDifference.ts`). A check is skipped only where the
 * truth is missing: the formula is undefined at the point, or the differences see a kink or a pole within
 * reach of the step. Wherever the difference exists, the derivative must be finite and agree: a NaN is a
 * failure, with one counted and bounded exception, where the chain rule itself multiplies an undefined
 * partial by a zero (`(-a)^(step(a)^a)`: log(-a) times a derivative that is 0 at the point). Each property
 * counts how many checks compared values, and how many of those were non-zero, and asserts that most runs
 * did, so that a generator drifting into trivial cases cannot pass silently.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EvaluateError, evaluate, type Values } from "../../src/compile/index.js";
import { differentiate } from "../../src/diff/forward.js";
import { derivative, gradient, hessian } from "../../src/diff/index.js";
import { type Expr, freeSymbols, num } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { simplify } from "../../src/simplify/index.js";
import { arbColumns, arbExpr, arbPoint } from "../arb.js";
import { centralDifference, closeTo, definedAt } from "./finiteDifference.js";

const names = ["a", "b", "c"];

/**
 * Points away from 0 and with distinct coordinates: random formulas put their poles (1/a, 1/(a - b)) and
 * the kinks of max/min there, and a kink or pole within reach of the step says nothing about a derivative.
 */
const arbPointAway = (names: readonly string[]) =>
  arbPoint(names)
    .map((at) =>
      Object.fromEntries(Object.entries(at).map(([k, v]) => [k, (v < 0 ? -1 : 1) * (0.05 + Math.abs(v))])),
    )
    .filter((at) => {
      const v = Object.values(at);
      return v.every((x, i) => v.slice(i + 1).every((y) => Math.abs(Math.abs(x) - Math.abs(y)) > 1e-2));
    });

/**
 * Tallies of a property: runs, checks that compared values, comparisons of a non-zero derivative, and
 * NaN derivatives excused because the chain rule itself is undefined at the point.
 */
function tally() {
  const t = { runs: 0, checks: 0, compared: 0, nonZero: 0, chainRuleUndefined: 0 };
  return {
    t,
    /** ∂e/∂name at `values` (its value `exact`) against the difference `fd`. */
    compare(e: Expr, name: string, values: Values, exact: number, fd: number, scale: number) {
      const what = `${format(e)} d/d${name} at ${JSON.stringify(values)}`;
      if (!Number.isFinite(exact) && !definedAt(differentiate(simplify(e), name), values)) {
        t.chainRuleUndefined++;
        return;
      }
      t.compared++;
      if (Math.abs(fd) > 1e-6) t.nonZero++;
      expect(Number.isFinite(exact), `${what}: ${exact}, but the difference is ${fd}`).toBe(true);
      expect(closeTo(exact, fd, scale), `${what}: ${exact} vs ${fd}`).toBe(true);
    },
    /** Most checks compared values, enough of them non-zero, and few were excused. */
    expectMostCompared(nonZeroShare: number) {
      const report = JSON.stringify(t);
      expect(t.compared, report).toBeGreaterThan(0.6 * t.checks);
      expect(t.nonZero, report).toBeGreaterThan(nonZeroShare * t.compared);
      expect(t.chainRuleUndefined, report).toBeLessThan(0.02 * t.checks);
    },
  };
}

describe("derivatives agree with central differences", () => {
  it("in forward mode (derivative) by a name of the formula, on random formulas of every function", () => {
    const check = tally();
    fc.assert(
      fc.property(arbExpr({ depth: 3, names }), arbPointAway(names), fc.nat(), (e, at, pick) => {
        check.t.runs++;
        check.t.checks++;
        const free = freeSymbols(e);
        const name = free.length > 0 ? free[pick % free.length]! : names[pick % names.length]!;
        if (!definedAt(e, at)) return;
        const fd = centralDifference((v) => evaluate(e, { ...at, [name]: v }), at[name]!);
        if (fd === undefined) return;
        check.compare(e, name, at, evaluate(derivative(e, name), at), fd, Math.abs(evaluate(e, at)));
      }),
      { numRuns: 300 },
    );
    check.expectMostCompared(0.5);
  });

  it("in reverse mode (gradient) for every parameter, with reductions over data", () => {
    const check = tally();
    fc.assert(
      fc.property(
        arbExpr({ depth: 3, names: [...names, "x"], reductions: true }),
        arbPointAway(names),
        arbColumns(["x"], 4),
        (e, at, data) => {
          check.t.runs++;
          const values = { ...at, ...data };
          try {
            evaluate(e, values);
          } catch (error) {
            // a column outside every reduction is not a cost; the constraint is checked, not assumed
            expect(error).toBeInstanceOf(EvaluateError);
            check.t.runs--;
            return;
          }
          if (!definedAt(e, values)) return;
          const g = gradient(e, names);
          const free = new Set(freeSymbols(e));
          names.forEach((name, i) => {
            // a name the formula does not use: exactly 0, no numbers needed
            if (!free.has(name)) {
              expect(g[i]).toBe(num(0));
              return;
            }
            check.t.checks++;
            const fd = centralDifference((v) => evaluate(e, { ...values, [name]: v }), at[name]!);
            if (fd === undefined) return;
            check.compare(e, name, values, evaluate(g[i]!, values), fd, Math.abs(evaluate(e, values)));
          });
        },
      ),
      { numRuns: 300 },
    );
    check.expectMostCompared(0.5);
  });

  it("for second derivatives (hessian), against differences of the gradient", () => {
    const check = tally();
    fc.assert(
      fc.property(arbExpr({ depth: 2, names: ["a", "b"] }), arbPointAway(["a", "b"]), (e, at) => {
        check.t.runs++;
        const wrt = freeSymbols(e);
        if (!definedAt(e, at)) return;
        const g = gradient(e, wrt);
        const h = hessian(e, wrt);
        wrt.forEach((_, i) => {
          const gi: Expr = g[i]!;
          if (!definedAt(gi, at)) return;
          wrt.forEach((name, j) => {
            check.t.checks++;
            const fd = centralDifference((v) => evaluate(gi, { ...at, [name]: v }), at[name]!);
            if (fd === undefined) return;
            check.compare(gi, name, at, evaluate(h[i]![j]!, at), fd, Math.abs(evaluate(gi, at)));
          });
        });
      }),
      { numRuns: 150 },
    );
    // many random formulas of depth 2 are linear in a name, with second derivative 0
    check.expectMostCompared(0.25);
  });
});

/**
 * Property tests of differentiation on random trees built from every function of the table. Tolerances:
 * central differences with step h = 1e-4·max(1, |x|) have truncation error O(h²·f''') and rounding error
 * O(ε·|f|/h); we compare against the Richardson-extrapolated difference and allow 1e-5 of the scale
 * max(1, |f|, |f'|). Points where the differences at h and h/2 disagree (a kink or a pole within reach of
 * the step) or one-sided differences disagree (a kink at the point) say nothing about the derivative and
 * are skipped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, type Values } from "../../src/compile/index.js";
import { differentiate } from "../../src/diff/forward.js";
import { derivative, gradient, hessian } from "../../src/diff/index.js";
import { type Expr, reduce, walk } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { arbColumns, arbExpr, arbPoint } from "../arb.js";

const names = ["a", "b", "c"];

/** The derivative of `f` along `name` at `at` by central differences, or undefined where f is not smooth. */
function centralDifference(f: (v: number) => number, x: number): number | undefined {
  const h = 1e-4 * Math.max(1, Math.abs(x));
  const d1 = (f(x + h) - f(x - h)) / (2 * h);
  const d2 = (f(x + h / 2) - f(x - h / 2)) / h;
  if (!Number.isFinite(d1) || !Number.isFinite(d2)) return undefined;
  const extrapolated = (4 * d2 - d1) / 3;
  const scale = Math.max(1, Math.abs(f(x)), Math.abs(extrapolated));
  // a kink exactly at x fools the central differences (they agree on the mean slope) but not one-sided ones
  const kink = Math.abs((f(x + h) - f(x)) / h - (f(x) - f(x - h)) / h) > 1e-2 * scale;
  return kink || Math.abs(d1 - d2) > 1e-6 * scale ? undefined : extrapolated;
}

function closeTo(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected), scale);
}

const settings = { numRuns: 300, maxSkipsPerRun: 2000 };

/**
 * Points away from 0 and with distinct coordinates: random formulas put their poles (1/a, 1/(a - b)) and
 * the kinks of max/min there, and a kink or pole within reach of the step says nothing about a derivative.
 */
const awayFromZero = (at: Record<string, number>) => {
  const v = Object.values(at);
  return v.every(
    (x, i) => Math.abs(x) > 1e-2 && v.slice(i + 1).every((y) => Math.abs(Math.abs(x) - Math.abs(y)) > 1e-2),
  );
};

/**
 * True where every subexpression of `e` has a finite value (a column: finite in every row): where `e` is
 * defined. IEEE arithmetic gives some undefined formulas a finite value (pi/(1/0) is 0), and those have no
 * derivative to check.
 */
function definedAt(e: Expr, values: Values): boolean {
  return walk(e).every((node) => {
    try {
      return Number.isFinite(evaluate(node, values));
    } catch {
      return Number.isFinite(evaluate(reduce("sum", node), values)); // a column inside a reduction
    }
  });
}

/** Like arbPoint, but each value at least 0.05 away from 0 (fast-check favours 0 and tiny values). */
const arbPointAway = (names: readonly string[]) =>
  arbPoint(names).map((at) =>
    Object.fromEntries(Object.entries(at).map(([k, v]) => [k, (v < 0 ? -1 : 1) * (0.05 + Math.abs(v))])),
  );

describe("derivatives agree with central differences", () => {
  it("on random formulas of every function", () => {
    fc.assert(
      fc.property(
        arbExpr({ depth: 3, names }),
        arbPointAway(names),
        fc.constantFrom(...names),
        (e, at, name) => {
          fc.pre(awayFromZero(at) && definedAt(e, at));
          const value = evaluate(e, at);
          fc.pre(Number.isFinite(value));
          const fd = centralDifference((v) => evaluate(e, { ...at, [name]: v }), at[name]!);
          // where the chain rule itself is undefined (acos'(1) times 0 for a constant inside) there is nothing to check
          fc.pre(fd !== undefined && definedAt(differentiate(e, name), at));
          const exact = evaluate(derivative(e, name), at);
          fc.pre(Number.isFinite(exact));
          expect(
            closeTo(exact, fd!, Math.abs(value)),
            `${format(e)} d/d${name} at ${JSON.stringify(at)}: ${exact} vs ${fd}`,
          ).toBe(true);
        },
      ),
      settings,
    );
  });

  it("in reverse mode (gradient) as in forward mode, with reductions over data", () => {
    fc.assert(
      fc.property(
        arbExpr({ depth: 3, names: [...names, "x"], reductions: true }),
        arbPointAway(names),
        arbColumns(["x"], 4),
        (e, at, data) => {
          const values = { ...at, ...data };
          fc.pre(awayFromZero(at) && definedAt(e, values));
          let value: number;
          try {
            value = evaluate(e, values);
          } catch {
            return fc.pre(false); // a column outside a reduction: not a cost
          }
          fc.pre(Number.isFinite(value));
          const g = gradient(e, names);
          names.forEach((name, i) => {
            const fd = centralDifference((v) => evaluate(e, { ...values, [name]: v }), at[name]!);
            const exact = evaluate(g[i]!, values);
            if (fd === undefined || !Number.isFinite(exact) || !definedAt(differentiate(e, name), values))
              return;
            expect(
              closeTo(exact, fd, Math.abs(value)),
              `${format(e)} d/d${name} at ${JSON.stringify(values)}: ${exact} vs ${fd}`,
            ).toBe(true);
          });
        },
      ),
      settings,
    );
  });

  it("for second derivatives, against differences of the gradient", () => {
    fc.assert(
      fc.property(arbExpr({ depth: 2, names: ["a", "b"] }), arbPointAway(["a", "b"]), (e, at) => {
        fc.pre(awayFromZero(at) && definedAt(e, at));
        const g = gradient(e, ["a", "b"]);
        const h = hessian(e, ["a", "b"]);
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 2; j++) {
            const name = j === 0 ? "a" : "b";
            const gi: Expr = g[i]!;
            const fd = centralDifference((v) => evaluate(gi, { ...at, [name]: v }), at[name]!);
            const exact = evaluate(h[i]![j]!, at);
            if (fd === undefined || !Number.isFinite(exact)) continue;
            expect(
              closeTo(exact, fd, Math.abs(evaluate(gi, at))),
              `${format(e)} H at ${JSON.stringify(at)}: ${exact} vs ${fd}`,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 150, maxSkipsPerRun: 2000 },
    );
  });
});

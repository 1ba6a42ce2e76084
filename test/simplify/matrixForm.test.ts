/**
 * Simplification of vector and matrix formulas: `simplifyShaped` keeps every value under numpy semantics
 * (checked with the reference interpreter on random shaped formulas), where plain cancellation would lose a
 * shape that a reduction or `logsumexp` observes; `matrixForm`'s rules keep values and read as intended.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateTensor } from "../../src/compile/tensorEvaluate.js";
import {
  add,
  along,
  type Expr,
  matmul,
  mul,
  num,
  pow,
  reduce,
  ShapeError,
  shapeOf,
  sizeOf,
  sub,
  sym,
  transpose,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { matrixForm, simplify, simplifyShaped } from "../../src/simplify/index.js";
import { arbCost, arbWorld, envOf, type World } from "../diff/matrixArb.js";

const value = (e: Expr, world: World) => evaluateTensor(e, world.values, { rows: world.n }).values[0]!;
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe("simplifyShaped keeps the value of shaped formulas", () => {
  it("for random formulas over random shapes", () => {
    fc.assert(
      fc.property(arbCost(3), arbWorld(), (cost, world) => {
        const [simple] = simplifyShaped([cost], world.env) as [Expr];
        const [before, after] = [value(cost, world), value(simple, world)];
        if (Number.isFinite(before) && !near(after, before))
          expect.fail(`${format(cost)} = ${before}, but ${format(simple)} = ${after}`);
      }),
      { numRuns: 200 },
    );
  });

  it("does not cancel a shape away inside a reduction (V - V in logsumexp, X/X in sum)", () => {
    const wide = (w: World) => w.shapes.get("X")![1]! > 1 && w.shapes.get("V")![0]! > 1;
    const world = fc.sample(arbWorld().filter(wide), { numRuns: 1, seed: 7 })[0]!;
    const V = sym("V");
    const X = sym("X");
    const lse = along("logsumexp", add(V, mul(num(-1), V)), undefined); // log(m*k)
    const count = reduce("sum", add(mul(X, pow(X, num(-1))), num(1))); // 2*n*k where X has no zero
    for (const e of [lse, count]) {
      const [kept] = simplifyShaped([e], world.env) as [Expr];
      expect(value(kept, world)).toBeCloseTo(value(e, world), 12);
    }
    // plain simplification (entry by entry) loses the shapes: what the guard is for
    expect(() => shapeOf(simplify(lse), world.env)).toThrow(ShapeError);
    expect(value(simplify(count), world)).not.toBeCloseTo(value(count, world), 6);
  });

  it("keeps a node whose rebuilding from simplified children folds its shape away (X*(b - b) in softmax)", () => {
    // fast-check's counterexample (seed 135021702): b - b simplifies to 0, and the product rebuilt from X and 0
    // is the number 0; softmax of an (m,1) matrix of zeros is 1/m in every entry, of the number 0 not
    const world = fc.sample(
      arbWorld().filter((w) => w.shapes.get("Y")![0]! > 1),
      { numRuns: 1, seed: 3 },
    )[0]!;
    const [Y, b] = [sym("Y"), sym("b")];
    const cost = reduce("mean", along("softmax", mul(add(Y, b), add(b, mul(num(-1), b))), 0));
    const [kept] = simplifyShaped([cost], world.env) as [Expr];
    expect(value(kept, world)).toBeCloseTo(1 / (world.shapes.get("Y")![0] as number), 12);
    expect(value(kept, world)).toBeCloseTo(value(cost, world), 12);
  });
});

describe("matrixForm", () => {
  const shapes = envOf({ X: ["n", 3], y: ["n"], w: [3], c: [], Q: [3, 3] });
  const [X, y, w, c, Q] = ["X", "y", "w", "c", "Q"].map(sym) as [Expr, Expr, Expr, Expr, Expr];
  const tidy = (e: Expr) => format(matrixForm([e], shapes)[0]!);
  const r = sub(matmul(X, w), y);
  const n = sizeOf("rows", X);

  it("moves scalars out of @ and sums, and writes sum/rows as mean", () => {
    expect(tidy(matmul(transpose(X), mul(c, pow(n, num(-1)), r)))).toBe("X'@(X@w - y)*c/rows(X)");
    expect(tidy(mul(reduce("sum", r), pow(n, num(-1))))).toBe("mean(X@w - y)");
    expect(tidy(mul(along("sum", mul(X, c), 0), pow(n, num(-1))))).toBe("c*mean(X, 0)");
    // a sum over entries that are not the data rows stays a sum
    expect(tidy(mul(reduce("sum", w), pow(n, num(-1))))).toBe("sum(w)/rows(X)");
    // over every entry of an (n,3) matrix: a mean divides by 3*rows(X)
    expect(tidy(mul(num(1, 3), reduce("sum", X), pow(n, num(-1))))).toBe("mean(X)");
    expect(tidy(mul(num(1, 2), along("mean", mul(num(2), r), 0)))).toBe("mean(X@w - y, 0)");
  });
  it("drops the transpose of a vector and writes v@M as M'@v", () => {
    expect(tidy(matmul(transpose(w), Q))).toBe("Q'@w");
  });
  it("multiplies out a product where it cancels (the sigmoid's derivative)", () => {
    const s = sym("s");
    const e = mul(
      add(mul(sub(num(1), y), pow(sub(num(1), s), num(-1))), mul(num(-1), y, pow(s, num(-1)))),
      s,
      sub(num(1), s),
    );
    expect(tidy(simplify(e))).toBe("s - y");
    // where nothing cancels, the user's structure stays
    expect(tidy(add(mul(y, r), y))).toBe("y*(X@w - y) + y");
  });
});

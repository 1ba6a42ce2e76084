/**
 * The local rule on its own (`partials`), and the product rule for a factor repeated in an unsimplified
 * product. `derivative` and `gradient` simplify `x*y*x*x` to `x^3*y` first, so only trees built with the
 * constructors (as the stress tests build them) reach that case. Truth: hand-derived partials evaluated at a
 * point, and central differences.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { differentiate } from "../../src/diff/forward.js";
import { type Operation, partials } from "../../src/diff/partials.js";
import { reverseGradient } from "../../src/diff/reverse.js";
import { add, call, type Expr, FUNCTIONS, mul, mulAll, pow, sym } from "../../src/expr/index.js";
import { centralDifference } from "./finiteDifference.js";

const x = sym("x");
const y = sym("y");
const at = { x: 1.5, y: -2 };
const max = (a: Expr, b: Expr) => call(FUNCTIONS.get("max")!, [a, b]);

/** The node `e` as an operation (it is one: the constructors made an add, mul, pow or call). */
function operation(e: Expr): Operation {
  if (e.kind !== "add" && e.kind !== "mul" && e.kind !== "pow" && e.kind !== "call")
    throw new Error(`not an operation: ${e.kind}`);
  return e;
}

/** The children `partials` gives a partial for, when it is told to want only `wanted`. */
const childrenWanted = (e: Expr, ...wanted: Expr[]) =>
  partials(operation(e), (c) => wanted.includes(c)).map((p) => p.child);

describe("partials", () => {
  it("gives partials only for the children it is told it wants, in sums, products, powers and calls", () => {
    for (const e of [add(x, y), mul(x, y), pow(x, y), max(x, y)]) {
      expect(childrenWanted(e, x)).toEqual([x]);
      expect(childrenWanted(e, y)).toEqual([y]);
      expect(childrenWanted(e)).toEqual([]);
      expect(childrenWanted(e, x, y)).toEqual([x, y]);
    }
  });

  it("gives the hand-derived partials: ∂(x^y)/∂y = ln(x)*x^y, ∂max(x, y)/∂x = 1 where x > y", () => {
    const [byY] = partials(operation(pow(x, y)), (c) => c === y);
    expect(evaluate(byY!.partial, { x: 1.5, y: 3 })).toBeCloseTo(Math.log(1.5) * 1.5 ** 3, 12);
    const [byX] = partials(operation(max(x, y)), (c) => c === x);
    expect(evaluate(byX!.partial, at)).toBe(1);
  });

  it("gives a factor repeated m times in a product the partial m*f^(m-1) times the other factors", () => {
    const product = mulAll([x, y, x, x]); // x^3*y, unsimplified
    const [byX] = partials(operation(product), (c) => c === x);
    expect(evaluate(byX!.partial, at)).toBeCloseTo(3 * 1.5 ** 2 * -2, 12);
    const [byY] = partials(operation(product), (c) => c === y);
    expect(evaluate(byY!.partial, at)).toBeCloseTo(1.5 ** 3, 12);
    const [bySquare] = partials(operation(mulAll([y, x, x])), (c) => c === x);
    expect(evaluate(bySquare!.partial, at)).toBeCloseTo(2 * 1.5 * -2, 12);
  });
});

describe("repeated factors in both modes", () => {
  it("differentiates unsimplified products with repeated factors as central differences do", () => {
    const products = [mulAll([x, y, x, x]), mulAll([x, x]), mulAll([y, x, y, x, x, y]), mulAll([x, y])];
    for (const e of products) {
      const forward = differentiate(e, "x");
      const [reverse] = reverseGradient(e, ["x"]);
      const truth = centralDifference((v) => evaluate(e, { ...at, x: v }), at.x)!;
      expect(evaluate(forward, at)).toBeCloseTo(truth, 6);
      expect(evaluate(reverse!, at)).toBeCloseTo(truth, 6);
    }
  });
});

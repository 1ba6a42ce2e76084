/**
 * Matrix-form gradients against the truth: central differences of the reference interpreter
 * (`evaluateTensor`, plain numpy semantics) of the cost, entry by entry, over random shapes and random
 * formulas with broadcasting, `@` in all four cases, `'`, reductions and softmax along both dimensions and
 * sizes. The gradient is evaluated by the same interpreter; a scalar result stands for every entry.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbCost, arbWorld } from "./matrixArb.js";
import { checkGradient } from "./matrixCheck.js";

describe("matrix-form gradients equal central differences of the reference interpreter", () => {
  it("for random formulas over random shapes", () => {
    let written = 0;
    let runs = 0;
    fc.assert(
      fc.property(arbCost(3), arbWorld(), (cost, world) => {
        runs++;
        if (checkGradient(cost, world)) written++;
      }),
      { numRuns: 200, seed: 20261129 },
    );
    // the outer-product limit is rare: nearly every random formula gets its gradient
    expect(written / runs).toBeGreaterThan(0.8);
  });
});

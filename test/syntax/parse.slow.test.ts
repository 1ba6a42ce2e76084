/**
 * Stress tests of the parser on huge inputs (run by `npm run test:slow` and in CI, not by `npm test`):
 * megabyte formulas parse (linear time: a quadratic parse would take hours, past vitest's timeout), long
 * chains fold left to right, and shape checks of very long sums neither overflow the stack nor go quadratic.
 */
import { describe, expect, it } from "vitest";
import { sym } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { checkLongChains, checkLongShaped, checkLongSumShapes } from "./longFormulas.js";

describe("huge formulas", () => {
  it("parses megabyte formulas", () => {
    const n = 500_000;
    const sum = parse(`${"x+".repeat(n)}x`);
    expect(sum.kind === "add" && sum.terms.length).toBe(n + 1);
    const product = parse(`${"y*".repeat(n)}x`);
    expect(product.kind === "mul" && product.factors.length).toBe(n + 1);
    expect(parse(`${"-".repeat(1_000_000)}x`)).toBe(sym("x"));
  }, 300_000);

  it("folds long quotients, differences and numeric sums left to right", () => checkLongChains(30_000));

  it("checks shapes of very long sums", () => checkLongSumShapes(100_000));

  it("checks shapes of very long sums of matrix products", () => checkLongShaped(100_000), 300_000);
});

/**
 * Stress tests of the parser on huge inputs (run by `npm run test:slow` and in CI, not by `npm test`):
 * megabyte formulas parse in linear time, long chains fold left to right, and shape checks of very long
 * sums neither overflow the stack nor go quadratic.
 */
import { describe, expect, it } from "vitest";
import { add, type Expr, num, sym } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { ParseError, parse } from "../../src/syntax/index.js";

const x: Expr = sym("x");

/** The ParseError that parsing `source` throws. */
function errorOf(source: string, options = {}): ParseError {
  try {
    parse(source, options);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error(`no error for ${source.slice(0, 40)}`);
}

describe("huge formulas", () => {
  it("parses megabyte formulas in linear time", () => {
    const n = 500_000;
    const started = performance.now();
    const sum = parse(`${"x+".repeat(n)}x`);
    expect(sum.kind === "add" && sum.terms.length).toBe(n + 1);
    const product = parse(`${"y*".repeat(n)}x`);
    expect(product.kind === "mul" && product.factors.length).toBe(n + 1);
    expect(parse(`${"-".repeat(1_000_000)}x`)).toBe(x);
    // About 12 s on one idle core; a quadratic parse would take hours. Generous for loaded CI machines.
    expect(performance.now() - started).toBeLessThan(90_000);
  }, 120_000);

  it("folds long quotients, differences and numeric sums left to right", () => {
    const n = 30_000;
    const quotient = parse(`x/${"y/".repeat(n)}x`);
    expect(quotient.kind === "mul" && quotient.factors.length).toBe(n + 2);
    const difference = parse(`x-${"y-".repeat(n)}1`);
    expect(difference.kind === "add" && difference.terms.length).toBe(n + 2);
    expect(parse(`${"1+".repeat(n)}1`)).toBe(num(n + 1));
    expect(parse(`${"1/3+".repeat(n)}x`)).toBe(add(x, num(n, 3)));
    expect(parse(format(difference))).toBe(difference);
  });

  it("checks shapes of very long sums", () => {
    const n = 100_000;
    expect(parse(`mean(${"x+".repeat(n)}x)`, { data: ["x"] }).kind).toBe("reduce");
    expect(errorOf(`${"W+".repeat(n)}x`, { data: ["x"] }).column).toBe(2 * n + 1);
  });
});

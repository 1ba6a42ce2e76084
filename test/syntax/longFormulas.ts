/**
 * Checks of long formulas shared by the quick suite (parse.test.ts, small n) and the slow one
 * (parse.slow.test.ts, huge n): chains fold left to right, and shape checks of long sums point at the column.
 */
import { expect } from "vitest";
import { add, num, sym } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { ParseError, parse } from "../../src/syntax/index.js";

/** Quotients, differences and numeric sums of n links fold left to right, and print back. */
export function checkLongChains(n: number): void {
  const quotient = parse(`x/${"y/".repeat(n)}x`);
  expect(quotient.kind === "mul" && quotient.factors.length).toBe(n + 2);
  const difference = parse(`x-${"y-".repeat(n)}1`);
  expect(difference.kind === "add" && difference.terms.length).toBe(n + 2);
  expect(parse(`${"1+".repeat(n)}1`)).toBe(num(n + 1));
  expect(parse(`${"1/3+".repeat(n)}x`)).toBe(add(sym("x"), num(n, 3)));
  expect(parse(format(difference))).toBe(difference);
}

/** A sum of n + 1 columns is a number inside mean, and outside it the error points at the first column. */
export function checkLongSumShapes(n: number): void {
  expect(parse(`mean(${"x+".repeat(n)}x)`, { data: ["x"] }).kind).toBe("reduce");
  let error: unknown;
  try {
    parse(`${"W+".repeat(n)}x`, { data: ["x"] });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ParseError);
  expect((error as ParseError).column).toBe(2 * n + 1);
}

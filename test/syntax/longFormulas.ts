/**
 * Checks of long formulas shared by the quick suite (parse.test.ts, small n) and the slow one
 * (parse.slow.test.ts, huge n): chains fold left to right, and shape checks of long sums point at the column.
 */
import { expect } from "vitest";
import { add, num, sym } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { MAX_DEPTH, ParseError, parse } from "../../src/syntax/index.js";

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

/**
 * Shapes of long formulas: a sum of n shaped terms points at the `+` where they stop fitting, and a term of
 * `@`s nests one level per `@`, so it is bounded like any nesting (MAX_DEPTH), not left to overflow a stack.
 */
export function checkLongShaped(n: number): void {
  const shapes = (name: string) =>
    name === "W" ? [3, 3] : name === "w" ? [3] : name === "B" ? [4] : undefined;
  const sum = `${"W@w + ".repeat(n)}w`;
  expect(parse(`sum(${sum})`, { shapes, data: [] }).kind).toBe("reduce");
  let error: unknown;
  try {
    parse(`${sum} + B`, { shapes });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ParseError);
  expect((error as ParseError).column).toBe(sum.length + 2);
  expect(parse(`w${"@W".repeat(MAX_DEPTH)}`, { shapes }).kind).toBe("matmul");
  expect(() => parse(`w${"@W".repeat(MAX_DEPTH + 1)}`)).toThrow(/nested too deeply/);
  expect(() => parse(`w${"@W*b".repeat(MAX_DEPTH + 1)}`)).toThrow(/nested too deeply/);
  expect(parse(`${"w@W + ".repeat(n)}w`).kind).toBe("add");
}

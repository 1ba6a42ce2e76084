/**
 * A big formula is parsed from a CST without source locations (faster), and parsed again with them when it
 * has a mistake: the tree and every error must be the ones the parse with locations gives.
 */
import { describe, expect, it } from "vitest";
import { ParseError, parse, parseWithSpans } from "../../src/syntax/index.js";
import { thrown } from "../thrown.js";

/** Over the 10,000 tokens from which `parse` skips locations. */
const PREFIX = "x + ".repeat(5500);

/** The ParseError that `run` throws. */
const errorOf = (run: () => unknown) => thrown(ParseError, run);

describe("big formulas", () => {
  it("build the tree that the parse with locations builds", () => {
    const text = `${PREFIX}sin(x)^2/(1 + y) - 3*log(2 + z)`;
    expect(parse(text)).toBe(parseWithSpans(text).expr);
  });

  it.each([
    ["x/0", "x/".length],
    ["(1 - 1)^-1", 0],
    ["foo(x)", 0],
    ["sin + 1", 0],
    ["sin(x, y)", 0],
    ["1e999", 0],
    ["x + * y", "x + ".length],
    ["x^", "x^".length],
  ])("report %s where it is, as the parse with locations does", (mistake, at) => {
    const text = `${PREFIX}${mistake}`;
    const error = errorOf(() => parse(text));
    expect(error.format()).toBe(errorOf(() => parseWithSpans(text)).format());
    expect(error.line).toBe(1);
    expect(error.column).toBe(PREFIX.length + at + 1);
  });
});

/**
 * The parser builds each decision's lookahead function when the decision is first reached
 * (grammar/lazyLookahead.ts), not all of them when the parser is built, which was a third of building it at
 * every start of a process. Here chevrotain's builders are counted: none run while the parser is built, a
 * formula builds those of the decisions it reaches, and a second parse of it builds none.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { LLkLookaheadStrategy } from "../../grammar/chevrotain.js";
import { SymgradParser } from "../../grammar/parser.js";
import { lexer } from "../../grammar/tokens.js";

afterEach(() => void vi.restoreAllMocks());

function counted() {
  const proto = LLkLookaheadStrategy.prototype as InstanceType<typeof LLkLookaheadStrategy>;
  const alternation = vi.spyOn(proto, "buildLookaheadForAlternation");
  const optional = vi.spyOn(proto, "buildLookaheadForOptional");
  return () => alternation.mock.calls.length + optional.mock.calls.length;
}

function parseWith(parser: SymgradParser, text: string) {
  parser.input = lexer.tokenize(text).tokens;
  const cst = parser.formula();
  expect(parser.errors).toEqual([]);
  return cst;
}

describe("lazy lookahead", () => {
  it("builds no lookahead function while the parser is built", () => {
    const builds = counted();
    new SymgradParser();
    expect(builds()).toBe(0);
  });

  it("builds those of the decisions a formula reaches, once", () => {
    const builds = counted();
    const parser = new SymgradParser();
    parseWith(parser, "mean((W*x + b - y)^2)");
    const first = builds();
    expect(first).toBeGreaterThan(0);
    parseWith(parser, "mean((W*x + b - y)^2)");
    expect(builds()).toBe(first);
  });
});

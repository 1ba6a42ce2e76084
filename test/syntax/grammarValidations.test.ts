/**
 * The library builds its lexer and parser without chevrotain's validations (they were a third of the time to
 * build them at every start); here both are built with them, so a grammar or token mistake still fails.
 */
import { describe, expect, it } from "vitest";
import { CstParser, createToken, Lexer } from "../../grammar/chevrotain.js";
import { SymgradParser } from "../../grammar/parser.js";
import * as t from "../../grammar/tokens.js";

/** A parser whose one rule has two alternatives that start alike: a mistake the validations report. */
class Ambiguous extends CstParser {
  constructor(validate: boolean) {
    super([t.Name], { skipValidations: !validate });
    this.performSelfAnalysis();
  }
  rule = this.RULE("rule", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Name) }, { ALT: () => this.CONSUME2(t.Name) }]);
  });
}

describe("chevrotain's validations", () => {
  it("find no mistake in the grammar", () => {
    expect(() => new SymgradParser({ validate: true })).not.toThrow();
  });

  it("find no mistake in the tokens", () => {
    const lexer = new Lexer(t.allTokens, t.lexerConfig);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });

  it("report an ambiguous grammar, which goes unnoticed without them", () => {
    expect(() => new Ambiguous(true)).toThrow(/Ambiguous Alternatives/);
    expect(() => new Ambiguous(false)).not.toThrow();
  });

  it("report a token that can match the empty text, which goes unnoticed without them", () => {
    const empty = createToken({ name: "Empty", pattern: /a*/ });
    expect(() => new Lexer([empty])).toThrow(/empty/);
    expect(() => new Lexer([empty], { skipValidations: true })).not.toThrow();
  });
});

/**
 * The tokens state the characters each pattern can start with and whether it can span a line terminator, so
 * that building the lexer analyses no regular expression. A wrong hint would make the lexer skip a token or
 * miscount lines; here the library's lexer is compared with one built from the same patterns without the
 * hints, whose start characters and line breaks chevrotain works out itself.
 */
import type { ILexingResult } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createToken, Lexer } from "../../grammar/chevrotain.js";
import * as t from "../../grammar/tokens.js";

type TokenType = (typeof t.allTokens)[number];

/** The same tokens without start characters or line-break flags, for chevrotain to analyse. */
function unhinted(tokens: readonly TokenType[]): TokenType[] {
  const twin = new Map<TokenType, TokenType>();
  const of = (type: TokenType) => twin.get(type)!;
  // a longer alternative and a category (both Name) come before the keywords that name them
  const order = [t.Name, ...tokens.filter((type) => type !== t.Name)];
  for (const type of order) {
    const longer = type.LONGER_ALT;
    twin.set(
      type,
      createToken({
        name: type.name,
        pattern: type.PATTERN!,
        ...(type.GROUP === undefined ? {} : { group: type.GROUP }),
        ...(longer === undefined ? {} : { longer_alt: Array.isArray(longer) ? longer.map(of) : of(longer) }),
        categories: (type.CATEGORIES ?? []).filter((category) => category !== type).map(of),
      }),
    );
  }
  return tokens.map(of);
}

const reference = new Lexer(unhinted(t.allTokens), t.lexerConfig);

/** What a lexer made of `text`: every token's type, text and position, and where it failed. */
function lexed(lexer: { tokenize(text: string): ILexingResult }, text: string) {
  const { tokens, errors } = lexer.tokenize(text);
  return {
    tokens: tokens.map((token) => [
      token.tokenType.name,
      token.image,
      token.startOffset,
      token.startLine,
      token.startColumn,
      token.endLine,
      token.endColumn,
    ]),
    errors: errors.map((error) => [error.offset, error.line, error.column, error.length]),
  };
}

/** Every character some token starts with or contains, the line terminators, and some no token takes. */
const alphabet = [..."azAZ_dptfms09.eE+-*/@'^()[],<>=# \t\r\f\v\n\"é$`\u2028"];
const texts = fc.array(
  fc.oneof(
    fc.constantFrom(...alphabet),
    fc.constantFrom("data", "param", "from", "minimize", "subject", "to", "1e-3", "2.5E+1", "**", "<=", "=="),
    // line terminators inside the tokens that can hold one
    fc.constantFrom('"a\rb"', '"\r"', "#c\r", " \r "),
  ),
  { maxLength: 40 },
);

describe("the tokens' start characters and line breaks", () => {
  it("lex every text as chevrotain's own analysis of the patterns does", () => {
    fc.assert(
      fc.property(texts, (parts) => {
        const text = parts.join("");
        expect(lexed(t.lexer, text)).toEqual(lexed(reference, text));
      }),
      { numRuns: 2000 },
    );
  });

  it("include every character a pattern's match can start with", () => {
    // independent of chevrotain: try each character before a few continuations
    const continuations = [
      "",
      "a",
      "1",
      "0.5",
      '"',
      " ",
      "\n",
      'a"',
      "=",
      "*",
      "ata",
      "aram",
      "rom",
      "inimize",
      "ubject",
      "o",
    ];
    for (const type of t.allTokens) {
      const pattern = type.PATTERN;
      if (!(pattern instanceof RegExp)) continue;
      const anchored = new RegExp(`^(?:${pattern.source})`);
      const hint = (type.START_CHARS_HINT ?? []).map((c) =>
        typeof c === "number" ? String.fromCharCode(c) : c,
      );
      for (let code = 0; code < 256; code++) {
        const first = String.fromCharCode(code);
        if (continuations.some((rest) => anchored.test(first + rest)))
          expect(hint, type.name).toContain(first);
      }
    }
  });
});

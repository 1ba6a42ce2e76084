/**
 * The tokens of the symgrad language, in the order the lexer tries them. Keywords are Names too (token
 * category), so `data` or `from` can still name a parameter inside a formula; only at the start of a
 * program statement do they mean their statement.
 * Each pattern states the characters it can start with and whether it can span a line terminator, or is a
 * plain string: then building the lexer parses no regular expression (chevrotain would analyse each one,
 * a tenth of the seed example's start-up). test/syntax/tokenHints.test.ts checks the hints against
 * chevrotain's own analysis.
 */
import type { ITokenConfig, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

const digits = "0123456789";
const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";

/**
 * A token with a regular expression, the characters a match can start with, and whether a match can contain
 * a line terminator (`\n` or `\r`, where chevrotain counts lines). The flags are the ones chevrotain's own
 * analysis finds, which sees the `\r` of a class like `[ \t\r]` but not the one a negated class such as
 * `[^\n]` admits; no `\r` reaches the lexer anyway (normalizeSource makes every line ending `\n`).
 */
const matching = (config: ITokenConfig & { pattern: RegExp }, startChars: string, lineBreaks: boolean) =>
  createToken({ ...config, start_chars_hint: [...startChars], line_breaks: lineBreaks });

export const WhiteSpace = matching(
  { name: "WhiteSpace", pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED },
  " \t\r\f\v",
  true,
);
export const Comment = matching({ name: "Comment", pattern: /#[^\n]*/, group: Lexer.SKIPPED }, "#", false);
/** Ends a program statement; inside a formula, plain white space. */
export const Newline = matching({ name: "Newline", pattern: /\n/ }, "\n", true);

export const NumberLiteral = matching(
  { name: "NumberLiteral", pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/ },
  `${digits}.`,
  false,
);
export const StringLiteral = matching({ name: "StringLiteral", pattern: /"[^"\n]*"/ }, '"', false);
export const Name = matching({ name: "Name", pattern: /[A-Za-z_][A-Za-z0-9_]*/ }, letters, false);

const keyword = (word: string) =>
  matching(
    {
      name: word[0]!.toUpperCase() + word.slice(1),
      pattern: new RegExp(`${word}\\b`),
      longer_alt: Name,
      categories: [Name],
    },
    word[0]!,
    false,
  );
export const Data = keyword("data");
export const Param = keyword("param");
export const From = keyword("from");
export const Minimize = keyword("minimize");
export const Subject = keyword("subject");
export const To = keyword("to");

/** `**` is not an operator; it is a token only so the error can say to write `^`. */
export const StarStar = createToken({ name: "StarStar", pattern: "**" });
export const Plus = createToken({ name: "Plus", pattern: "+" });
export const Minus = createToken({ name: "Minus", pattern: "-" });
export const Star = createToken({ name: "Star", pattern: "*" });
export const Slash = createToken({ name: "Slash", pattern: "/" });
/** `@`, the matrix product (numpy's `matmul`). */
export const At = createToken({ name: "At", pattern: "@" });
/** Postfix `'`, the transpose. */
export const Quote = createToken({ name: "Quote", pattern: "'" });
export const Caret = createToken({ name: "Caret", pattern: "^" });
export const LParen = createToken({ name: "LParen", pattern: "(" });
export const RParen = createToken({ name: "RParen", pattern: ")" });
export const LBracket = createToken({ name: "LBracket", pattern: "[" });
export const RBracket = createToken({ name: "RBracket", pattern: "]" });
export const Comma = createToken({ name: "Comma", pattern: "," });
/** Comparisons, for `subject to` constraints; `<` and `>` are tokens only so the error can say to write `<=`. */
export const LessEqual = createToken({ name: "LessEqual", pattern: "<=" });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: ">=" });
export const EqualEqual = createToken({ name: "EqualEqual", pattern: "==" });
export const Less = createToken({ name: "Less", pattern: "<" });
export const Greater = createToken({ name: "Greater", pattern: ">" });
export const Equals = createToken({ name: "Equals", pattern: "=" });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Newline,
  NumberLiteral,
  StringLiteral,
  Data,
  Param,
  From,
  Minimize,
  Subject,
  To,
  Name,
  StarStar,
  Plus,
  Minus,
  Star,
  Slash,
  At,
  Quote,
  Caret,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  LessEqual,
  GreaterEqual,
  EqualEqual,
  Less,
  Greater,
  Equals,
];

/** The lexer's options; a test builds it with chevrotain's validations too (the library skips them at start). */
export const lexerConfig = { ensureOptimizations: true, positionTracking: "full" } as const;

export const lexer = new Lexer(allTokens, { ...lexerConfig, skipValidations: true });

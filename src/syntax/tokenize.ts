/**
 * Source text → tokens, with the checks that must happen before the recursive-descent parser runs: bad
 * characters, `**`, unbalanced brackets (pointing at the one left open) and nesting depth, which is bounded
 * so that no input can overflow the stack of the parser or of any later pass.
 */
import type { IToken, TokenType } from "chevrotain";
import * as t from "../../grammar/tokens.js";
import { ParseError, type Span } from "./error.js";

/** Deepest nesting of brackets, function calls and `^` chains that a formula may have. */
export const MAX_DEPTH = 200;

/**
 * `text` as the lexer expects it: without a leading byte-order mark, and with every line ending (CRLF, or a
 * lone CR) written as LF, so that lines and columns in errors are the ones an editor shows. Files written on
 * Windows parse exactly as their LF twins.
 */
export function normalizeSource(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** The span of a token. */
export function spanOf(token: IToken): Span {
  return {
    offset: token.startOffset,
    line: token.startLine ?? 1,
    column: token.startColumn ?? 1,
    length: token.image.length,
  };
}

/** The span just after the last character of `source` (for "expected … at the end"). */
export function endSpan(source: string): Span {
  const lines = source.split("\n");
  return { offset: source.length, line: lines.length, column: (lines.at(-1) ?? "").length + 1, length: 1 };
}

/**
 * Tokens of `source`. In a formula (`program` false) new lines are white space; in a program they end a
 * statement, except inside brackets or after an operator, where the statement goes on.
 */
export function tokenize(source: string, program: boolean, file?: string): IToken[] {
  const fail = (message: string, span: Span): never => {
    throw new ParseError(message, span, source, file);
  };
  const lexed = t.lexer.tokenize(source);
  const bad = lexed.errors[0];
  if (bad) {
    const char = String.fromCodePoint(source.codePointAt(bad.offset) ?? 0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const shown = /[\u0000-\u001f\u007f]/.test(char)
      ? `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`
      : `'${char}'`;
    fail(`unexpected character ${shown}`, {
      offset: bad.offset,
      line: bad.line ?? 1,
      column: bad.column ?? 1,
      length: 1,
    });
  }
  const tokens: IToken[] = [];
  const open: IToken[] = [];
  // `a^b^c` nests to the right, so each `^` of a chain is one level deeper; a chain goes on after a bracket
  // closes (`a^(b)^c`) and ends at `*`, `/`, `@`, `,`, a binary `+`/`-` or the end of a statement. Each `@` of
  // a term nests one level deeper too (`a@b*c@d` is `((a@b)*c)@d`), until `,`, a binary `+`/`-` or the end.
  // `chains` and `products` hold the chain and the `@` count of each enclosing bracket level, `outer` their sum.
  const chains: number[] = [];
  const products: number[] = [];
  let chain = 0;
  let matmuls = 0;
  let outer = 0;
  let previous: TokenType | undefined;
  // an indexed loop: until V8 optimizes it, for…of allocates at every token
  for (let k = 0; k < lexed.tokens.length; k++) {
    const token = lexed.tokens[k]!;
    const type = token.tokenType;
    if (type === t.StarStar) fail("'**' is not an operator; write '^' for a power, as in x^2", spanOf(token));
    if (type === t.LParen || type === t.LBracket) {
      open.push(token);
      chains.push(chain);
      products.push(matmuls);
      outer += chain + matmuls;
      chain = 0;
      matmuls = 0;
    }
    if (type === t.RParen || type === t.RBracket) {
      const want = type === t.RParen ? t.LParen : t.LBracket;
      const last = open.pop();
      if (last === undefined)
        fail(`'${token.image}' has no matching '${want === t.LParen ? "(" : "["}'`, spanOf(token));
      else if (last.tokenType !== want)
        fail(
          `'${last.image}' is closed by '${token.image}'; expected '${last.image === "(" ? ")" : "]"}'`,
          spanOf(token),
        );
      chain = chains.pop() ?? 0;
      matmuls = products.pop() ?? 0;
      outer -= chain + matmuls;
    }
    const whiteSpace = type === t.Newline && (!program || open.length > 0 || continues(tokens.at(-1)));
    const ends =
      type === t.Comma ||
      (type === t.Newline && !whiteSpace) ||
      ((type === t.Plus || type === t.Minus) && previous !== undefined && ENDS_OPERAND.has(previous.name));
    if (type === t.Caret) chain++;
    else if (ends || type === t.Star || type === t.Slash || type === t.At) chain = 0;
    if (type === t.At) matmuls++;
    else if (ends) matmuls = 0;
    if (open.length + outer + chain + matmuls > MAX_DEPTH)
      fail(
        `the formula is nested too deeply (more than ${MAX_DEPTH} levels); simplify it or split it into definitions`,
        spanOf(token),
      );
    if (type !== t.Newline) previous = type;
    if (whiteSpace) continue;
    tokens.push(token);
  }
  const unclosed = open.at(-1);
  if (unclosed)
    fail(
      `'${unclosed.image}' is never closed; expected '${unclosed.image === "(" ? ")" : "]"}'`,
      spanOf(unclosed),
    );
  return tokens;
}

/** Tokens after which `+` and `-` are binary operators rather than signs. */
const ENDS_OPERAND = new Set([
  "NumberLiteral",
  "Name",
  "Data",
  "Param",
  "From",
  "Minimize",
  "Subject",
  "To",
  "RParen",
  "RBracket",
  "Quote",
]);

/** True after a token that cannot end a statement, so a new line after it continues the statement. */
function continues(token: IToken | undefined): boolean {
  return (
    token !== undefined &&
    /^(Plus|Minus|Star|Slash|At|Caret|Comma|Equals|LessEqual|GreaterEqual|EqualEqual|LParen|LBracket)$/.test(
      token.tokenType.name,
    )
  );
}

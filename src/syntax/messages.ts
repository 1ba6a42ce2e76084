/**
 * Chevrotain's recognition errors, said in words a user understands: "expected an operand after '+'",
 * "expected an operator between '2' and 'x'; write 2*x to multiply", "expected '=' after 'W'".
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { ParseError } from "./error.js";
import { endSpan, spanOf } from "./tokenize.js";

const LABELS: Record<string, string> = {
  NumberLiteral: "a number",
  Name: "a name",
  StringLiteral: 'a file name in double quotes, like "points.csv"',
  Newline: "a new line",
  Plus: "'+'",
  Minus: "'-'",
  Star: "'*'",
  Slash: "'/'",
  At: "'@'",
  Quote: `"'"`,
  Caret: "'^'",
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  Comma: "','",
  Equals: "'='",
  LessEqual: "'<='",
  GreaterEqual: "'>='",
  EqualEqual: "'=='",
  To: "'to'",
  From: "'from'",
};

const OPERAND_START = /^(NumberLiteral|Name|Data|Param|From|Minimize|Subject|To|LParen|Plus|Minus)$/;
const OPERAND_END = /^(NumberLiteral|Name|Data|Param|From|Minimize|Subject|To|RParen|Quote)$/;
const OPERATOR =
  /^(Plus|Minus|Star|Slash|At|Caret|Equals|LessEqual|GreaterEqual|EqualEqual|Less|Greater|Comma|LParen|LBracket)$/;

const isEnd = (token: IToken) => token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);

function found(token: IToken): string {
  if (isEnd(token)) return "the end of the input";
  if (token.tokenType.name === "Newline") return "the end of the line";
  return `'${token.image}'`;
}

/** A ParseError for chevrotain's first recognition error over `tokens` of `source`. */
export function syntaxError(
  error: IRecognitionException,
  tokens: IToken[],
  source: string,
  file?: string,
): ParseError {
  const token = error.token;
  const index = isEnd(token) ? tokens.length : tokens.indexOf(token);
  const previous = index > 0 ? tokens[index - 1] : undefined;
  const span = isEnd(token) ? endSpan(source) : spanOf(token);
  const type = token.tokenType.name;
  const make = (message: string) => new ParseError(message, span, source, file);

  if (
    previous &&
    OPERAND_END.test(previous.tokenType.name) &&
    OPERAND_START.test(type) &&
    !/^(Plus|Minus)$/.test(type)
  ) {
    const brackets = previous.image === ")" || previous.image === "'" || token.image === "(";
    const product = brackets ? "'*' between them" : `${previous.image}*${token.image}`;
    return make(
      `expected an operator between '${previous.image}' and '${token.image}'; write ${product} to multiply`,
    );
  }
  if (error.name !== "MismatchedTokenException" && (!previous || OPERATOR.test(previous.tokenType.name))) {
    if (!previous) return make(`expected a formula but found ${found(token)}`);
    const what =
      previous.tokenType.name === "LParen"
        ? "an expression after '('"
        : `an operand after '${previous.image}'`;
    return make(`expected ${what} but found ${found(token)}`);
  }
  const wanted = /-->\s*(\w+)\s*<--/.exec(error.message)?.[1];
  if (error.name === "MismatchedTokenException" && wanted) {
    const after = previous ? ` after '${previous.image}'` : "";
    return make(`expected ${LABELS[wanted] ?? wanted}${after} but found ${found(token)}`);
  }
  if (error.name === "NotAllInputParsedException") {
    return make(`unexpected ${found(token)}; expected an operator or the end of the formula`);
  }
  return make(`unexpected ${found(token)}`);
}

/**
 * The error for anything wrong in a user's source text: where (1-based line and column) and what was
 * expected, in words; SymgradError's `format()` adds the source line with a caret under the spot.
 */

import { type Span, SymgradError } from "../text/symgradError.js";

export type { Span };

/** An error in a formula or program, at a line and column of its source. */
export class ParseError extends SymgradError {
  override readonly name = "ParseError";
  /** 1-based line of the error. */
  readonly line: number;
  /** 1-based column of the error. */
  readonly column: number;
  /** How many characters the caret underlines. */
  readonly length: number;

  constructor(
    message: string,
    span: Span,
    /** The whole source text, for `format()`. */
    readonly source: string,
    /** A file name to show in front of the position, if any. */
    readonly file?: string,
  ) {
    super(message, { span, source, file });
    this.line = span.line;
    this.column = span.column;
    this.length = Math.max(1, span.length);
  }
}

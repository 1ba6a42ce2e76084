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
    /** When the mistake is a parameter without a declared shape: which, and the shape that would fit. */
    readonly undeclared?: UndeclaredShape,
  ) {
    super(message, { span, source, file });
    this.line = span.line;
    this.column = span.column;
    this.length = Math.max(1, span.length);
  }
}

/**
 * A parameter without a declared shape, taken for a number where `@` needs a vector or matrix: its name, the
 * shape that would fit there (undefined when the other side does not tell), and the shape mistake itself.
 */
export interface UndeclaredShape {
  readonly name: string;
  readonly fits: readonly number[] | undefined;
  readonly problem: string;
}

/**
 * How a caller declares parameter `name` with the sizes `sizes` (`2`, `4,3`, or `k` when unknown):
 * `param w[2]` in a program, `--params "w[2],b"` on the command line.
 */
export type DeclareShape = (name: string, sizes: string) => string;

/** A program's way, the default: `param w[2]`. */
export const declareInProgram: DeclareShape = (name, sizes) => `param ${name}[${sizes}]`;

/** The message for an undeclared shape, with the declaration that fits in the caller's words. */
export function undeclaredShapeMessage(u: UndeclaredShape, declare: DeclareShape): string {
  const length = u.fits === undefined ? ", k its length" : "";
  return `${u.problem}: '${u.name}' is a parameter without a declared shape, so it is a number; declare its shape: ${declare(u.name, u.fits?.join(",") ?? "k")}${length}`;
}

/**
 * `error` as a caller that declares shapes its own way words it (`--params "w[2]"` on the command line);
 * every other error as it is.
 */
export function withShapeAdvice(error: unknown, declare: DeclareShape): unknown {
  if (!(error instanceof ParseError) || error.undeclared === undefined) return error;
  const { span, source, file, undeclared } = error;
  return new ParseError(undeclaredShapeMessage(undeclared, declare), span!, source, file, undeclared);
}

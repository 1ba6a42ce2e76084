/**
 * The one error format for anything wrong in a user's source text (Ohm's and jlox's): where (1-based line
 * and column), the source line with a caret under the spot, and what was expected, in words.
 */

/** A place in the source: 0-based offset, 1-based line and column, length in characters (at least 1). */
export interface Span {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

/** An error in a formula or program, at a line and column of its source. */
export class ParseError extends Error {
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
    super(message);
    this.line = span.line;
    this.column = span.column;
    this.length = Math.max(1, span.length);
  }

  /** `Line 1, col 6: message`, then the source line and a caret under the spot. */
  format(): string {
    const lines = this.source.split("\n");
    const text = (lines[this.line - 1] ?? "").replace(/\r$/, "");
    const shown = clip(text, this.column - 1);
    const caretLength = Math.min(this.length, Math.max(1, shown.text.length - shown.caret));
    const where = `${this.file ? `${this.file}: ` : ""}Line ${this.line}, col ${this.column}`;
    return `${where}: ${this.message}\n  ${shown.text}\n  ${" ".repeat(shown.caret)}${"^".repeat(caretLength)}`;
  }
}

/** A long line cut to a window of at most 100 characters around `at`, with `…` marking cuts. */
function clip(text: string, at: number): { text: string; caret: number } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const printable = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "\ufffd").replace(/\t/g, " ");
  if (printable.length <= 100) return { text: printable, caret: at };
  const start = Math.max(0, Math.min(at - 40, printable.length - 100));
  const head = start > 0 ? "…" : "";
  const tail = start + 100 < printable.length ? "…" : "";
  return { text: head + printable.slice(start, start + 100) + tail, caret: at - start + head.length };
}

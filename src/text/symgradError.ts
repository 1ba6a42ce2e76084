/**
 * The base class of every error symgrad throws for something a user wrote or asked for, and its one format
 * (Ohm's and jlox's): `Line 1, col 6: message`, the source line, and a caret under the spot — or, for an
 * error with no place in a source text, the message after whatever location it has (a file, a row). A leaf
 * module, so that every stage can throw a SymgradError and the CLI can catch them all with one `instanceof`.
 */

/** A place in the source: 0-based offset, 1-based line and column, length in characters (at least 1). */
export interface Span {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

/** Where in which text an error is: the span, the whole source text, and the file it came from, if any. */
export interface SourcePlace {
  readonly span: Span;
  readonly source: string;
  readonly file?: string | undefined;
}

/** An error a user can fix: bad input, a bad option, a name that does not exist. */
export class SymgradError extends Error {
  override name = "SymgradError";
  /** Where in the source text the error is, if it is at a place in one. */
  readonly span: Span | undefined;
  readonly #source: string | undefined;
  readonly #file: string | undefined;

  constructor(message: string, place?: SourcePlace) {
    super(message);
    this.span = place?.span;
    this.#source = place?.source;
    this.#file = place?.file;
  }

  /**
   * `Line 1, col 6: message`, then the source line and a caret under the spot; without a span, the message
   * after the location that {@link where} gives, if any.
   */
  format(): string {
    const where = this.where();
    const head = `${where === "" ? "" : `${where}: `}${this.message}`;
    if (this.span === undefined || this.#source === undefined) return head;
    const { line, column, length } = this.span;
    const text = (this.#source.split("\n")[line - 1] ?? "").replace(/\r$/, "");
    const shown = clip(text, column - 1);
    const caretLength = Math.min(Math.max(1, length), Math.max(1, shown.text.length - shown.caret));
    return `${head}\n  ${shown.text}\n  ${" ".repeat(shown.caret)}${"^".repeat(caretLength)}`;
  }

  /** The location in front of the message: `file: Line 1, col 6`, or "" when there is none. */
  protected where(): string {
    const file = this.#file ? `${this.#file}: ` : "";
    return this.span === undefined
      ? (this.#file ?? "")
      : `${file}Line ${this.span.line}, col ${this.span.column}`;
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

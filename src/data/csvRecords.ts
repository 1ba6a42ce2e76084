/**
 * The byte level of CSV: finds where each cell of a record (one row, which a quoted cell may spread over
 * several lines) starts and ends in a buffer of UTF-8 bytes, without making a string or an object per cell.
 * A record may be cut by the end of the buffer: then nothing is consumed and the caller retries with more
 * bytes. Lines end with "\n", "\r\n" or "\r"; a cell is either unquoted (no `"` inside) or quoted from its
 * first byte (`""` stands for `"`, any byte may appear, the closing quote ends the cell).
 */
import { DataError } from "./dataError.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Cell flags: the cell was quoted, and its text holds `""` escapes that stand for one `"` each. */
export const ESCAPED = 1;

/**
 * Splits bytes into records. After {@link next} returns an offset, `count` cells of the record are described
 * by `starts`, `ends` (their text, without quotes) and `flags`, and `line` is the 1-based line the record
 * starts on.
 */
export class CsvRecords {
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  flags = new Uint8Array(16);
  count = 0;
  /** The line of the record last returned by {@link next}. */
  line = 0;
  /** The line the next record starts on. */
  nextLine = 1;
  readonly #source: string | undefined;

  constructor(source: string | undefined) {
    this.#source = source;
  }

  /**
   * Reads the record that starts at `from` in `bytes[from, to)`, and returns the offset after it (after its
   * line end), or -1 when the record may go on after `to`. `final` says that no bytes follow `to`: then a
   * record ends there. Throws a DataError for broken quoting.
   */
  next(bytes: Uint8Array, from: number, to: number, final: boolean): number {
    let count = 0;
    let lines = 0;
    let i = from;
    for (;;) {
      if (count === this.starts.length) this.#grow();
      let c = 0;
      if (i < to && bytes[i] === QUOTE) {
        const close = this.#closingQuote(bytes, i + 1, to, final, count);
        if (close < 0) return -1;
        this.starts[count] = i + 1;
        this.ends[count] = close;
        lines += lineEnds(bytes, i + 1, close);
        i = close + 1;
        if (i < to) {
          c = bytes[i]!;
          if (c !== COMMA && c !== LF && c !== CR)
            this.#fail("text after the closing quote of a cell", lines);
        }
      } else {
        const start = i;
        i = plainCellEnd(bytes, i, to);
        c = i < to ? bytes[i]! : 0;
        if (c === QUOTE) this.#fail('a " inside an unquoted cell', lines);
        this.starts[count] = start;
        this.ends[count] = i;
        this.flags[count] = 0;
      }
      count++;
      if (i === to) {
        if (!final) return -1;
        return this.#done(count, lines, to);
      }
      i++;
      if (c === COMMA) continue;
      if (c === CR) {
        // "\r\n" is one line end: wait for the byte after "\r" to know
        if (i === to && !final) return -1;
        if (i < to && bytes[i] === LF) i++;
      }
      return this.#done(count, lines + 1, i);
    }
  }

  /**
   * The offset of the quote that closes a quoted cell whose text starts at `from`, or -1 when more bytes are
   * needed; sets the cell's flags. Throws when the cell is not closed by the end of the file.
   */
  #closingQuote(bytes: Uint8Array, from: number, to: number, final: boolean, cell: number): number {
    let flags = 0;
    for (let i = from; ; ) {
      const q = bytes.indexOf(QUOTE, i);
      if (q < 0 || q >= to) {
        if (final) this.#fail('a quoted cell is never closed (a " is missing)', 0);
        return -1;
      }
      if (q + 1 === to && !final) return -1; // `"` or the first half of `""`
      if (q + 1 === to || bytes[q + 1] !== QUOTE) {
        this.flags[cell] = flags;
        return q;
      }
      flags = ESCAPED;
      i = q + 2;
    }
  }

  /** Counts a record of one line that the caller read itself (see CsvReader's fast path). */
  skipLine(): void {
    this.line = this.nextLine++;
  }

  #done(count: number, lines: number, end: number): number {
    this.count = count;
    this.line = this.nextLine;
    this.nextLine += lines;
    return end;
  }

  #fail(message: string, lines: number): never {
    throw new DataError(message, { source: this.#source, row: this.nextLine + lines });
  }

  #grow(): void {
    const n = this.starts.length * 2;
    const grown = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T) => {
      const array = make(n);
      array.set(old);
      return array;
    };
    this.starts = grown(this.starts, (k) => new Int32Array(k));
    this.ends = grown(this.ends, (k) => new Int32Array(k));
    this.flags = grown(this.flags, (k) => new Uint8Array(k));
  }
}

/** Where an unquoted cell that starts at `from` ends: at the first `,`, line end or `"`, or at `to`. */
export function plainCellEnd(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  for (; i < to; i++) {
    const c = bytes[i];
    if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
  }
  return i;
}

/**
 * The offset after the line end at `at` ("\n", "\r\n", or "\r" before any other byte), or -1 when there is
 * none or the bytes before `to` do not tell.
 */
export function afterLineEnd(bytes: Uint8Array, at: number, to: number): number {
  const c = bytes[at];
  if (at < to && c === LF) return at + 1;
  if (at + 1 < to && c === CR) return bytes[at + 1] === LF ? at + 2 : at + 1;
  return -1;
}

/** How many lines end in `bytes[from, to)` ("\r\n" counts once). */
function lineEnds(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === LF) n++;
    else if (c === CR && bytes[i + 1] !== LF) n++;
  }
  return n;
}

/**
 * CSV → named numeric columns, read as a stream of byte chunks straight into Float64Arrays: no string or
 * object per cell, so a file of 10⁷ rows takes little more memory than its numbers. The first line names the
 * columns; every later line is one row. Everything is checked, and each problem is reported with its file,
 * line and column: no header, duplicate or missing names, ragged rows, empty or non-numeric cells, broken
 * quoting, data too big for memory. Nothing is dropped or changed silently, except blank lines at the very
 * end. Record splitting is in csvRecords.ts, the fast number path in decimalBytes.ts, the header's checks in
 * csvHeader.ts, the growing columns and their memory limit in columnStore.ts.
 */

import { ColumnStore, formatBytes } from "./columnStore.js";
import { headerColumns } from "./csvHeader.js";
import { afterLineEnd, CsvRecords, ESCAPED, plainCellEnd } from "./csvRecords.js";
import { DataError } from "./dataError.js";
import { readNumber } from "./decimal.js";
import { DecimalScanner, decimalFromBytes } from "./decimalBytes.js";

/** Options of {@link readCsv} and {@link readCsvFile}. */
export interface CsvOptions {
  /** File name used in error messages. */
  source?: string;
  /** The columns to read, in this order; other columns are ignored and may hold anything. Default: all. */
  columns?: readonly string[];
  /**
   * Without `columns`: which of the header's columns to read, asked once per name in header order; the
   * others are skipped like columns not listed in `columns`. Default: all.
   */
  include?: (name: string) => boolean;
}

/** Options of a {@link CsvReader}: those of {@link readCsv}, and what it needs to know about memory. */
export interface CsvReaderOptions extends CsvOptions {
  /** The size of the whole input in bytes, if known: the columns are then allocated about once. */
  size?: number;
  /** The machine's memory in bytes; the columns may take at most half of it. Default: no limit. */
  memory?: number;
}

/** The longest record (a row, or a quoted cell) kept whole while waiting for its end, in bytes. */
const MAX_RECORD = 64e6;
const COMMA = 0x2c;

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
/** One character per byte (windows-1252 in WHATWG's naming); used only where the bytes are ASCII. */
const latin1 = new TextDecoder("latin1");

/**
 * Reads CSV given as chunks of UTF-8 bytes (any sizes; a cell, a line end or a character may be cut between
 * two chunks): {@link push} each chunk in order, then {@link end} returns the columns. Throws a
 * {@link DataError} at the first problem, as soon as it is seen.
 */
export class CsvReader {
  readonly #options: CsvReaderOptions;
  readonly #records: CsvRecords;
  /** Bytes of a record not yet complete, at the front of `#work`. */
  #work = new Uint8Array(0);
  #length = 0;
  /** Rescan the held bytes only once there are this many, so that a long record is scanned O(1) times. */
  #waitFor = 0;
  #started = false;
  /** Bytes of the input in complete records so far. */
  #consumed = 0;
  /** The line of the first blank line not yet followed by a row, or 0. */
  #blank = 0;
  #header: { readonly names: readonly string[]; readonly line: number } | undefined;
  #wanted: readonly string[] = [];
  #indices = new Int32Array(0);
  /** For each cell of a row, the column it goes to, or -1; empty while the fast path is off. */
  #targets = new Int32Array(0);
  readonly #scanner = new DecimalScanner();
  /**
   * The bytes being scanned, up to `#textEnd`, as a string of one character per byte, made for the first
   * number the scanner leaves to `Number()` (more than 15 digits), so that each such number is a slice of it.
   */
  #text: string | undefined;
  #textEnd = 0;
  #store = new ColumnStore(0, {});

  constructor(options: CsvReaderOptions = {}) {
    this.#options = options;
    this.#records = new CsvRecords(options.source);
  }

  /** Reads the records complete in `chunk` (with the bytes held from earlier chunks). */
  push(chunk: Uint8Array): void {
    const { memory, source } = this.#options;
    const longest = Math.min(MAX_RECORD, memory === undefined ? MAX_RECORD : memory / 4);
    if (this.#length === 0 && (this.#started || chunk.length >= 3)) {
      const from = this.#started ? 0 : this.#skipBom(chunk);
      this.#hold(chunk, this.#scan(chunk, from, chunk.length, false));
    } else {
      this.#append(chunk);
      if (!this.#started) {
        if (this.#length < 3) return;
        this.#drop(this.#skipBom(this.#work));
      }
      if (this.#length < this.#waitFor && this.#length <= longest) return;
      this.#drop(this.#scan(this.#work, 0, this.#length, false));
    }
    this.#waitFor = 2 * this.#length;
    if (this.#length > longest) {
      throw new DataError(
        `a row longer than ${formatBytes(longest)} starts here (is a quote never closed? is this a CSV file?)`,
        { source, row: this.#records.nextLine },
      );
    }
  }

  /** Reads the last record; returns the columns by name, in the order asked for (default: the header's). */
  end(): Record<string, Float64Array> {
    if (!this.#started) this.#drop(this.#skipBom(this.#work.subarray(0, this.#length)));
    this.#started = true;
    if (this.#length > 0) this.#scan(this.#work, 0, this.#length, true);
    this.#length = 0;
    const source = this.#options.source;
    if (this.#header === undefined) throw new DataError("the file is empty", { source });
    if (this.#store.rows === 0)
      throw new DataError("no data rows after the header", { source, row: this.#header.line });
    const columns = this.#store.finish();
    return Object.fromEntries(this.#wanted.map((name, c) => [name, columns[c]!]));
  }

  #skipBom(bytes: Uint8Array): number {
    this.#started = true;
    return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  /** Reads every complete record in `bytes[from, to)`; returns the offset after the last one. */
  #scan(bytes: Uint8Array, from: number, to: number, final: boolean): number {
    const records = this.#records;
    this.#text = undefined;
    this.#textEnd = to;
    let at = from;
    while (at < to) {
      if (this.#targets.length > 0 && this.#blank === 0) {
        this.#store.makeRoom(this.#consumed, this.#refuse);
        const end = this.#fastRow(bytes, at, to);
        if (end >= 0) {
          records.skipLine();
          this.#store.rows++;
          this.#consumed += end - at;
          at = end;
          continue;
        }
      }
      const next = records.next(bytes, at, to, final);
      if (next < 0) break;
      this.#consumed += next - at;
      at = next;
      this.#record(bytes);
    }
    return at;
  }

  #record(bytes: Uint8Array): void {
    const records = this.#records;
    if (records.count === 1 && isBlank(bytes, records)) {
      if (this.#blank === 0) this.#blank = records.line;
      return;
    }
    if (this.#blank !== 0) {
      const row = this.#blank;
      const message =
        this.#header === undefined ? "column 1 has no name in the header" : "empty line among the data rows";
      throw new DataError(message, { source: this.#options.source, row });
    }
    if (this.#header === undefined) this.#readHeader(bytes);
    else this.#readRow(bytes);
  }

  #readHeader(bytes: Uint8Array): void {
    const records = this.#records;
    const names = Array.from({ length: records.count }, (_, k) => cellText(bytes, records, k).trim());
    const { wanted, indices } = headerColumns(names, this.#options, {
      source: this.#options.source,
      row: records.line,
    });
    this.#header = { names, line: records.line };
    this.#wanted = wanted;
    this.#indices = indices;
    this.#store = new ColumnStore(wanted.length, this.#options);
    // the fast path stores each cell in one column, so a column asked for twice leaves it off
    if (new Set(this.#wanted).size === this.#wanted.length) {
      this.#targets = new Int32Array(names.length).fill(-1);
      this.#indices.forEach((k, c) => {
        this.#targets[k] = c;
      });
    }
  }

  /**
   * Reads the common row in one pass: unquoted cells without spaces, plain decimals where a column is read,
   * ending in "\n" or "\r\n" before `to`. Returns the offset after it, or -1 for any other row (which the
   * general path then reads, overwriting what this one stored).
   */
  #fastRow(bytes: Uint8Array, from: number, to: number): number {
    const targets = this.#targets;
    const last = targets.length - 1;
    const scanner = this.#scanner;
    const columns = this.#store.columns;
    const row = this.#store.rows;
    let i = from;
    for (let k = 0; ; k++) {
      const c = targets[k]!;
      if (c < 0) i = plainCellEnd(bytes, i, to);
      else {
        let value = scanner.scan(bytes, i, to);
        if (scanner.slow) {
          this.#text ??= latin1.decode(bytes.subarray(0, this.#textEnd));
          value = Number(this.#text.slice(i, scanner.end));
        }
        if (!Number.isFinite(value)) return -1;
        columns[c]![row] = value;
        i = scanner.end;
      }
      if (k === last) return afterLineEnd(bytes, i, to);
      if (i >= to || bytes[i] !== COMMA) return -1;
      i++;
    }
  }

  #readRow(bytes: Uint8Array): void {
    const records = this.#records;
    const width = this.#header!.names.length;
    if (records.count !== width) {
      throw new DataError(
        `${plural(records.count, "cell")}, but the header names ${plural(width, "column")}`,
        { source: this.#options.source, row: records.line },
      );
    }
    this.#store.makeRoom(this.#consumed, this.#refuse);
    const { starts, ends, flags } = records;
    const indices = this.#indices;
    const columns = this.#store.columns;
    const row = this.#store.rows;
    for (let c = 0; c < indices.length; c++) {
      const k = indices[c]!;
      let value = flags[k] === ESCAPED ? Number.NaN : decimalFromBytes(bytes, starts[k]!, ends[k]!);
      if (Number.isNaN(value)) value = this.#slowCell(bytes, k, c);
      columns[c]![row] = value;
    }
    this.#store.rows = row + 1;
  }

  /** A cell the fast path does not read: its value by the exact rule, or the DataError that says why not. */
  #slowCell(bytes: Uint8Array, cell: number, c: number): number {
    const text = cellText(bytes, this.#records, cell).trim();
    const value = text === "" ? { reason: "the cell is empty" } : readNumber(text);
    if (typeof value === "number") return value;
    throw new DataError(value.reason, {
      source: this.#options.source,
      row: this.#records.line,
      column: this.#wanted[c],
    });
  }

  /** Throws the reason the rows read so far and the next one cannot be held. */
  readonly #refuse = (reason: string): never => {
    throw new DataError(reason, { source: this.#options.source, row: this.#records.nextLine });
  };

  /** Keeps `chunk[from…]`, the start of a record that goes on in the next chunk. */
  #hold(chunk: Uint8Array, from: number): void {
    this.#length = 0;
    this.#append(chunk.subarray(from));
  }

  #append(chunk: Uint8Array): void {
    const needed = this.#length + chunk.length;
    if (needed > this.#work.length) {
      const work = new Uint8Array(Math.max(needed, 2 * this.#work.length, 4096));
      work.set(this.#work.subarray(0, this.#length));
      this.#work = work;
    }
    this.#work.set(chunk, this.#length);
    this.#length = needed;
  }

  #drop(used: number): void {
    this.#work.copyWithin(0, used, this.#length);
    this.#length -= used;
  }
}

/**
 * Reads CSV text with a header line into one Float64Array per column. Cells may have spaces around the number
 * and may be quoted. Throws a {@link DataError} naming the line and column of the first problem.
 */
export function readCsv(text: string, options: CsvOptions = {}): Record<string, Float64Array> {
  const bytes = new TextEncoder().encode(text);
  const reader = new CsvReader({ ...options, size: bytes.length });
  reader.push(bytes);
  return reader.end();
}

/** The text of cell `k` of the current record, `""` escapes undone. */
function cellText(bytes: Uint8Array, records: CsvRecords, k: number): string {
  const text = decoder.decode(bytes.subarray(records.starts[k], records.ends[k]));
  return records.flags[k] === ESCAPED ? text.replaceAll('""', '"') : text;
}

/** A line with one cell of nothing but white space (which is what an empty line reads as). */
function isBlank(bytes: Uint8Array, records: CsvRecords): boolean {
  for (let i = records.starts[0]!; i < records.ends[0]!; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return cellText(bytes, records, 0).trim() === "";
    if (c !== 0x20 && (c < 0x09 || c > 0x0d)) return false;
  }
  return true;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

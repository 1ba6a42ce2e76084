/**
 * The Float64Arrays a CSV file is read into, one per column, grown as rows come: about once when the size
 * of the input is known (from the bytes per row so far), else by doubling; never beyond half of the machine's
 * memory nor the longest typed array, so that data too big is refused with a message instead of crashing
 * the process. Input: values stored at `columns[c][rows]`; output: columns of exactly the rows stored.
 */

/** The most rows a column holds: the longest Float64Array V8 makes on a 64-bit machine. */
const MAX_ROWS = 2 ** 32 - 1;
const FIRST_CAPACITY = 1024;

/** What the store may know about the input and the machine. */
export interface StoreLimits {
  /** The size of the whole input in bytes, if known. */
  readonly size?: number | undefined;
  /** The machine's memory in bytes; the columns may take at most half of it. Default: no limit. */
  readonly memory?: number | undefined;
}

/** Growing columns of doubles; store row `rows` of column `c` at `columns[c][rows]` after {@link makeRoom}. */
export class ColumnStore {
  columns: Float64Array[] = [];
  rows = 0;
  #capacity = 0;
  readonly #width: number;
  readonly #limits: StoreLimits;

  constructor(width: number, limits: StoreLimits) {
    this.#width = width;
    this.#limits = limits;
  }

  /**
   * Makes sure there is room for row `rows`, given the bytes of input that held the rows so far; calls
   * `refuse` with the reason when the rows would not fit.
   */
  makeRoom(consumed: number, refuse: (reason: string) => never): void {
    if (this.rows < this.#capacity) return;
    this.#grow(consumed, refuse);
  }

  /**
   * {@link makeRoom} when the columns are full, apart: the row loop's call of makeRoom is then small enough
   * to inline, and passes the byte count (a double) without boxing it in a new heap number for every row.
   */
  #grow(consumed: number, refuse: (reason: string) => never): void {
    const width = this.#width;
    const { memory, size } = this.#limits;
    const rows = this.rows;
    const fit = memory === undefined || width === 0 ? MAX_ROWS : Math.floor(memory / 2 / (8 * width));
    if (rows >= Math.min(fit, MAX_ROWS)) {
      if (fit >= MAX_ROWS) refuse(`too many rows: at most ${count(MAX_ROWS)} can be read`);
      refuse(
        `the data does not fit in memory: ${columns(width)} of more than ${count(rows)} rows take ` +
          `${formatBytes(rows * width * 8)}, half of this machine's ${formatBytes(memory!)}; read fewer rows or columns`,
      );
    }
    let capacity = rows === 0 ? FIRST_CAPACITY : 2 * rows;
    if (rows > 0 && size !== undefined && size > consumed) {
      // the rows to come, from the bytes per row so far, with a tenth more for safety
      capacity = Math.max(Math.ceil(((size * rows) / consumed) * 1.1), Math.ceil(1.5 * rows));
    }
    capacity = Math.min(capacity, fit, MAX_ROWS);
    try {
      this.columns = Array.from({ length: width }, (_, c) => {
        const column = new Float64Array(capacity);
        if (rows > 0) column.set(this.columns[c]!.subarray(0, rows));
        return column;
      });
    } catch (error) {
      // the machine said no before our estimate of its memory did
      if (!(error instanceof RangeError)) throw error;
      refuse(
        `the data does not fit in memory: ${columns(width)} of ${count(capacity)} rows take ` +
          formatBytes(capacity * width * 8),
      );
    }
    this.#capacity = capacity;
  }

  /**
   * The columns of exactly `rows` values: views of the arrays when little of them is unused (untouched
   * memory costs nothing resident), copies otherwise.
   */
  finish(): Float64Array[] {
    const rows = this.rows;
    return this.columns.map((column) =>
      column.length === rows
        ? column
        : (column.length - rows) * 4 <= rows
          ? column.subarray(0, rows)
          : column.slice(0, rows),
    );
  }
}

/** A size in bytes as text: `2.4 GB`, `512 MB`, `64 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.round(bytes / 1e3)} kB`;
}

function columns(n: number): string {
  return `${n} column${n === 1 ? "" : "s"}`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

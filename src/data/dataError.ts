/**
 * The one error type of the data stage. It carries where the problem is (file, 1-based line, column name)
 * apart from what is wrong, so the CLI can print both in one line and tests can check the location without
 * parsing text. Library code throws only this; the CLI prints `format()` without a stack trace.
 */
import { quote } from "./quote.js";

/** Where a DataError points: any of file, 1-based line and column name. */
export interface DataLocation {
  /** 1-based line number in the file. */
  readonly row?: number;
  /** Header name of the column. */
  readonly column?: string;
  /** File name or flag the data came from. */
  readonly source?: string;
  /** Where the data was asked for: the `data … from` statement of a program, shown under the message. */
  readonly origin?: { format(): string };
}

/** Bad input data: `message` says what is wrong, the other fields say where. */
export class DataError extends Error {
  readonly row: number | undefined;
  readonly column: string | undefined;
  readonly source: string | undefined;
  readonly origin: { format(): string } | undefined;

  constructor(message: string, where: DataLocation = {}) {
    super(message);
    this.name = "DataError";
    this.row = where.row;
    this.column = where.column;
    this.source = where.source;
    this.origin = where.origin;
  }

  /**
   * The location and the message in one line, e.g. `points.csv, line 4, column "y": "abc" is not a number`,
   * then the origin (a program's line and a caret), if any.
   */
  format(): string {
    const where = [
      this.source,
      this.row === undefined ? undefined : `line ${this.row}`,
      this.column === undefined ? undefined : `column ${quote(this.column)}`,
    ].filter((part) => part !== undefined);
    const line = where.length === 0 ? this.message : `${where.join(", ")}: ${this.message}`;
    return this.origin ? `${line}\n${this.origin.format()}` : line;
  }
}

/**
 * The one error type of the data stage. It carries where the problem is (file, 1-based line, column name)
 * apart from what is wrong, so the CLI can print both in one line and tests can check the location without
 * parsing text. Library code throws only this; the CLI prints `format()` without a stack trace.
 */

import { SymgradError } from "../text/symgradError.js";
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
export class DataError extends SymgradError {
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

  /** The location in front of the message, e.g. `points.csv, line 4, column "y"` (format() adds the message). */
  protected override where(): string {
    return [
      this.source,
      this.row === undefined ? undefined : `line ${this.row}`,
      this.column === undefined ? undefined : `column ${quote(this.column)}`,
    ]
      .filter((part) => part !== undefined)
      .join(", ");
  }

  /** The location and the message in one line, then the origin (a program's line and a caret), if any. */
  override format(): string {
    const line = super.format();
    return this.origin ? `${line}\n${this.origin.format()}` : line;
  }
}

/**
 * A data column written on the command line, `name=1,2,3`, as an alternative to a CSV file for small data.
 * Values are read by the same rule as CSV cells (src/data/decimal.ts), and an error names the value by its
 * position, so `x=1,2,abc` says which of the three is wrong.
 */
import { DataError } from "./dataError.js";
import { readNumber } from "./decimal.js";
import { quote } from "./quote.js";

/** One named column. */
export interface Column {
  readonly name: string;
  readonly values: Float64Array;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `name=v1,v2,…` (spaces around values allowed). Throws a {@link DataError} for bad syntax or values.
 */
export function parseColumnFlag(text: string): Column {
  const source = quote(text);
  const equals = text.indexOf("=");
  if (equals < 0) throw new DataError('expected name=values, e.g. "x=1,2,3"', { source });
  const name = text.slice(0, equals).trim();
  if (!NAME.test(name)) {
    const what = name === "" ? "the column name is missing" : `${quote(name)} is not a column name`;
    throw new DataError(`${what}; expected name=values, e.g. "x=1,2,3"`, { source });
  }
  const cells = text.slice(equals + 1).split(",");
  if (cells.length === 1 && cells[0]!.trim() === "")
    throw new DataError("no values after '='", { source, column: name });
  const values = new Float64Array(cells.length);
  cells.forEach((cell, i) => {
    const trimmed = cell.trim();
    const value = trimmed === "" ? { reason: "it is empty" } : readNumber(trimmed);
    if (typeof value !== "number") {
      throw new DataError(`value ${i + 1} of ${cells.length}: ${value.reason}`, { source, column: name });
    }
    values[i] = value;
  });
  return { name, values };
}

/**
 * Data and values written on the command line, as an alternative to a CSV file for small data: a column
 * `x=1,2,3` (or `x=[1,2,3]`), a matrix by its rows `X=[[1,2],[3,4]]` as numpy writes it, or a matrix made of
 * CSV columns `X=x1,x2`. Values are read by the same rule as CSV cells (src/data/decimal.ts), and an error
 * names the value by its position, so `x=1,2,abc` says which of the three is wrong and a ragged matrix says
 * which row is short.
 */
import { DataError } from "./dataError.js";
import { readNumber } from "./decimal.js";
import { quote } from "./quote.js";

/** One named column. */
export interface Column {
  readonly name: string;
  readonly values: Float64Array;
}

/** Entries and their shape: `[]` a number, `[k]` a vector, `[m, k]` a matrix stored row after row. */
export interface ArrayValue {
  readonly shape: readonly number[];
  readonly values: Float64Array;
}

/** What a `--data` flag gives: a column, a matrix by rows, or the names of CSV columns to make a matrix of. */
export type DataFlag =
  | { readonly kind: "column"; readonly name: string; readonly values: Float64Array }
  | {
      readonly kind: "matrix";
      readonly name: string;
      readonly shape: readonly [number, number];
      readonly values: Float64Array;
    }
  | { readonly kind: "csv"; readonly name: string; readonly columns: readonly string[] };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const valueCount = (count: number) => `${count} value${count === 1 ? "" : "s"}`;

/** A matrix by rows: brackets around rows, each row brackets around numbers (no deeper nesting). */
const MATRIX = /^\[\s*\[[^[\]]*\](?:\s*,\s*\[[^[\]]*\])*\s*\]$/;
const ROW = /\[([^[\]]*)\]/g;

/** `name=…` split at its first `=`; a DataError when the name is missing or not a name. */
function nameAndValue(text: string): [string, string] {
  const source = quote(text);
  const equals = text.indexOf("=");
  if (equals < 0) throw new DataError('expected name=values, e.g. "x=1,2,3"', { source });
  const name = text.slice(0, equals).trim();
  if (!NAME.test(name)) {
    const what = name === "" ? "the column name is missing" : `${quote(name)} is not a column name`;
    throw new DataError(`${what}; expected name=values, e.g. "x=1,2,3"`, { source });
  }
  return [name, text.slice(equals + 1)];
}

/** The numbers of a comma-separated list, or why one is not a number (`what` says where it stands). */
function readCells(text: string, what: string): Float64Array | { readonly reason: string } {
  const cells = text.split(",");
  if (cells.length === 1 && cells[0]!.trim() === "") return { reason: `${what} is empty` };
  const values = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const trimmed = cells[i]!.trim();
    const value = trimmed === "" ? { reason: "it is empty" } : readNumber(trimmed);
    if (typeof value !== "number")
      return { reason: `${what}, value ${i + 1} of ${cells.length}: ${value.reason}` };
    values[i] = value;
  }
  return values;
}

/**
 * A number `0.5`, a vector `[1, 2, 3]` or a matrix by rows `[[1, 2], [3, 4]]`, as numpy and the language write
 * them; or why the text is none of these (a ragged matrix, a value that is not a number).
 */
export function readArray(text: string): ArrayValue | { readonly reason: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[")) {
    const value = trimmed === "" ? { reason: "the value is missing" } : readNumber(trimmed);
    return typeof value === "number" ? { shape: [], values: Float64Array.of(value) } : value;
  }
  const inner = trimmed.slice(1, trimmed.endsWith("]") ? -1 : undefined).trim();
  if (!inner.startsWith("[")) {
    if (!trimmed.endsWith("]") || /[[\]]/.test(inner))
      return { reason: `${quote(trimmed)} is not a vector [1, 2, 3] nor a matrix by rows [[1, 2], [3, 4]]` };
    const values = readCells(inner, "the vector");
    return values instanceof Float64Array ? { shape: [values.length], values } : values;
  }
  if (!MATRIX.test(trimmed))
    return {
      reason: `${quote(trimmed)} is not a matrix by rows, as [[1, 2], [3, 4]] (brackets around each row)`,
    };
  const rows: Float64Array[] = [];
  for (const [, cells] of trimmed.matchAll(ROW)) {
    const row = readCells(cells!, `row ${rows.length + 1}`);
    if (!(row instanceof Float64Array)) return row;
    if (rows.length > 0 && row.length !== rows[0]!.length)
      return {
        reason: `the matrix is ragged: row ${rows.length + 1} has ${valueCount(row.length)}, row 1 has ${valueCount(rows[0]!.length)}`,
      };
    rows.push(row);
  }
  const k = rows[0]!.length;
  const values = new Float64Array(rows.length * k);
  rows.forEach((row, i) => {
    values.set(row, i * k);
  });
  return { shape: [rows.length, k], values };
}

/**
 * Parses `name=v1,v2,…` (spaces around values allowed). Throws a {@link DataError} for bad syntax or values.
 */
export function parseColumnFlag(text: string): Column {
  const flag = parseDataFlag(text);
  if (flag.kind !== "column")
    throw new DataError('expected a column of numbers, e.g. "x=1,2,3"', {
      source: quote(text),
      column: flag.name,
    });
  return { name: flag.name, values: flag.values };
}

/**
 * Parses a `--data` flag: `x=1,2,3` or `x=[1,2,3]` (a column), `X=[[1,2],[3,4]]` (a matrix, one row per data
 * row), or `X=x1,x2` (a matrix of those CSV columns, names only). Throws a {@link DataError} for bad syntax, a
 * value that is not a number, or a ragged matrix.
 */
export function parseDataFlag(text: string): DataFlag {
  const source = quote(text);
  const [name, rest] = nameAndValue(text);
  const where = { source, column: name };
  const value = rest.trim();
  if (value === "") throw new DataError("no values after '='", where);
  const cells = value.split(",").map((cell) => cell.trim());
  if (cells.every((cell) => NAME.test(cell) && !/^(nan|inf|infinity)$/i.test(cell)))
    return { kind: "csv", name, columns: cells };
  if (value.startsWith("[")) {
    const read = readArray(value);
    if (!("shape" in read)) throw new DataError(read.reason, where);
    if (read.shape.length === 2)
      return { kind: "matrix", name, shape: [read.shape[0]!, read.shape[1]!], values: read.values };
    return { kind: "column", name, values: read.values };
  }
  const values = new Float64Array(cells.length);
  cells.forEach((cell, i) => {
    const number = cell === "" ? { reason: "it is empty" } : readNumber(cell);
    if (typeof number !== "number")
      throw new DataError(`value ${i + 1} of ${cells.length}: ${number.reason}`, where);
    values[i] = number;
  });
  return { kind: "column", name, values };
}

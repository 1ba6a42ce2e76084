/**
 * CSV text → named numeric columns. The first line names the columns; every later line is one row. csv-parse
 * does the quoting, BOM and line endings; everything about meaning is checked here, so that each problem is
 * reported with its file, line and column: no header, duplicate or missing names, ragged rows, empty or
 * non-numeric cells. Nothing is dropped or changed silently, except blank lines at the very end of the file.
 */
import { readFile } from "node:fs/promises";
import { CsvError, parse } from "csv-parse/sync";
import { suggest } from "../text/suggest.js";
import { DataError } from "./dataError.js";
import { readNumber } from "./decimal.js";
import { quote } from "./quote.js";

/** Options of {@link readCsv} and {@link readCsvFile}. */
export interface CsvOptions {
  /** File name used in error messages. */
  source?: string;
  /** The columns to read, in this order; other columns are ignored and may hold anything. Default: all. */
  columns?: readonly string[];
}

/** A parsed line: its cells and the 1-based line it starts on (a quoted field may span lines). */
interface Line {
  readonly cells: readonly string[];
  readonly line: number;
}

/**
 * Reads CSV text with a header line into one Float64Array per column. Cells may have spaces around the number
 * and may be quoted. Throws a {@link DataError} naming the line and column of the first problem.
 */
export function readCsv(text: string, options: CsvOptions = {}): Record<string, Float64Array> {
  const { source } = options;
  const lines = parseLines(text, source);
  while (lines.length > 0 && isBlank(lines[lines.length - 1]!)) lines.pop();
  const [header, ...rows] = lines;
  if (header === undefined) throw new DataError("the file is empty", { source });

  const names = headerNames(header, source);
  const wanted = options.columns ?? names;
  const indices = wanted.map((name) => {
    const index = names.indexOf(name);
    if (index >= 0) return index;
    const near = suggest(name, names);
    const hint = near === undefined ? "" : `; did you mean ${quote(near)}?`;
    throw new DataError(`no such column in the header (${listed(names)})${hint}`, {
      source,
      row: header.line,
      column: name,
    });
  });
  if (rows.length === 0) throw new DataError("no data rows after the header", { source, row: header.line });

  const columns = wanted.map(() => new Float64Array(rows.length));
  rows.forEach(({ cells, line }, r) => {
    if (isBlank({ cells, line }))
      throw new DataError("empty line among the data rows", { source, row: line });
    if (cells.length !== names.length) {
      throw new DataError(
        `${plural(cells.length, "cell")}, but the header names ${plural(names.length, "column")}`,
        {
          source,
          row: line,
        },
      );
    }
    indices.forEach((index, c) => {
      const cell = cells[index]!.trim();
      const value = cell === "" ? { reason: "the cell is empty" } : readNumber(cell);
      if (typeof value !== "number")
        throw new DataError(value.reason, { source, row: line, column: wanted[c] });
      columns[c]![r] = value;
    });
  });
  return Object.fromEntries(wanted.map((name, c) => [name, columns[c]!]));
}

/** Reads a CSV file with {@link readCsv}; `source` defaults to `path`. Unreadable files throw a DataError. */
export async function readCsvFile(
  path: string,
  options: CsvOptions = {},
): Promise<Record<string, Float64Array>> {
  const source = options.source ?? path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "is a directory, not a file"
            : (error as Error).message;
    throw new DataError(`cannot read the file: ${reason}`, { source });
  }
  return readCsv(text, { ...options, source });
}

function parseLines(text: string, source: string | undefined): Line[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns {record, info} objects, which its typings do not express.
    records = parse(text, { bom: true, info: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = typeof error["lines"] === "number" ? error["lines"] : undefined;
    throw new DataError(quoteProblem(error), { source, row });
  }
  // `info.lines` is the line a record ends on; empty lines are records too, so each starts after the last.
  return records.map(({ record }, i) => ({
    cells: record,
    line: i === 0 ? 1 : records[i - 1]!.info.lines + 1,
  }));
}

function quoteProblem(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return 'a quoted cell is never closed (a " is missing)';
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "text after the closing quote of a cell";
    case "INVALID_OPENING_QUOTE":
      return 'a " inside an unquoted cell';
    default:
      return error.message;
  }
}

/** The header's names for a message: each quoted and cut, at most eight of them. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 8).map(quote);
  if (names.length > shown.length) shown.push(`and ${names.length - shown.length} more`);
  return shown.join(", ");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function isBlank({ cells }: Line): boolean {
  return cells.length === 1 && cells[0]!.trim() === "";
}

function headerNames(header: Line, source: string | undefined): string[] {
  const names = header.cells.map((cell) => cell.trim());
  const where = { source, row: header.line };
  if (names.every((name) => typeof readNumber(name) === "number")) {
    const example = names.map((_, i) => (names.length === 1 ? "x" : `x${i + 1}`)).join(",");
    throw new DataError(
      `the first line must name the columns (e.g. "${example}"), but it holds numbers`,
      where,
    );
  }
  names.forEach((name, i) => {
    if (name === "") throw new DataError(`column ${i + 1} has no name in the header`, where);
    const first = names.indexOf(name);
    if (first < i) {
      throw new DataError(
        `the header names two columns ${quote(name)} (columns ${first + 1} and ${i + 1})`,
        where,
      );
    }
  });
  return names;
}

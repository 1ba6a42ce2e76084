/**
 * Running a program file: reads its data (inline lists, or CSV files relative to the program's folder),
 * starts its parameters at their declared values (or at values given to override them) and minimizes its
 * cost. An error in a CSV file also points at the `data … from` statement that named it.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { ParamValue, Tensor } from "../compile/index.js";
import { ParseError, type Program, parseProgram } from "../syntax/index.js";
import { byName, namedEntries } from "../text/byName.js";
import { type MinimizeOptions, type MinimizeResult, minimize, type Named } from "./minimize.js";

/** Options of `runProgram`: the optimizer's, and where relative file names start. */
export interface RunProgramOptions
  extends Omit<MinimizeOptions<ParamValue>, "data" | "init" | "params" | "shapes"> {
  /** The folder CSV files are read from; default: the program file's folder, else the working directory. */
  readonly baseDir?: string;
  /** The program's file name, for error messages. */
  readonly file?: string;
  /** Starting values that replace the program's `param` values, by name; each must be a declared parameter. */
  readonly init?: Named<number | Tensor>;
}

/** A matrix of data rows from its rows, or from columns of one length, as a row-major Tensor. */
function matrix(columns: readonly ArrayLike<number>[], rows: number): Tensor {
  const k = columns.length;
  const values = new Float64Array(rows * k);
  columns.forEach((column, j) => {
    for (let i = 0; i < rows; i++) values[i * k + j] = column[i]!;
  });
  return { shape: [rows, k], values };
}

/**
 * The data a program declares, read from its inline lists and matrices and its CSV files, in an object
 * without prototype (any column name is an own key): a column as a Float64Array, a matrix (`data X = [[…]]`,
 * `data X = [x1, x2] from "f.csv"`) as a row-major Tensor. A DataError from a CSV file carries the
 * program's statement as its origin.
 */
export async function programData(
  program: Program,
  baseDir: string,
): Promise<Record<string, Float64Array | Tensor>> {
  const data = byName<Float64Array | Tensor>();
  for (const statement of program.data) {
    const name = statement.names[0]!;
    if (statement.values) data[name] = Float64Array.from(statement.values);
    else if (statement.rows) {
      const rows = statement.rows;
      data[name] = matrix(
        (rows[0] ?? []).map((_, j) => rows.map((row) => row[j]!)),
        rows.length,
      );
    } else {
      // the CSV reader loads only for a program that reads a file (a fit from inline data never needs it)
      const { DataError, readCsvFile } = await import("../data/index.js");
      const columns = await readCsvFile(resolve(baseDir, statement.file!), {
        columns: [...(statement.columns ?? statement.names)],
        source: statement.file!,
      }).catch((error: unknown) => {
        if (!(error instanceof DataError) || error.origin || !statement.fileSpan) throw error;
        const origin = new ParseError(
          "in the data file named here",
          statement.fileSpan,
          program.source,
          program.file,
        );
        throw new DataError(error.message, {
          row: error.row,
          column: error.column,
          source: error.source,
          origin,
        });
      });
      if (statement.columns) {
        const read = statement.columns.map((column) => columns[column]!);
        data[name] = matrix(read, read[0]?.length ?? 0);
      } else for (const column of statement.names) data[column] = columns[column]!;
    }
  }
  checkRowCounts(program, data);
  return data;
}

/** Every data statement must give the same number of rows: a mismatch is an error at the statement. */
function checkRowCounts(program: Program, data: Readonly<Record<string, Float64Array | Tensor>>): void {
  let first: { name: string; rows: number; line: number } | undefined;
  for (const statement of program.data) {
    const name = statement.names[0]!;
    const value = data[name]!;
    const rows = value instanceof Float64Array ? value.length : (value.shape[0] ?? 1);
    const fail = (message: string): never => {
      throw new ParseError(message, statement.span, program.source, program.file);
    };
    if (rows === 0) fail(`'${name}' has no rows`);
    if (first === undefined) first = { name, rows, line: statement.span.line };
    else if (rows !== first.rows)
      fail(
        `'${name}' has ${rows} rows, but '${first.name}' (line ${first.line}) has ${first.rows}: every data statement gives one value or row per data row`,
      );
  }
}

/**
 * The starting values of a program's parameters (a vector or matrix as a Tensor of its declared shape) with
 * `override` replacing some (a number replacing a vector's or matrix's values fills every entry), and the
 * shapes of its vector and matrix parameters.
 */
export function programStart(
  program: Program,
  override: Named<number | Tensor> = new Map(),
): { init: Map<string, number | Tensor>; shapes: Map<string, readonly number[]> } {
  const shaped = program.params.filter((p) => (p.shape ?? []).length > 0);
  const init = new Map<string, number | Tensor>(
    program.params.map((p) => [
      p.name,
      (p.shape ?? []).length > 0 ? { shape: p.shape!, values: Float64Array.from(p.values!) } : p.init,
    ]),
  );
  for (const [name, value] of namedEntries(override)) init.set(name, value);
  return { init, shapes: new Map(shaped.map((p) => [p.name, p.shape!])) };
}

/**
 * Parses, checks and runs a program's `minimize`.
 * @throws ParseError for the program text, DataError for its data files, MinimizeError for an `init` that
 * names something other than a declared parameter.
 */
export async function runProgram(
  source: string,
  options: RunProgramOptions = {},
): Promise<MinimizeResult<ParamValue> & { program: Program }> {
  const { baseDir, file, init: override, ...rest } = options;
  const program = parseProgram(source, file);
  const data = await programData(program, baseDir ?? (file ? dirname(resolve(file)) : process.cwd()));
  const result = minimize(program.cost, {
    ...rest,
    data,
    ...programStart(program, override),
    params: program.params.map((p) => p.name),
    ...(program.constraints.length > 0
      ? { constraints: [...program.constraints, ...(rest.constraints ?? [])] }
      : {}),
  });
  return { ...result, program };
}

/** Reads and runs a program file. */
export async function runProgramFile(
  path: string,
  options: Omit<RunProgramOptions, "file"> = {},
): Promise<MinimizeResult<ParamValue> & { program: Program }> {
  return runProgram(await readFile(path, "utf8"), { ...options, file: path });
}

/**
 * Running a program file: reads its data (inline lists, or CSV files relative to the program's folder),
 * starts its parameters at their declared values (or at values given to override them) and minimizes its
 * cost. An error in a CSV file also points at the `data … from` statement that named it.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DataError, readCsvFile } from "../data/index.js";
import { ParseError, type Program, parseProgram } from "../syntax/index.js";
import { byName, namedEntries } from "../text/byName.js";
import { type MinimizeOptions, type MinimizeResult, minimize, type Named } from "./minimize.js";

/** Options of `runProgram`: the optimizer's, and where relative file names start. */
export interface RunProgramOptions extends Omit<MinimizeOptions, "data" | "init" | "params"> {
  /** The folder CSV files are read from; default: the program file's folder, else the working directory. */
  readonly baseDir?: string;
  /** The program's file name, for error messages. */
  readonly file?: string;
  /** Starting values that replace the program's `param` values, by name; each must be a declared parameter. */
  readonly init?: Named<number>;
}

/**
 * The data columns a program declares, read from its inline lists and CSV files, in an object without
 * prototype (any column name is an own key). A DataError from a CSV file carries the program's statement as
 * its origin.
 */
export async function programData(program: Program, baseDir: string): Promise<Record<string, Float64Array>> {
  const data = byName<Float64Array>();
  for (const statement of program.data) {
    if (statement.values) data[statement.names[0]!] = Float64Array.from(statement.values);
    else {
      const columns = await readCsvFile(resolve(baseDir, statement.file!), {
        columns: [...statement.names],
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
      for (const name of statement.names) data[name] = columns[name]!;
    }
  }
  return data;
}

/**
 * Parses, checks and runs a program's `minimize`.
 * @throws ParseError for the program text, DataError for its data files, MinimizeError for an `init` that
 * names something other than a declared parameter.
 */
export async function runProgram(
  source: string,
  options: RunProgramOptions = {},
): Promise<MinimizeResult & { program: Program }> {
  const { baseDir, file, init: override, ...rest } = options;
  const program = parseProgram(source, file);
  const data = await programData(program, baseDir ?? (file ? dirname(resolve(file)) : process.cwd()));
  const init = new Map(program.params.map((p) => [p.name, p.init]));
  for (const [name, value] of namedEntries(override ?? new Map<string, number>())) init.set(name, value);
  const result = minimize(program.cost, {
    ...rest,
    data,
    init,
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
): Promise<MinimizeResult & { program: Program }> {
  return runProgram(await readFile(path, "utf8"), { ...options, file: path });
}

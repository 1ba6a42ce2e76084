/**
 * Running a program file: reads its data (inline lists, or CSV files relative to the program's folder),
 * starts its parameters at their declared values and minimizes its cost.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { readCsvFile } from "../data/index.js";
import { type Program, parseProgram } from "../syntax/index.js";
import { type MinimizeOptions, type MinimizeResult, minimize } from "./minimize.js";

/** Options of `runProgram`: the optimizer's, and where relative file names start. */
export interface RunProgramOptions extends Omit<MinimizeOptions, "data" | "init" | "params"> {
  /** The folder CSV files are read from; default: the program file's folder, else the working directory. */
  readonly baseDir?: string;
  /** The program's file name, for error messages. */
  readonly file?: string;
}

/** The data columns a program declares, read from its inline lists and CSV files. */
export async function programData(program: Program, baseDir: string): Promise<Record<string, Float64Array>> {
  const data: Record<string, Float64Array> = {};
  for (const statement of program.data) {
    if (statement.values) data[statement.names[0]!] = Float64Array.from(statement.values);
    else {
      const columns = await readCsvFile(resolve(baseDir, statement.file!), {
        columns: [...statement.names],
        source: statement.file!,
      });
      for (const name of statement.names) data[name] = columns[name]!;
    }
  }
  return data;
}

/**
 * Parses, checks and runs a program's `minimize`.
 * @throws ParseError for the program text, DataError for its data files.
 */
export async function runProgram(
  source: string,
  options: RunProgramOptions = {},
): Promise<MinimizeResult & { program: Program }> {
  const { baseDir, file, ...rest } = options;
  const program = parseProgram(source, file);
  const data = await programData(program, baseDir ?? (file ? dirname(resolve(file)) : process.cwd()));
  const init = Object.fromEntries(program.params.map((p) => [p.name, p.init]));
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

/**
 * Program files named on the command line: every command that takes a formula also takes a `*.sg` file in
 * its place (format, diff, minimize, plot; run takes only files). One rule says which, one reader reads it.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./args.js";
import type { IO } from "./io.js";

/** True when a command's argument names a program file (`*.sg`) rather than being a formula. */
export function isProgramFile(target: string): boolean {
  return /\.sg$/.test(target.trim());
}

/** The text of a program file named on the command line; a UsageError when it cannot be read. */
export async function readProgramSource(file: string, io: IO): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file.trim()), "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read the program file '${file}': ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

/**
 * Where a command writes: standard output and error, the environment and whether stdout is a terminal.
 * Passed in, so that tests run commands in-process and read what they printed.
 */

/** The CLI's view of the process. */
export interface IO {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are taken from. */
  readonly cwd: string;
}

/** The real process. */
export const processIO: IO = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};

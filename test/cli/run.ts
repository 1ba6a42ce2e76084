/** Runs the CLI in-process with captured output, as a user would see it. */

import type { IO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `symgrad ...argv` with stdout/stderr captured (not a terminal), in `cwd`. */
export async function symgrad(
  argv: readonly string[],
  cwd = process.cwd(),
  env: Record<string, string> = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: IO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
    cwd,
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

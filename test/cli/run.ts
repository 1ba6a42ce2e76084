/** Runs the CLI in-process with captured output, as a user would see it, or the built command as a process. */

import { spawn } from "node:child_process";
import { join } from "node:path";
import type { IO, StopReason } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Each write to stdout, in order. */
  readonly writes: readonly string[];
}

/** How a test plays the rest of the process. */
export interface Process {
  /** Asked between iterations, as the worker thread asks the main thread; gets the stdout so far. */
  readonly stopRequested?: (stdout: string) => StopReason | undefined;
}

/** `symgrad ...argv` with stdout/stderr captured (not a terminal), in `cwd`. */
export async function symgrad(
  argv: readonly string[],
  cwd = process.cwd(),
  env: Record<string, string> = {},
  { stopRequested }: Process = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const writes: string[] = [];
  const io: IO = {
    stdout: {
      write: (s: string) => {
        writes.push(s);
        stdout += s;
      },
      isTTY: false,
    },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
    cwd,
    ...(stopRequested ? { stopRequested: () => stopRequested(stdout) } : {}),
  };
  const status = await main(argv, io);
  return { status, stdout, stderr, writes };
}

/** The built command (`npm run build` first), as a user starts it. */
export const bin = join(process.cwd(), "bin", "symgrad.js");

/** Starts `node bin/symgrad.js …argv`; `exited` resolves with its status and signal, and what it printed. */
export function start(argv: readonly string[]) {
  const child = spawn("node", [bin, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  // A run that does not stop would go on for hours: end it, so the test fails instead of hanging.
  const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const exited = new Promise<{
    status: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    child.on("close", (status, signal) => {
      clearTimeout(guard);
      resolve({ status, signal, stdout, stderr });
    }),
  );
  const output = () => stdout;
  return { child, exited, output };
}

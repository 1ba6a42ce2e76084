/**
 * Where a command reads and writes: standard output and error, the environment, whether stdout is a
 * terminal, whether the user asked to stop, and the output files named on the command line. Passed in, so that
 * tests run commands in-process and read what they printed. Files are checked before any long work and a
 * failed write is an OutputError: one line, exit status 1, never a stack trace.
 */
import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { SymgradError } from "../text/symgradError.js";

/** Why a long computation should stop at its current step. */
export type StopReason =
  /** The user pressed Ctrl-C (SIGINT). */
  | "interrupt"
  /** Nobody reads standard output any more (`symgrad … | head`). */
  | "closed";

/** A stream the CLI writes to. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The CLI's view of the process. */
export interface IO {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are taken from. */
  readonly cwd: string;
  /** Asked between iterations of a fit: a reason to stop now, or undefined to go on. */
  readonly stopRequested?: () => StopReason | undefined;
}

/** The real process, as commands that finish quickly use it (a fit runs in a worker: commandThread.ts). */
export const processIO: IO = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};

/** A file or stream that could not be written: printed in one line, exit status 1. */
export class OutputError extends SymgradError {
  override readonly name = "OutputError";
}

/** `ENOSPC` → "no space left on the device", for messages. */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or folder",
    ENOTDIR: "a part of the path is not a folder",
    EISDIR: "it is a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EDQUOT: "the disk quota is used up",
    EFBIG: "the file is too large",
    EIO: "an input/output error",
  };
  return (
    (code !== undefined && Object.hasOwn(reasons, code) ? reasons[code] : undefined) ?? String(code ?? error)
  );
}

/**
 * Checks that `file` (relative to the working directory) can be written — its folder exists and is writable,
 * and it is not a folder — so that a long fit does not end in a failed write.
 */
export async function checkWritable(file: string, io: IO, flag: string): Promise<void> {
  const path = resolve(io.cwd, file);
  const folder = await stat(dirname(path)).catch(() => undefined);
  const why = !folder?.isDirectory()
    ? `there is no folder '${dirname(file)}'`
    : await access(dirname(path), constants.W_OK).then(
        async () => ((await stat(path).catch(() => undefined))?.isDirectory() ? "it is a folder" : undefined),
        (error: unknown) => systemReason(error),
      );
  if (why !== undefined) throw new OutputError(`cannot write '${file}' (${flag}): ${why}`);
}

/** Writes `data` to `file` (relative to the working directory); an OutputError says why it failed. */
export async function writeOutputFile(file: string, data: string | Uint8Array, io: IO): Promise<void> {
  try {
    await writeFile(resolve(io.cwd, file), data);
  } catch (error) {
    throw new OutputError(`cannot write '${file}': ${systemReason(error)}`);
  }
}

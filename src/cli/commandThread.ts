/**
 * Runs a long command (a fit) in a worker thread, so that the main thread stays free to notice Ctrl-C and a
 * closed or failing stdout while the optimizer computes: an optimizer loop never returns to the event loop,
 * so a signal or a pipe error would otherwise wait until the run is over. The main thread owns the real
 * streams; the worker (commandWorker.ts) sends its output in batches and reads a shared stop flag between
 * iterations. Output is flow-controlled: the worker waits while too much of it is not yet written.
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { systemReason } from "./io.js";

/** Slots of the Int32Array the two threads share. */
export const SLOT = {
  /** A StopCode: set by the main thread, read by the worker at every iteration. */
  stop: 0,
  /** Characters sent by the worker and not yet written by the main thread. */
  pending: 1,
} as const;

/** The values of the stop slot. */
export const STOP_CODE = { none: 0, interrupt: 1, closed: 2 } as const;

/** What the worker needs to run the command as if it were the process. */
export interface ThreadData {
  readonly argv: readonly string[];
  readonly shared: SharedArrayBuffer;
  readonly cwd: string;
  readonly stdout: { readonly isTTY: boolean; readonly columns?: number | undefined };
  readonly stderr: { readonly isTTY: boolean; readonly columns?: number | undefined };
}

/** A message from the worker: output for one stream, or the command's exit status. */
export type ThreadMessage =
  | { readonly stream: "stdout" | "stderr"; readonly text: string }
  | { readonly status: number };

/** Shows the cursor and turns line wrapping back on (a progress bar may turn both off), and leaves its line. */
const RESTORE_TERMINAL = "\u001b[?25h\u001b[?7h\n";

/**
 * The worker's module: the bundled worker (`commandWorker.start.js`, from cachedWorker.ts, which runs
 * `commandWorker.bundle.cjs`) where `npm run build` made it after the modules, else commandWorker.js itself.
 * A bundle older than the modules (after `tsc` alone) or, in a checkout, than any source file (after an
 * edit and a `tsc --watch`, which rewrites only what changed) is stale and not run. The comparisons are `>=`:
 * an npm package's files all carry one time.
 */
function workerModule(): URL {
  const plain = new URL("./commandWorker.js", import.meta.url);
  const starter = new URL("./commandWorker.start.js", import.meta.url);
  try {
    const built = statSync(new URL("./commandWorker.bundle.cjs", import.meta.url)).mtimeMs;
    statSync(starter);
    if (built >= statSync(plain).mtimeMs && !sourcesNewerThan(built)) return starter;
  } catch {
    // no bundle (a build by tsc alone, or the sources run by a test runner)
  }
  return plain;
}

/** True when a source file of a checkout (src/, grammar/ beside dist/) changed after `time` (ms). */
function sourcesNewerThan(time: number): boolean {
  for (const folder of ["../../../src/", "../../../grammar/"]) {
    let entries: Dirent[];
    try {
      entries = readdirSync(new URL(folder, import.meta.url), { recursive: true, withFileTypes: true });
    } catch {
      continue; // an installed package has no sources
    }
    for (const entry of entries)
      if (entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > time) return true;
  }
  return false;
}

/** Runs `symgrad …argv` in a worker thread with the process's streams; resolves to the exit status. */
export function runInWorker(argv: readonly string[]): Promise<number> {
  const shared = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const data: ThreadData = {
    argv,
    shared: shared.buffer as SharedArrayBuffer,
    cwd: process.cwd(),
    stdout: { isTTY: Boolean(process.stdout.isTTY), columns: process.stdout.columns },
    stderr: { isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns },
  };
  const worker = new Worker(workerModule(), { workerData: data });
  let status: number | undefined;
  let outputFailed = false;

  const requestStop = (code: number) => {
    Atomics.compareExchange(shared, SLOT.stop, STOP_CODE.none, code);
  };
  const onInterrupt = () => {
    if (Atomics.load(shared, SLOT.stop) === STOP_CODE.interrupt) {
      // A second Ctrl-C: the user does not want to wait for the summary.
      if (process.stderr.isTTY) process.stderr.write(RESTORE_TERMINAL);
      process.exit(130);
    }
    requestStop(STOP_CODE.interrupt);
  };
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    // a reader that stops early (`| head`) is not an error; a full disk is
    const first = Atomics.exchange(shared, SLOT.stop, STOP_CODE.closed) !== STOP_CODE.closed;
    if (first && error.code !== "EPIPE") {
      outputFailed = true;
      process.stderr.write(`error: cannot write the output: ${systemReason(error)}\n`);
    }
  };
  const written = (length: number) => () => {
    Atomics.sub(shared, SLOT.pending, length);
    Atomics.notify(shared, SLOT.pending);
  };
  process.on("SIGINT", onInterrupt);
  process.stdout.on("error", onStdoutError);

  return new Promise((resolve) => {
    worker.on("message", (message: ThreadMessage) => {
      if ("status" in message) {
        status = message.status;
        return;
      }
      const done = written(message.text.length);
      if (message.stream === "stdout" && Atomics.load(shared, SLOT.stop) === STOP_CODE.closed) done();
      else (message.stream === "stdout" ? process.stdout : process.stderr).write(message.text, done);
    });
    worker.on("error", (error) => {
      process.stderr.write(`symgrad: internal error: ${error.message}\n`);
      status = 1;
    });
    worker.on("exit", () => {
      process.off("SIGINT", onInterrupt);
      process.stdout.off("error", onStdoutError);
      resolve(outputFailed ? 1 : (status ?? 1));
    });
  });
}

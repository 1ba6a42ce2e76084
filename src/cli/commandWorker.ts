/**
 * The worker side of commandThread.ts: runs one command with an IO whose output goes to the main thread in
 * batches (one message per line would cost more than the line), and whose `stopRequested` reads the flag
 * the main thread sets on Ctrl-C or a closed stdout. Batches go out when they are large, when they are
 * older than a moment, and at the end; before sending, the worker waits while the main thread is behind.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SLOT, STOP_CODE, type ThreadData, type ThreadMessage } from "./commandThread.js";
import type { IO, Output, StopReason } from "./io.js";
import { main } from "./main.js";

/** Characters buffered before a batch is sent, and sent but not yet written before the worker waits. */
const BATCH = 1 << 16;
const BACKLOG = 1 << 22;
/** Milliseconds output may wait in the buffer. */
const LATENCY = 50;

const data = workerData as ThreadData;
const shared = new Int32Array(data.shared);
const port = parentPort!;
let buffer: { stream: "stdout" | "stderr"; text: string }[] = [];
let buffered = 0;
let oldest = 0;
let polls = 0;

const stopCode = () => Atomics.load(shared, SLOT.stop);

function flush(): void {
  for (const message of buffer) {
    // Wait while the main thread is behind (a slow pipe), unless the run is stopping anyway.
    for (;;) {
      const pending = Atomics.load(shared, SLOT.pending);
      if (pending < BACKLOG || stopCode() !== STOP_CODE.none) break;
      Atomics.wait(shared, SLOT.pending, pending, 100);
    }
    Atomics.add(shared, SLOT.pending, message.text.length);
    port.postMessage(message satisfies ThreadMessage);
  }
  buffer = [];
  buffered = 0;
}

function output(stream: "stdout" | "stderr", tty: ThreadData["stdout"]): Output {
  return {
    isTTY: tty.isTTY,
    ...(tty.columns === undefined ? {} : { columns: tty.columns }),
    write(text: string) {
      if (stream === "stdout" && stopCode() === STOP_CODE.closed) return true;
      const last = buffer.at(-1);
      if (last?.stream === stream) last.text += text;
      else buffer.push({ stream, text });
      if (buffered === 0) oldest = Date.now();
      buffered += text.length;
      if (buffered >= BATCH || Date.now() - oldest >= LATENCY) flush();
      return true;
    },
  };
}

const io: IO = {
  stdout: output("stdout", data.stdout),
  stderr: output("stderr", data.stderr),
  env: process.env,
  cwd: data.cwd,
  stopRequested(): StopReason | undefined {
    // The only call a running fit makes: also the moment to send output that has waited long enough.
    if (buffered > 0 && ++polls % 256 === 0 && Date.now() - oldest >= LATENCY) flush();
    const code = stopCode();
    return code === STOP_CODE.interrupt ? "interrupt" : code === STOP_CODE.closed ? "closed" : undefined;
  },
};

/**
 * The command's run, to its status sent; the bundled worker (cachedWorker.ts) writes its cache after a run
 * that ended well.
 */
export const done: Promise<number> = main(data.argv, io).then((status) => {
  flush();
  port.postMessage({ status } satisfies ThreadMessage);
  return status;
});

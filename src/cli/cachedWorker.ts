/**
 * The CLI's worker thread as one bundle with V8's code cache (runCached.ts), where `npm run build` made one:
 * commandWorker.ts and every module a fitting command loads, with chevrotain, in one file
 * (`commandWorker.bundle.cjs`), whose functions' bytecode is cached after the first command. rolldown.config.mjs
 * bundles this module too, into `commandWorker.start.js`, which commandThread.ts starts: run as it is, its
 * imports would load the compiler's modules one by one. A fitting command starts about 0.15 s sooner.
 */
import { workerData } from "node:worker_threads";
import type { ThreadData } from "./commandThread.js";
import { runCached } from "./runCached.js";

/** The key of the function by which the bundle loads the packages that plots use (see rolldown.config.mjs). */
const IMPORT = Symbol.for("symgrad.import");
(globalThis as { [IMPORT]?: (specifier: string) => Promise<unknown> })[IMPORT] = (specifier) =>
  import(specifier);
// one cache per command (each compiles other functions), written once a command ended well, so that it
// holds every function a whole run compiled (not those of a mistake in what was typed, or of a run cut short)
const command = (workerData as ThreadData).argv[0] ?? "";
const run = runCached(new URL("./commandWorker.bundle.cjs", import.meta.url), `${command}.cache`);
const { done } = run.exports as { done?: Promise<number> };
if (!(done instanceof Promise)) throw new Error("the worker bundle does not export its run (done)");
if ((await done) === 0) run.writeCache();

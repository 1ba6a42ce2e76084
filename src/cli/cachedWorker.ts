/**
 * The CLI's worker thread as one bundle with V8's code cache (runCached.ts), where `npm run build` made one:
 * commandWorker.ts and every module a fitting command loads, with chevrotain, in one file
 * (`commandWorker.bundle.cjs`), whose functions' bytecode is cached after the first command. rolldown.config.mjs
 * bundles this module too, into `commandWorker.start.js`, which commandThread.ts starts: run as it is, its
 * imports would load the compiler's modules one by one. A fitting command starts about 0.15 s sooner.
 */
import { runCached } from "./runCached.js";

/** The key of the function by which the bundle loads the packages that plots use (see rolldown.config.mjs). */
const IMPORT = Symbol.for("symgrad.import");
(globalThis as { [IMPORT]?: (specifier: string) => Promise<unknown> })[IMPORT] = (specifier) =>
  import(specifier);
const run = runCached(new URL("./commandWorker.bundle.cjs", import.meta.url));
// the cache is written once the command is over, so that it holds every function the command compiled
await (run.exports as { done: Promise<void> }).done;
run.writeCache();

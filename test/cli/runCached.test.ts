/**
 * `npm start` and the CLI's worker thread run a bundle with V8's code cache (src/cli/runCached.ts). The cache
 * must never change what runs: a cache of another bundle, a damaged one, or one that cannot be written
 * leaves a plain run; a cache written after the bundle's asynchronous work is taken by the next run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCached } from "../../src/cli/runCached.js";

/** What the bundles below leave behind: each run pushes its value. */
const RUNS = Symbol.for("symgrad.test.runCached");
type Runs = { [RUNS]?: string[] };
const runs = () => ((globalThis as Runs)[RUNS] ??= []);

/** A CommonJS bundle that records `value` and the file it ran as (through `require` and `__filename`). */
const bundleSource = (value: string) =>
  `globalThis[Symbol.for("symgrad.test.runCached")].push(${JSON.stringify(value)} + ":" + require("node:path").basename(__filename) + (this === module.exports ? "" : " (this is not exports)"));\n` +
  // enough functions for a cache worth the name
  Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + 1; }\nf${i}(${i});`).join("\n");

/** Runs the bundle at `url` and writes its cache at once, as the seed's loader does. */
function ran(url: URL) {
  const run = runCached(url);
  return { cacheUsed: run.cacheUsed, cacheWritten: run.writeCache() };
}

function bundleIn(source: string) {
  const dir = mkdtempSync(join(tmpdir(), "symgrad-cache-"));
  const file = join(dir, "bundle.cjs");
  writeFileSync(file, source);
  return { file, url: pathToFileURL(file), cache: `${file}.cache` };
}

describe("runCached", () => {
  it("runs the bundle, writes its cache after the first run and uses it after", () => {
    const { url, cache } = bundleIn(bundleSource("one"));
    runs().length = 0;
    expect(ran(url)).toEqual({ cacheUsed: false, cacheWritten: true });
    expect(existsSync(cache)).toBe(true);
    expect(ran(url)).toEqual({ cacheUsed: true, cacheWritten: false });
    expect(runs()).toEqual(["one:bundle.cjs", "one:bundle.cjs"]);
  });

  it("ignores the cache of another bundle of the same length, which V8 alone would take", () => {
    const { file, url, cache } = bundleIn(bundleSource("old"));
    ran(url);
    const oldCache = readFileSync(cache);
    writeFileSync(file, bundleSource("new"));
    runs().length = 0;
    expect(ran(url)).toEqual({ cacheUsed: false, cacheWritten: true });
    expect(runs()).toEqual(["new:bundle.cjs"]);
    // the cache file holds the bundle it was made from, after an 8-byte header
    expect(
      readFileSync(cache)
        .subarray(8, 8 + bundleSource("new").length)
        .toString(),
    ).toBe(bundleSource("new"));
    expect(readFileSync(cache).equals(oldCache)).toBe(false);
  });

  it("runs without a damaged cache and writes a good one", () => {
    const source = bundleSource("damaged");
    const { url, cache } = bundleIn(source);
    ran(url);
    const good = readFileSync(cache);
    const damaged = Buffer.from(good);
    damaged.fill(7, damaged.length - 300, damaged.length - 100); // in the cache, past the bundle's copy
    writeFileSync(cache, damaged);
    runs().length = 0;
    expect(ran(url)).toEqual({ cacheUsed: false, cacheWritten: true });
    expect(runs()).toEqual(["damaged:bundle.cjs"]);
    expect(ran(url).cacheUsed).toBe(true);
  });

  it("runs when the cache cannot be written, and leaves no temporary file", () => {
    const { file, url, cache } = bundleIn(bundleSource("unwritable"));
    mkdirSync(cache); // a directory where the cache would go: it can be neither read nor replaced
    runs().length = 0;
    expect(ran(url)).toEqual({ cacheUsed: false, cacheWritten: false });
    expect(runs()).toEqual(["unwritable:bundle.cjs"]);
    expect(existsSync(`${file}.cache.${process.pid}.tmp`)).toBe(false);
  });

  it("returns the bundle's exports, and writes the cache when told, after the bundle's work", async () => {
    const source = `${bundleSource("later")}\nexports.done = new Promise((resolve) => setTimeout(() => resolve(f3(2)), 5));`;
    const { url, cache } = bundleIn(source);
    runs().length = 0;
    const first = runCached(url);
    expect(await (first.exports as { done: Promise<number> }).done).toBe(7);
    expect(existsSync(cache)).toBe(false);
    expect(first.writeCache()).toBe(true);
    const second = runCached(url);
    expect(second.cacheUsed).toBe(true);
    expect(second.writeCache()).toBe(false);
    expect(await (second.exports as { done: Promise<number> }).done).toBe(7);
    expect(runs()).toEqual(["later:bundle.cjs", "later:bundle.cjs"]);
  });
});

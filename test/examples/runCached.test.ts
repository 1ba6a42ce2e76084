/**
 * `npm start` runs the seed's bundle with V8's code cache (examples/runCached.ts). The cache must never
 * change what runs: a cache of another bundle, a damaged one, or one that cannot be written leaves a plain
 * run; and the whole `node dist/examples/seed.js` prints what the seed's functions give, cached or not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCached } from "../../examples/runCached.js";
import { derivatives, handGradientTable, linearRegressionTable } from "../../examples/seed.js";

/** What the bundles below leave behind: each run pushes its value. */
const RUNS = Symbol.for("symgrad.test.runCached");
type Runs = { [RUNS]?: string[] };
const runs = () => ((globalThis as Runs)[RUNS] ??= []);

/** A CommonJS bundle that records `value` and the file it ran as (through `require` and `__filename`). */
const bundleSource = (value: string) =>
  `globalThis[Symbol.for("symgrad.test.runCached")].push(${JSON.stringify(value)} + ":" + require("node:path").basename(__filename) + (this === module.exports ? "" : " (this is not exports)"));\n` +
  // enough functions for a cache worth the name
  Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + 1; }\nf${i}(${i});`).join("\n");

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
    expect(runCached(url)).toEqual({ cacheUsed: false, cacheWritten: true });
    expect(existsSync(cache)).toBe(true);
    expect(runCached(url)).toEqual({ cacheUsed: true, cacheWritten: false });
    expect(runs()).toEqual(["one:bundle.cjs", "one:bundle.cjs"]);
  });

  it("ignores the cache of another bundle of the same length, which V8 alone would take", () => {
    const { file, url, cache } = bundleIn(bundleSource("old"));
    runCached(url);
    const oldCache = readFileSync(cache);
    writeFileSync(file, bundleSource("new"));
    runs().length = 0;
    expect(runCached(url)).toEqual({ cacheUsed: false, cacheWritten: true });
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
    runCached(url);
    const good = readFileSync(cache);
    const damaged = Buffer.from(good);
    damaged.fill(7, damaged.length - 300, damaged.length - 100); // in the cache, past the bundle's copy
    writeFileSync(cache, damaged);
    runs().length = 0;
    expect(runCached(url)).toEqual({ cacheUsed: false, cacheWritten: true });
    expect(runs()).toEqual(["damaged:bundle.cjs"]);
    expect(runCached(url).cacheUsed).toBe(true);
  });

  it("runs when the cache cannot be written, and leaves no temporary file", () => {
    const { file, url, cache } = bundleIn(bundleSource("unwritable"));
    mkdirSync(cache); // a directory where the cache would go: it can be neither read nor replaced
    runs().length = 0;
    expect(runCached(url)).toEqual({ cacheUsed: false, cacheWritten: false });
    expect(runs()).toEqual(["unwritable:bundle.cjs"]);
    expect(existsSync(`${file}.cache.${process.pid}.tmp`)).toBe(false);
  });
});

describe("node dist/examples/seed.js", () => {
  const seed = new URL("../../dist/examples/seed.js", import.meta.url);
  const expected = [
    "Linear regression y = W*x + b, plain SGD (lr 0.01), as in the tutorial:",
    "",
    ...linearRegressionTable(),
    "",
    "Gradient descent on W with the tutorial's hand-written gradient (lr 0.05):",
    "",
    ...handGradientTable(),
    "",
    ...derivatives(),
    "",
  ].join("\n");

  it.runIf(existsSync(seed))(
    "prints the seed's tables and derivatives, before and after its cache is written",
    () => {
      for (let run = 0; run < 2; run++) {
        const { stdout, stderr, status } = spawnSync(process.execPath, [seed.pathname], { encoding: "utf8" });
        expect({ stdout, stderr, status }).toEqual({ stdout: expected, stderr: "", status: 0 });
      }
      expect(existsSync(new URL("seed.bundle.cjs.cache", seed))).toBe(true);
    },
    30_000,
  );

  it.runIf(existsSync(seed))(
    "prints the same without WebAssembly (node --jitless), without the cache",
    () => {
      const { stdout, status } = spawnSync(process.execPath, ["--jitless", seed.pathname], {
        encoding: "utf8",
      });
      expect({ stdout, status }).toEqual({ stdout: expected, status: 0 });
    },
    30_000,
  );

  it("is not overwritten by tsc: the build leaves examples/seed.ts to the bundler", () => {
    const tsc = fileURLToPath(new URL("../../node_modules/.bin/tsc", import.meta.url));
    const files = spawnSync(tsc, ["-p", "tsconfig.build.json", "--listFilesOnly"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      encoding: "utf8",
    }).stdout.split("\n");
    expect(files.some((file) => file.endsWith("/examples/runCached.ts"))).toBe(true);
    expect(files.some((file) => file.endsWith("/examples/seed.ts"))).toBe(false);
  }, 30_000);
});

/**
 * `npm start` runs the seed's bundle with V8's code cache (src/cli/runCached.ts, rolldown.config.mjs): the
 * whole `node dist/examples/seed.js` prints what the seed's functions give, cached or not, with or without
 * WebAssembly; and `tsc` alone does not overwrite its loader.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { derivatives, handGradientTable, linearRegressionTable } from "../../examples/seed.js";

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
      let written: { bytes: Buffer; time: number } | undefined;
      const cache = new URL("seed.bundle.cjs.cache", seed);
      rmSync(cache, { force: true });
      for (let run = 0; run < 2; run++) {
        const { stdout, stderr, status } = spawnSync(process.execPath, [seed.pathname], { encoding: "utf8" });
        expect({ stdout, stderr, status }).toEqual({ stdout: expected, stderr: "", status: 0 });
        // written by the first run, taken (not written again) by the second
        if (run === 0) written = { bytes: readFileSync(cache), time: statSync(cache).mtimeMs };
      }
      expect(statSync(cache).mtimeMs).toBe(written!.time);
      expect(readFileSync(cache).equals(written!.bytes)).toBe(true);
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

  it("is not overwritten by tsc: the build leaves examples/seed.ts and src/cli/cachedWorker.ts to the bundler", () => {
    const tsc = fileURLToPath(new URL("../../node_modules/.bin/tsc", import.meta.url));
    const files = spawnSync(tsc, ["-p", "tsconfig.build.json", "--listFilesOnly"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      encoding: "utf8",
    }).stdout.split("\n");
    expect(files.some((file) => file.endsWith("/examples/api.ts"))).toBe(true);
    expect(files.some((file) => file.endsWith("/src/cli/commandThread.ts"))).toBe(true);
    // the modules that rolldown.config.mjs bundles into a loader: tsc would write a plain one in its place
    expect(files.some((file) => file.endsWith("/examples/seed.ts"))).toBe(false);
    expect(files.some((file) => file.endsWith("/src/cli/cachedWorker.ts"))).toBe(false);
  }, 30_000);
});

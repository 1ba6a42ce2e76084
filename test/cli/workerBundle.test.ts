/**
 * The built CLI runs its fitting commands in a worker made of one bundle with V8's code cache
 * (src/cli/cachedWorker.ts, rolldown.config.mjs), where `npm run build` made it and it is newer than the
 * modules. It must print what the worker made of the modules prints, before and after its cache is written,
 * and load the packages a plot needs (a function taken from a code cache cannot `import()` by itself).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, "dist/src/cli/commandWorker.bundle.cjs");
const symgrad = (args: readonly string[], cwd = root) =>
  spawnSync(process.execPath, [join(root, "bin/symgrad.js"), ...args], { cwd, encoding: "utf8" });
const SEED_RUN = ["run", "examples/seed.sg", "--lr", "0.01", "--epochs", "2000", "--every", "100"];

describe.runIf(existsSync(bundle))("the bundled worker", () => {
  it("prints what the modules print, before and after its cache is written", () => {
    rmSync(`${bundle}.cache`, { force: true });
    const uncached = symgrad(SEED_RUN);
    expect(existsSync(`${bundle}.cache`)).toBe(true);
    const cached = symgrad(SEED_RUN);
    // a bundle older than the modules (a build by tsc alone) is not run: the worker is the modules
    const { atime, mtime } = statSync(bundle);
    let plain: ReturnType<typeof symgrad>;
    try {
      utimesSync(bundle, atime, new Date(0));
      plain = symgrad(SEED_RUN);
    } finally {
      utimesSync(bundle, atime, mtime);
    }
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain("Epoch 2000/2000");
    for (const run of [uncached, cached])
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        status: 0,
        stdout: plain.stdout,
        stderr: plain.stderr,
      });
  }, 60_000);

  it("draws a plot, loading vega from node_modules", () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-worker-"));
    const out = join(dir, "contour.svg");
    for (let run = 0; run < 2; run++) {
      const { status, stderr } = symgrad([
        "plot",
        "examples/seed.sg",
        "--kind",
        "contour",
        "--params",
        "W,b",
        "--epochs",
        "50",
        "--out",
        out,
      ]);
      expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
      expect(readFileSync(out, "utf8")).toMatch(/^<svg/);
    }
  }, 60_000);
});

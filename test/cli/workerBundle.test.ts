/**
 * The built CLI runs its fitting commands in a worker made of one bundle with V8's code cache
 * (src/cli/cachedWorker.ts, rolldown.config.mjs), where `npm run build` made it and it is newer than the
 * modules. It must print what the worker made of the modules prints, before and after its cache is written,
 * keep one cache per command, written only after a run that ended well, and load the packages a plot needs
 * (a function taken from a code cache cannot `import()` by itself).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundle = join(root, "dist/src/cli/commandWorker.bundle.cjs");
const cacheOf = (command: string) => `${bundle}.${command}.cache`;
const symgrad = (args: readonly string[]) =>
  spawnSync(process.execPath, [join(root, "bin/symgrad.js"), ...args], { cwd: root, encoding: "utf8" });
const SEED_RUN = ["run", "examples/seed.sg", "--lr", "0.01", "--epochs", "2000", "--every", "100"];

describe.runIf(existsSync(bundle))("the bundled worker", () => {
  it("prints what the modules print, before and after its cache is written", () => {
    rmSync(cacheOf("run"), { force: true });
    const uncached = symgrad(SEED_RUN);
    const written = readFileSync(cacheOf("run"));
    const { mtimeMs } = statSync(cacheOf("run"));
    const cached = symgrad(SEED_RUN);
    // taken, not written again
    expect(statSync(cacheOf("run")).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(cacheOf("run")).equals(written)).toBe(true);
    // a bundle older than the modules (a build by tsc alone) is not run: the worker is the modules, and
    // writes no cache
    rmSync(cacheOf("run"));
    const { atimeMs, mtimeMs: built } = statSync(bundle);
    let plain: ReturnType<typeof symgrad>;
    let cacheAfterPlain: boolean;
    try {
      utimesSync(bundle, atimeMs / 1000, 0);
      plain = symgrad(SEED_RUN);
      cacheAfterPlain = existsSync(cacheOf("run"));
    } finally {
      utimesSync(bundle, atimeMs / 1000, built / 1000);
    }
    expect(cacheAfterPlain).toBe(false);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain("Epoch 2000/2000");
    for (const run of [uncached, cached])
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        status: 0,
        stdout: plain.stdout,
        stderr: plain.stderr,
      });
  }, 60_000);

  it("writes a command's cache only after a run that ended well", () => {
    rmSync(cacheOf("minimize"), { force: true });
    const mistake = symgrad(["minimize", "log(x", "--init", "x=1"]);
    expect(mistake.status).toBe(2);
    expect(existsSync(cacheOf("minimize"))).toBe(false);
    const fit = symgrad(["minimize", "(1 - a)^2", "--init", "a=0"]);
    expect(fit.status).toBe(0);
    expect(existsSync(cacheOf("minimize"))).toBe(true);
  }, 60_000);

  it("draws a plot as SVG and PNG, loading vega and resvg from node_modules, cached or not", () => {
    rmSync(cacheOf("plot"), { force: true });
    const dir = mkdtempSync(join(tmpdir(), "symgrad-worker-"));
    for (let run = 0; run < 2; run++)
      for (const format of ["svg", "png"]) {
        const out = join(dir, `contour${run}.${format}`);
        const args = ["plot", "examples/seed.sg", "--kind", "contour", "--params", "W,b", "--epochs", "50"];
        const { status, stderr } = symgrad([...args, "--out", out]);
        expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
        const head = readFileSync(out).subarray(0, 8);
        expect(format === "svg" ? head.toString().startsWith("<svg") : head.toString("latin1")).toBe(
          format === "svg" ? true : "\x89PNG\r\n\x1a\n",
        );
      }
    expect(existsSync(cacheOf("plot"))).toBe(true);
  }, 60_000);
});

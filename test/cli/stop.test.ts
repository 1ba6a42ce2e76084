/**
 * Stopping a fit early: Ctrl-C keeps the result (the usual summary, status `interrupted`, exit status 130),
 * and a reader that closes the pipe (`| head -2`) ends the computation at once. In-process runs check what
 * the command does when asked to stop; the built command checks that a real SIGINT and a real closed pipe
 * reach a fit that is busy computing.
 */
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { start, symgrad } from "./run.js";

const LONG = ["(W - 1)^2 + (b + 2)^2", "--lr", "1e-9", "--epochs", "1000000000"];

describe("Ctrl-C during a fit", () => {
  it("stops at the current iterate and prints the summary with status interrupted, exit status 130", async () => {
    const run = await symgrad(
      ["minimize", "(W - 1)^2", "--lr", "0.001", "--epochs", "2000000", "--every", "1"],
      undefined,
      {},
      {
        stopRequested: (stdout) => (stdout.split("\n").length > 3 ? "interrupt" : undefined),
      },
    );
    expect(run.status).toBe(130);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 3).every((l) => l.startsWith("Epoch "))).toBe(true);
    expect(lines[3]).toMatch(/^gd: Interrupted \(Ctrl-C\) at iteration 4; /);
    // the parameters of iteration 4: four steps of W ← W − 0.001·2(W − 1) from 0
    const w = Number(/^W = (.*)$/m.exec(run.stdout)![1]);
    expect(w).toBeCloseTo(1 - (1 - 0.002) ** 4, 12);
    expect(run.stdout).toMatch(/^cost = /m);
    expect(run.stdout).toMatch(/^4 iterations, /m);
  });

  it("reports status interrupted in --json", async () => {
    let asked = 0;
    const run = await symgrad(
      ["minimize", "(W - 1)^2", "--lr", "0.001", "--epochs", "2000000", "--json"],
      undefined,
      {},
      {
        stopRequested: () => (++asked > 10 ? "interrupt" : undefined),
      },
    );
    expect(run.status).toBe(130);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe("interrupted");
    expect(result.iterations).toBe(10);
  });

  it("plot draws the run so far", async () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-"));
    let asked = 0;
    const run = await symgrad(
      ["plot", "(W - 1)^2", "--lr", "0.001", "--epochs", "2000000", "--out", "cost.svg"],
      dir,
      {},
      { stopRequested: () => (++asked > 7 ? "interrupt" : undefined) },
    );
    expect([run.status, run.stdout]).toEqual([
      130,
      "wrote cost.svg (cost, the run interrupted (Ctrl-C) at iteration 7)\n",
    ]);
    expect(readFileSync(join(dir, "cost.svg"), "utf8")).toMatch(/^<svg/);
  });

  it("reaches the built command while it computes, and the summary is printed", async () => {
    const { child, exited, output } = start(["minimize", ...LONG, "--every", "100000"]);
    while (!output().includes("Epoch")) await once(child.stdout, "data");
    child.kill("SIGINT");
    const { status, signal, stdout, stderr } = await exited;
    expect({ status, signal, stderr }).toEqual({ status: 130, signal: null, stderr: "" });
    expect(stdout).toMatch(/^gd: Interrupted \(Ctrl-C\) at iteration \d+; /m);
    expect(stdout).toMatch(/^W = \S+\nb = \S+\ncost = \S+\n\d+ iterations, /m);
  });
});

describe("a closed output pipe", () => {
  it("stops the run at the next iteration, quietly", async () => {
    let asked = 0;
    const run = await symgrad(
      ["minimize", "(W - 1)^2", "--lr", "0.001", "--epochs", "2000000", "--every", "1"],
      undefined,
      {},
      {
        stopRequested: () => (++asked > 5 ? "closed" : undefined),
      },
    );
    expect(run.status).toBe(0);
    expect(asked).toBe(6);
    expect(run.stdout.split("\n")).toHaveLength(5); // the four lines printed before, and no summary
  });

  it("ends the built command when its reader goes away (| head -2)", async () => {
    const { child, exited, output } = start(["minimize", ...LONG, "--every", "1"]);
    while (output().split("\n").length < 3) await once(child.stdout, "data");
    child.stdout.destroy();
    const { status, signal, stderr } = await exited;
    expect({ status, signal, stderr }).toEqual({ status: 0, signal: null, stderr: "" });
  });
});

/**
 * Where output goes: a missing folder or a full disk is one line and exit status 1, found before a long fit
 * when it is a file named by a flag; and --json of millions of iterates is written in pieces, never as one
 * string too long for JavaScript.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeResultJson } from "../../src/cli/resultJson.js";
import { bin, symgrad } from "./run.js";

const FIT = ["(W - 1)^2", "--lr", "0.001", "--epochs", "300000"];

describe("an output file that cannot be written", () => {
  for (const [command, flag] of [
    ["minimize", "--plot"],
    ["plot", "--out"],
  ] as const) {
    it(`${command} ${flag} into a missing folder: one line, exit status 1, before the fit starts`, async () => {
      let iterations = 0;
      const run = await symgrad(
        [command, ...FIT, flag, "/no/such/dir/p.svg"],
        undefined,
        {},
        {
          stopRequested: () => void iterations++,
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `error: cannot write '/no/such/dir/p.svg' (${flag}): there is no folder '/no/such/dir'\n`,
      );
      expect(run.stdout).toBe("");
      expect(iterations).toBe(0);
    });
  }

  it("a folder where a file should go", async () => {
    const run = await symgrad(["minimize", "x^2", "--plot", "."]);
    expect([run.status, run.stderr]).toEqual([1, "error: cannot write '.' (--plot): it is a folder\n"]);
  });

  it.skipIf(!existsSync("/dev/full"))(
    "standard output on a full disk (> /dev/full): one line, exit status 1",
    () => {
      for (const command of [`"${bin}" minimize "x^2"`, `"${bin}" format "x^2"`]) {
        const run = spawnSync("sh", ["-c", `node ${command} > /dev/full`], { encoding: "utf8" });
        expect([run.status, run.stderr], command).toEqual([
          1,
          "error: cannot write the output: no space left on the device\n",
        ]);
      }
    },
  );
});

describe("--json with a long history", () => {
  it("writes the history in pieces that together are the one JSON document", async () => {
    const run = await symgrad([
      "minimize",
      "(W - 1)^2",
      "--lr",
      "0.001",
      "--epochs",
      "20000",
      "--every",
      "1",
      "--json",
    ]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    // --epochs N takes N + 1 steps: iterates 0 to N + 1, each recorded
    expect(result.history).toHaveLength(20002);
    expect(result.history[20001]).toEqual({
      iteration: 20001,
      cost: result.cost,
      gradientNorm: result.gradientNorm,
      params: result.params,
    });
    expect(Math.max(...run.writes.map((w) => w.length))).toBeLessThan(1e6);
  });

  it("writes exactly what JSON.stringify writes", () => {
    const entry = fc.record({
      iteration: fc.nat(),
      cost: fc.double({ noNaN: true, noDefaultInfinity: true }),
      params: fc.dictionary(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    });
    const result = fc.record({
      message: fc.string(),
      history: fc.option(fc.array(entry, { maxLength: 5000 }), { nil: undefined }),
      status: fc.string(),
    });
    fc.assert(
      fc.property(result, (r) => {
        const writes: string[] = [];
        writeResultJson(r, (t) => writes.push(t));
        expect(writes.join("")).toBe(`${JSON.stringify(r, null, 2)}\n`);
      }),
      { numRuns: 60 },
    );
  });
});

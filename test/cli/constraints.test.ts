/**
 * `--subject-to` and `subject to` on the command line: constraints printed after the parameters with their
 * multipliers, --json carrying them, infeasible problems exiting 1 with the most violated constraint, and
 * the user's mistakes exiting 2 with a caret and no stack trace.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { symgrad } from "./run.js";

describe("symgrad minimize --subject-to", () => {
  it("projects (2, 1) onto x1 + x2 <= 1: (1, 0) with multiplier 2, the bound x1 >= 0 inactive", async () => {
    const run = await symgrad([
      "minimize",
      "(x1 - 2)^2 + (x2 - 1)^2",
      "--subject-to",
      "x1 + x2 <= 1",
      "--subject-to",
      "x1 >= 0",
      "--json",
    ]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe("optimal");
    expect(result.params.x1).toBeCloseTo(1, 6);
    expect(result.params.x2).toBeCloseTo(0, 6);
    expect(result.constraints.map((c: { text: string }) => c.text)).toEqual(["x1 + x2 <= 1", "x1 >= 0"]);
    expect(result.constraints[0].multiplier).toBeCloseTo(2, 5);
    expect(result.constraints[1]).toEqual({
      text: "x1 >= 0",
      value: result.params.x1,
      violation: 0,
      multiplier: 0,
      active: false,
    });
    expect(result.maxViolation).toBeLessThanOrEqual(1e-6);
  });

  it("prints each constraint after the parameters", async () => {
    const run = await symgrad(["minimize", "(W - 4)^2", "--subject-to", "2*W <= 5", "--quiet"]);
    expect(run.stdout).toBe(
      "W = 2.5\ncost = 2.25\nsubject to\n  2*W <= 5: active, lhs - rhs = 0, multiplier = 1.5\nmax violation = 0\n",
    );
  });

  it("says a problem is infeasible, naming the most violated constraint, and exits 1", async () => {
    const run = await symgrad([
      "minimize",
      "x1^2 + x2^2",
      "--subject-to",
      "x1 + x2 >= 3",
      "--subject-to",
      "x1 + x2 <= 1",
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^lbfgs: Infeasible: .*smallest violation found is 1(\.\d+)?, of 'x1 \+ x2 >= 3'/,
    );
  });

  it("adds to a program's own constraints in symgrad run", async () => {
    const run = await symgrad([
      "run",
      "test/optimize/hock-schittkowski/hs071.sg",
      "--subject-to",
      "x4 >= 1.5",
      "--json",
    ]);
    const result = JSON.parse(run.stdout);
    expect(result.constraints.at(-1).text).toBe("x4 >= 1.5");
    expect(result.params.x4).toBeGreaterThanOrEqual(1.5);
    expect(result.cost).toBeGreaterThan(17.0140172); // a tighter feasible set cannot cost less
  });
});

describe("constraint mistakes exit 2", () => {
  it.each([
    [
      ["--subject-to", "x1 + x2 < 1"],
      "error: Line 1, col 9: a strict '<' cannot be told apart from '<=' by a numerical optimizer; write '<='\n  x1 + x2 < 1\n          ^\n",
    ],
    [
      ["--subject-to", "x1 + x2"],
      "error: Line 1, col 1: 'x1 + x2' is not a comparison; a constraint reads lhs <= rhs, lhs >= rhs or lhs == rhs\n  x1 + x2\n  ^^^^^^^\n",
    ],
    [
      ["--subject-to", "x1 <= 1", "--method", "bfgs"],
      "error: method 'bfgs' cannot take constraints; use 'lbfgs', which runs L-BFGS-B inside an augmented Lagrangian\n",
    ],
  ])("%j", async (flags, stderr) => {
    const run = await symgrad(["minimize", "x1^2 + x2^2", ...flags]);
    expect([run.status, run.stderr]).toEqual([2, stderr]);
  });
});

describe("--subject-to with --csv", () => {
  it("reads the columns a constraint uses, even when the cost does not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-"));
    writeFileSync(join(dir, "points.csv"), "x,y,z\n1,1,1\n2,2,2\n3,3,3\n");
    const run = await symgrad(
      ["minimize", "mean((W*x - y)^2)", "--csv", "points.csv", "--subject-to", "mean(W*z) <= 1.5", "--json"],
      dir,
    );
    expect(run.stderr).toBe("");
    // mean(z) = 2, so W ≤ 0.75, a bound the unconstrained fit W = 1 presses against.
    expect(JSON.parse(run.stdout).params.W).toBe(0.75);
  });
});

/** `symgrad minimize --stats`: the regression summary after the fit; `--json` carries the statistics. */
import { describe, expect, it } from "vitest";
import { symgrad } from "./run.js";

const fit = ["minimize", "sum((W*x + b - y)^2)", "--data", "x=1,2,3,4", "--data", "y=1.1,1.9,3.2,3.9"];

describe("symgrad minimize --stats", () => {
  it("prints estimates, standard errors and intervals from σ²(XᵀX)⁻¹", async () => {
    const run = await symgrad([...fit, "--stats", "--quiet"]);
    expect(run.status).toBe(0);
    // OLS by hand: XᵀX = [[30, 10], [10, 4]], RSS = 0.063 on 2 dof: var(W) = 0.0315·4/20, var(b) = 0.0315·30/20
    expect(run.stdout).toContain(`W  0.97      ${Math.sqrt((0.0315 * 4) / 20).toPrecision(4)}`);
    expect(run.stdout).toContain(`b  0.1       ${Math.sqrt((0.0315 * 30) / 20).toPrecision(4)}`);
    expect(run.stdout).toContain("on 2 degrees of freedom");
    expect(run.stdout).toMatch(/Hessian: smallest eigenvalue \S+, condition number \S+/);
  });

  it("includes the statistics in --json", async () => {
    const run = await symgrad([...fit, "--json"]);
    const result = JSON.parse(run.stdout);
    expect(result.statistics.dof).toBe(2);
    expect(result.statistics.standardErrors.W).toBeCloseTo(Math.sqrt((0.0315 * 4) / 20), 12);
    expect(result.unidentified).toEqual([]);
  });
});

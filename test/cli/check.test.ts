/** `symgrad check`: exit 0 for a right claim, 1 for a wrong one, 2 for usage and parse errors. */
import { describe, expect, it } from "vitest";
import { symgrad } from "./run.js";

const seed = ["mean((W*x - y)^2)", "--data", "x=1,2,3", "--data", "y=1,2,3", "--wrt", "W"];

describe("symgrad check", () => {
  it("exits 0 for the right derivative and 1 for the seed's, with the factor explained", async () => {
    const right = await symgrad(["check", ...seed, "--claim", "mean(2*(W*x - y)*x)"]);
    expect(right.status).toBe(0);
    expect(right.stdout).toMatch(/^right: /);
    const wrong = await symgrad(["check", ...seed, "--claim", "sum((W*x - y)*x)"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toMatch(/^wrong: the claim is 3\/2 times the derivative/);
  });

  it("exits 2 for usage and parse errors", async () => {
    for (const argv of [
      ["check", ...seed],
      ["check", ...seed, "--claim", "2*(W*x"],
      ["check", ...seed, "--claim", "q*W"],
      ["check", ...seed, "--claim", "W", "--wrt", "b"],
    ]) {
      const run = await symgrad(argv);
      expect(run.status, argv.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
    }
  });

  it("prints the checks as JSON", async () => {
    const run = await symgrad(["check", ...seed, "--claim", "sum((W*x - y)*x)", "--json"]);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.correct).toBe(false);
    expect(parsed.checks[0]).toMatchObject({
      name: "W",
      verdict: "factor",
      derivative: "mean(2*(W*x - y)*x)",
    });
  });
});

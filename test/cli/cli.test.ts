import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { symgrad } from "./run.js";

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);

describe("symgrad format", () => {
  it("prints the normalized formula and its LaTeX", async () => {
    expect((await symgrad(["format", "mean((W*x+b - y)^2)"])).stdout).toBe("mean((W*x + b - y)^2)\n");
    const latex = await symgrad(["format", "mean((W*x+b - y)^2)", "--latex"]);
    expect(latex.stdout).toBe("\\frac{1}{n}\\sum_{i=1}^{n} \\left(W x^{(i)} + b - y^{(i)}\\right)^{2}\n");
  });

  it("prints a formatted error with a caret and exits with 2", async () => {
    const run = await symgrad(["format", "2x + 1"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "error: Line 1, col 2: expected an operator between '2' and 'x'; write 2*x to multiply\n  2x + 1\n   ^\n",
    );
  });
});

describe("symgrad diff", () => {
  it("prints the seed's gradient, one line per parameter", async () => {
    const run = await symgrad(["diff", "mean((W*x+b - y)^2)", "--wrt", "W,b"]);
    expect(run.stdout).toBe("d/dW = mean(2*(W*x + b - y)*x)\nd/db = mean(2*(W*x + b - y))\n");
  });

  it("takes x and y inside reductions as data when --wrt is left out", async () => {
    const run = await symgrad(["diff", "mean((W*x+b - y)^2)"]);
    expect(run.stdout.split("\n")[0]).toBe("d/dW = mean(2*(W*x + b - y)*x)");
    expect((await symgrad(["diff", "sin(x)"])).stdout).toBe("d/dx = cos(x)\n");
  });

  it("prints LaTeX in the seed's notation", async () => {
    const run = await symgrad(["diff", "mean((W*x+b - y)^2)", "--wrt", "W,b", "--latex"]);
    expect(run.stdout.split("\n")[0]).toBe(
      "\\frac{\\partial f}{\\partial W} = \\frac{1}{n}\\sum_{i=1}^{n} 2 \\left(W x^{(i)} + b - y^{(i)}\\right) x^{(i)}",
    );
  });

  it("prints JSON whose strings are formulas, with the Hessian", async () => {
    const run = await symgrad(["diff", "(1 - a)^2 + 100*(b - a^2)^2", "--hessian", "--json"]);
    const json = JSON.parse(run.stdout);
    expect(json.formula).toBe("(1 - a)^2 + 100*(b - a^2)^2");
    expect(Object.keys(json.gradient)).toEqual(["a", "b"]);
    expect(json.gradient.b).toBe("200*(b - a^2)");
    expect(json.hessian.a.b).toBe("-400*a");
    expect(json.hessian.b.a).toBe(json.hessian.a.b);
    expect(json.hessian.b.b).toBe("200");
  });

  it("names shared subexpressions with --share", async () => {
    const run = await symgrad(["diff", "exp(sin(x))^2 + exp(sin(x))", "--share"]);
    expect(run.stdout).toMatch(/^t1 = exp\(sin\(x\)\)\n/);
    expect(run.stdout).toMatch(/d\/dx = .*t1/);
  });

  it("says which flag was meant", async () => {
    const run = await symgrad(["diff", "x^2", "--wrtt", "x"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown flag '--wrtt' for 'symgrad diff'; did you mean '--wrt'?");
  });
});

describe("symgrad minimize", () => {
  it("finds the Rosenbrock minimum (1, 1) by default (Levenberg–Marquardt, as for every sum of squares)", async () => {
    const run = await symgrad(["minimize", "(1 - a)^2 + 100*(b - a^2)^2", "--init", "a=-1.2,b=1", "--json"]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.method).toBe("lm");
    expect(result.converged).toBe(true);
    expect(result.params.a).toBeCloseTo(1, 8);
    expect(result.params.b).toBeCloseTo(1, 8);
    for (const field of ["cost", "gradientNorm", "iterations", "evaluations", "message"])
      expect(result).toHaveProperty(field);
  });

  it("prints the seed's table with --data and plain gradient descent", async () => {
    const run = await symgrad([
      "minimize",
      "mean((W*x + b - y)^2)",
      "--data",
      "x=1,2,3",
      "--data",
      "y=1,2,3",
      "--init",
      "W=0,b=0",
      "--lr",
      "0.01",
      "--epochs",
      "2000",
      "--every",
      "1000",
    ]);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      "Epoch    0/2000 W: 0.093, b: 0.040 Cost: 4.666667",
      "Epoch 1000/2000 W: 0.985, b: 0.033 Cost: 0.000158",
      "Epoch 2000/2000 W: 0.999, b: 0.003 Cost: 0.000001",
    ]);
  });

  it("fits a CSV file, and reports a bad cell by row and column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-"));
    writeFileSync(join(dir, "points.csv"), "x,y\n1,3\n2,5\n3,7\n4,9\n");
    const run = await symgrad(["minimize", "mean((W*x + b - y)^2)", "--csv", "points.csv", "--json"], dir);
    const result = JSON.parse(run.stdout);
    expect(result.params.W).toBeCloseTo(2, 6);
    expect(result.params.b).toBeCloseTo(1, 6);
    writeFileSync(join(dir, "bad.csv"), "x,y\n1,3\n2,abc\n");
    const bad = await symgrad(["minimize", "mean((W*x + b - y)^2)", "--csv", "bad.csv"], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("bad.csv");
    expect(bad.stderr).toContain("line 3");
    expect(bad.stderr).toContain('"y"');
    noStackTrace(bad.stderr);
  });

  it("reports NaN with the iteration and the parameter, and suggests a smaller learning rate", async () => {
    const run = await symgrad(["minimize", "(W - 3)^4", "--lr", "10", "--max-iter", "50"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/iteration \d+/);
    expect(run.stdout).toMatch(/\bW\b/);
    expect(run.stdout).toMatch(/smaller learning rate/);
  });

  it("selects every method from the command line", async () => {
    const methods = [
      "gd",
      "momentum",
      "nesterov",
      "adagrad",
      "rmsprop",
      "adam",
      "adamw",
      "lbfgs",
      "bfgs",
      "newton",
    ];
    for (const method of methods) {
      const step = ["lbfgs", "bfgs", "newton"].includes(method) ? [] : ["--lr", "0.1"];
      const cost = "(a - 2)^2 + (b + 1)^2";
      const run = await symgrad([
        "minimize",
        cost,
        "--method",
        method,
        ...step,
        "--max-iter",
        "3000",
        "--json",
      ]);
      expect(run.status, `${method}: ${run.stderr}`).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.method).toBe(method);
      expect(result.params.a, method).toBeCloseTo(2, 2);
      expect(result.params.b, method).toBeCloseTo(-1, 2);
    }
  });

  it("rejects a cost that is a column, pointing at the column", async () => {
    const run = await symgrad(["minimize", "(W*x - y)^2", "--data", "x=1,2", "--data", "y=1,2"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Line 1, col 4: 'x' is a data column");
  });
});

describe("symgrad run", () => {
  it("runs the seed program file", async () => {
    const run = await symgrad([
      "run",
      "examples/seed.sg",
      "--method",
      "gd",
      "--lr",
      "0.01",
      "--epochs",
      "2000",
      "--every",
      "2000",
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[1]).toBe("Epoch 2000/2000 W: 0.999, b: 0.003 Cost: 0.000001");
  });
});

describe("the installed command", () => {
  it("starts, and prints errors without a stack trace", () => {
    const bin = join(process.cwd(), "bin", "symgrad.js");
    expect(execFileSync("node", [bin, "format", "x+x"], { encoding: "utf8" })).toBe("x + x\n");
    const bad = spawnSync("node", [bin, "format", "(a + b"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'(' is never closed");
    noStackTrace(bad.stderr);
  });
});

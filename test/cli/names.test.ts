/**
 * Names on the command line are data, never keys that reach a prototype: columns named `__proto__`,
 * `constructor`, `toString` or `hasOwnProperty` fit like any other, from --data, a CSV header or a program.
 * A name that is a column's but for case or a typo is an error, not a silent parameter; diff says which names
 * it guessed; diff and format read program files; run takes --init.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { symgrad } from "./run.js";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"];

/** A fresh folder holding `files` (name → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "symgrad-names-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The `name = value` lines of a quiet run, as pairs. */
const result = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => line.split(" = "));

/** Checks a quiet run found W = 2 (to 12 digits) at a cost of (nearly) 0; a dropped column gives W = 0. */
function expectFit(stdout: string): void {
  const lines = result(stdout);
  expect(lines.map(([name]) => name)).toEqual(["W", "cost"]);
  expect(Number(lines[0]![1])).toBeCloseTo(2, 12);
  expect(Number(lines[1]![1])).toBeLessThan(1e-20);
}

describe("a column named like a property of Object.prototype", () => {
  // y = 2*c exactly, so the least-squares W is 2 and the cost 0; a dropped column would leave W = 0.
  for (const name of NAMES) {
    const cost = `mean((W*${name} - y)^2)`;

    it(`'${name}' from --data is a column`, async () => {
      const run = await symgrad([
        "minimize",
        cost,
        "--data",
        `${name}=1,2,3`,
        "--data",
        "y=2,4,6",
        "--quiet",
      ]);
      expect(run.stderr).toBe("");
      expectFit(run.stdout);
    });

    it(`'${name}' from a CSV header is a column`, async () => {
      const dir = folder({ "points.csv": `${name},y\n1,2\n2,4\n3,6\n` });
      const run = await symgrad(["minimize", cost, "--csv", "points.csv", "--quiet"], dir);
      expectFit(run.stdout);
    });

    it(`'${name}' declared in a program is a column, and a parameter of that name is fitted`, async () => {
      const dir = folder({
        "data.sg": `data ${name} = [1, 2, 3]\ndata y = [2, 4, 6]\nparam W = 0\nminimize ${cost}\n`,
        "param.sg": `param ${name} = 0\nminimize (${name} - 3)^2\n`,
      });
      expectFit((await symgrad(["run", "data.sg", "--quiet"], dir)).stdout);
      const json = JSON.parse((await symgrad(["run", "param.sg", "--json"], dir)).stdout);
      expect(Object.keys(json.params)).toEqual([name]);
      expect(json.params[name]).toBeCloseTo(3, 12);
    });
  }
});

describe("a parameter named like a property of Object.prototype in a plot", () => {
  for (const name of NAMES)
    it(`'${name}' not plotted is held at its starting value`, async () => {
      const dir = folder({});
      const run = await symgrad(
        ["plot", `(${name} - 1)^2 + (W - 2)^2`, "--param", "W", "--range", "-1,3", "--out", "w.svg"],
        dir,
      );
      expect(run.status).toBe(0);
      const svg = readFileSync(join(dir, "w.svg"), "utf8");
      expect(svg).toContain(`at ${name} = 0`);
    });
});

describe("a name that is almost a column", () => {
  it("is an error naming both, not a parameter fitted at a saddle", async () => {
    const dir = folder({ "points.csv": "X,y\n1,2\n2,4\n3,6\n" });
    const run = await symgrad(["minimize", "mean((W*x - y)^2)", "--csv", "points.csv"], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(
      "error: 'x' is not a data column; did you mean 'X'? To fit a parameter 'x', declare it with --params",
    );
  });

  it("catches a typo in a column given with --data", async () => {
    const run = await symgrad([
      "minimize",
      "mean((W*lable - y)^2)",
      "--data",
      "label=1,2,3",
      "--data",
      "y=2,4,6",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'lable' is not a data column; did you mean 'label'?");
  });

  it("is fitted when --params declares it", async () => {
    const dir = folder({ "points.csv": "X,y\n1,2\n2,4\n3,6\n" });
    const run = await symgrad(
      ["minimize", "(x - 1)^2 + mean((W*X - y)^2)", "--csv", "points.csv", "--params", "W,x", "--quiet"],
      dir,
    );
    expect(run.stderr).toBe("");
    expect(result(run.stdout).map(([name, value]) => [name, Number(value)])).toEqual([
      ["W", expect.closeTo(2, 8)],
      ["x", expect.closeTo(1, 8)],
      ["cost", expect.closeTo(0, 12)],
    ]);
  });

  it("leaves names alone that only resemble columns the cost uses", async () => {
    const run = await symgrad([
      "minimize",
      "mean((w1*x1 + w2*x2 - y)^2)",
      "--data",
      "x1=1,0,1",
      "--data",
      "x2=0,1,1",
      "--data",
      "y=1,2,3",
      "--quiet",
    ]);
    expect(run.stderr).toBe("");
    expect(result(run.stdout).map(([name, value]) => [name, Number(value)])).toEqual([
      ["w1", expect.closeTo(1, 8)],
      ["w2", expect.closeTo(2, 8)],
      ["cost", expect.closeTo(0, 12)],
    ]);
  });
});

describe("symgrad diff says what it took as data", () => {
  it("names the guessed data and parameters on stderr, after the result", async () => {
    const run = await symgrad(["diff", "mean((W*x + b - y)^2)"]);
    expect(run.stdout).toBe("d/dW = mean(2*(W*x + b - y)*x)\nd/db = mean(2*(W*x + b - y))\n");
    expect(run.stderr).toBe("note: took x, y as data and W, b as parameters; choose with --data and --wrt\n");
    expect((await symgrad(["diff", "mean((W*x + b - y)^2)", "--data", "x,y"])).stderr).toBe("");
  });

  it("takes a name given to --wrt as a parameter even where it would guess data", async () => {
    const run = await symgrad(["diff", "mean((W*x - y)^2)", "--wrt", "x"]);
    expect(run.stdout).toBe("d/dx = mean(2*(W*x - y)*W)\n");
  });

  it("refuses --wrt naming something that is not in the formula", async () => {
    const run = await symgrad(["diff", "mean((W*x + b - y)^2)", "--wrt", "W,Q"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(
      "error: --wrt names 'Q', which is not in the formula (its names: W, x, b, y)",
    );
  });
});

describe("program files in diff, format and run", () => {
  const program = [
    "data x = [1, 2, 3]",
    "data y = [2, 4, 6]",
    "param w = 0, b = 0",
    "h = w*x + b",
    "minimize mean((h - y)^2)",
    "",
  ].join("\n");

  it("diff differentiates the program's minimize by its declared parameters", async () => {
    const dir = folder({ "fit.sg": program });
    const run = await symgrad(["diff", "fit.sg"], dir);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("d/dw = mean(2*(w*x + b - y)*x)\nd/db = mean(2*(w*x + b - y))\n");
    const latex = await symgrad(["diff", "fit.sg", "--wrt", "b", "--latex"], dir);
    expect(latex.stdout).toBe(
      "\\frac{\\partial f}{\\partial b} = \\frac{1}{n}\\sum_{i=1}^{n} 2 \\left(w x^{(i)} + b - y^{(i)}\\right)\n",
    );
    const clash = await symgrad(["diff", "fit.sg", "--wrt", "x"], dir);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain("'x' is a data column");
  });

  it("diff reads the program's declarations, not the guess: a parameter named x is differentiated", async () => {
    const dir = folder({ "p.sg": "data t = [1, 2]\nparam x = 0\nminimize mean((x*t - 1)^2)\n" });
    expect((await symgrad(["diff", "p.sg"], dir)).stdout).toBe("d/dx = mean(2*(x*t - 1)*t)\n");
  });

  it("format prints the cost the program minimizes, its columns as data in LaTeX", async () => {
    const dir = folder({ "fit.sg": program });
    expect((await symgrad(["format", "fit.sg"], dir)).stdout).toBe("mean((w*x + b - y)^2)\n");
    expect((await symgrad(["format", "fit.sg", "--latex"], dir)).stdout).toBe(
      "\\frac{1}{n}\\sum_{i=1}^{n} \\left(w x^{(i)} + b - y^{(i)}\\right)^{2}\n",
    );
  });

  it("errors in a program given to diff or format point into the file", async () => {
    const dir = folder({ "bad.sg": "param w\nminimize w*q\n" });
    for (const command of ["diff", "format"]) {
      const run = await symgrad([command, "bad.sg"], dir);
      expect(run.status).toBe(2);
      expect(run.stderr.split("\n")[0]).toBe(
        "error: bad.sg: Line 2, col 12: 'q' is not defined; declare it with 'param q = 0' or 'data q = [...]'",
      );
    }
    expect((await symgrad(["diff", "missing.sg"], dir)).stderr).toContain(
      "cannot read the program file 'missing.sg'",
    );
  });

  it("run --init replaces the program's starting values", async () => {
    const dir = folder({ "fit.sg": program });
    // No iterations: the result is the starting point, cost mean((3*x + 1 - y)^2) = mean((x + 1)^2).
    const run = await symgrad(["run", "fit.sg", "--init", "w=3,b=1", "--max-iter", "0", "--quiet"], dir);
    expect(result(run.stdout)).toEqual([
      ["w", "3"],
      ["b", "1"],
      ["cost", String((4 + 9 + 16) / 3)],
    ]);
    const also = await symgrad(["minimize", "fit.sg", "--init", "b=1", "--max-iter", "0", "--quiet"], dir);
    expect(result(also.stdout)[1]).toEqual(["b", "1"]);
    const wrong = await symgrad(["run", "fit.sg", "--init", "x=1"], dir);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe("error: init names 'x', which is not a parameter (parameters: w, b)\n");
  });

  it("an error in a CSV file named by a program also points at the program's line", async () => {
    const dir = folder({
      "points.csv": "x,y\n1,2\n2,abc\n",
      "fit.sg": 'param w = 0\ndata x, y from "points.csv"\nminimize mean((w*x - y)^2)\n',
    });
    const run = await symgrad(["run", "fit.sg"], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      [
        'error: points.csv, line 3, column "y": "abc" is not a number',
        "fit.sg: Line 2, col 16: in the data file named here",
        '  data x, y from "points.csv"',
        "                 ^^^^^^^^^^^^",
        "",
      ].join("\n"),
    );
  });
});

describe("line endings", () => {
  it("a formula with CRLF line endings and a byte-order mark reads and reports as with LF", async () => {
    const lf = await symgrad(["format", "mean(x)\n+ q +\n* 2"]);
    expect(lf.stderr.split("\n")[0]).toBe(
      "error: Line 3, col 1: expected an operand after '+' but found '*'",
    );
    expect(await symgrad(["format", "\ufeffmean(x)\r\n+ q +\r\n* 2"])).toEqual(lf);
    expect((await symgrad(["format", "\ufeffmean(x)\r\n+ q"])).stdout).toBe("mean(x) + q\n");
  });

  it("a program and its CSV file written on Windows run as their LF twins", async () => {
    const dir = folder({
      "points.csv": "\ufeffx,y\r\n1,2\r\n2,4\r\n3,6\r\n",
      "fit.sg": '\ufeffdata x, y from "points.csv"\r\nparam W = 0\r\nminimize mean((W*x - y)^2)\r\n',
    });
    expectFit((await symgrad(["run", "fit.sg", "--quiet"], dir)).stdout);
  });
});

/**
 * Vectors and matrices from the command line, as numpy writes them: `--data X=[[…],[…]]` (a matrix by rows),
 * `--data X=x1,x2` with `--csv` (CSV columns as a matrix), `--init w=[…]`, `--params "W[4,3],b[3]"` for
 * minimize and for diff. Fits are checked against least squares solved here by the normal equations; every
 * mistake is an error with exit status 2 and no stack trace.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { splitOutsideBrackets } from "../../src/cli/shapedFlags.js";
import { readArray } from "../../src/data/index.js";
import { symgrad } from "./run.js";

// the course's multivariable regression (lab 4-1)
const X = [
  [73, 80, 75],
  [93, 88, 93],
  [89, 91, 90],
  [96, 98, 100],
  [73, 66, 70],
];
const y = [152, 185, 180, 196, 142];
const rowsText = (m: number[][]) => `[${m.map((r) => `[${r.join(",")}]`).join(",")}]`;

/** The solution of A z = r by Gaussian elimination with partial pivoting (A small and square). */
function solve(A: number[][], r: number[]): number[] {
  const n = r.length;
  const M = A.map((row, i) => [...row, r[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(M[i]![c]!) > Math.abs(M[p]![c]!)) p = i;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let i = c + 1; i < n; i++) {
      const f = M[i]![c]! / M[c]![c]!;
      for (let j = c; j <= n; j++) M[i]![j]! -= f * M[c]![j]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i]![n]!;
    for (let j = i + 1; j < n; j++) s -= M[i]![j]! * z[j]!;
    z[i] = s / M[i]![i]!;
  }
  return z;
}

/** Least squares A z ≈ r by the normal equations A'A z = A'r. */
function leastSquares(A: number[][], r: number[]): number[] {
  const k = A[0]!.length;
  const AtA = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => A.reduce((s, row) => s + row[i]! * row[j]!, 0)),
  );
  const Atr = Array.from({ length: k }, (_, i) => A.reduce((s, row, t) => s + row[i]! * r[t]!, 0));
  return solve(AtA, Atr);
}

/** The value printed as `name = …` (a number or a JSON-like array). */
const printed = (stdout: string, name: string): unknown =>
  JSON.parse(new RegExp(`^${name} = (.+)$`, "m").exec(stdout)?.[1] ?? "null");

const expectClose = (got: unknown, want: number[], digits: number) => {
  expect(Array.isArray(got)).toBe(true);
  expect(got).toHaveLength(want.length);
  (got as number[]).forEach((v, i) => {
    expect(v).toBeCloseTo(want[i]!, digits);
  });
};

const withIntercept = leastSquares(
  X.map((r) => [...r, 1]),
  y,
);

describe("minimize with vectors and matrices from flags", () => {
  test("--data X=[[…]] and --init w=[0,0,0] fit least squares (normal equations)", async () => {
    const run = await symgrad([
      "minimize",
      "mean((X@w + b - y)^2)",
      "--data",
      `X=${rowsText(X)}`,
      "--data",
      `y=${y.join(",")}`,
      "--init",
      "w=[0, 0, 0],b=0",
      "--quiet",
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expectClose(printed(run.stdout, "w"), withIntercept.slice(0, 3), 6);
    expect(printed(run.stdout, "b")).toBeCloseTo(withIntercept[3]!, 4);
  });

  test("--data X=x1,x2,x3 with --csv and --params w[3],b: the same fit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-"));
    const lines = X.map((r, i) => `${r.join(",")},${y[i]},text`);
    writeFileSync(join(dir, "scores.csv"), `x1,x2,x3,y,note\n${lines.join("\n")}\n`);
    const run = await symgrad(
      [
        "minimize",
        "mean((X@w + b - y)^2)",
        "--csv",
        "scores.csv",
        "--data",
        "X=x1,x2,x3",
        "--params",
        "w[3],b",
        "--quiet",
      ],
      dir,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expectClose(printed(run.stdout, "w"), withIntercept.slice(0, 3), 6);
    expect(printed(run.stdout, "b")).toBeCloseTo(withIntercept[3]!, 4);
  });

  test("a matrix parameter, from --init W=[[…]] or from --params W[3,2], fits each output's least squares", async () => {
    const Y = X.map((r, i) => [y[i]!, r[0]! - 2 * r[2]! + (i % 2)]);
    const want = [0, 1].map((c) =>
      leastSquares(
        X,
        Y.map((r) => r[c]!),
      ),
    );
    const base = [
      "minimize",
      "mean(sum((X@W - Y)^2, 1))",
      "--data",
      `X=${rowsText(X)}`,
      "--data",
      `Y=${rowsText(Y)}`,
    ];
    for (const flags of [
      ["--init", "W=[[0,0],[0,0],[0,0]]"],
      ["--params", "W[3,2]"],
    ]) {
      const run = await symgrad([...base, ...flags, "--quiet"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const W = printed(run.stdout, "W") as number[][];
      expect(W).toHaveLength(3);
      W.forEach((row, i) => {
        expectClose(row, [want[0]![i]!, want[1]![i]!], 5);
      });
    }
  });

  test("x=[1,2,3] is a column, as x=1,2,3", async () => {
    const runs = await Promise.all(
      ["x=[1, 2, 3]", "x=1,2,3"].map((x) =>
        symgrad(["minimize", "mean((W*x - y)^2)", "--data", x, "--data", "y=2,4,6.5", "--quiet"]),
      ),
    );
    // W = Σxy/Σx² = (2 + 8 + 19.5)/14
    for (const run of runs) expect(printed(run.stdout, "W")).toBeCloseTo(29.5 / 14, 10);
  });

  test("run --init w=[…] starts a program's vector there", async () => {
    const run = await symgrad([
      "run",
      "examples/multivariable.sg",
      "--init",
      "w=[0.7, 0.6, 0.7]",
      "--method",
      "gd",
      "--lr",
      "1e-5",
      "--epochs",
      "0",
      "--every",
      "1",
    ]);
    expect(run.status).toBe(0);
    // epoch 0 prints the cost at the starting point: mean((X@w - y)^2) with w = [0.7, 0.6, 0.7], b = 0
    const cost =
      X.reduce((s, r, i) => s + (0.7 * r[0]! + 0.6 * r[1]! + 0.7 * r[2]! - y[i]!) ** 2, 0) / X.length;
    expect(run.stdout).toContain(`Cost: ${cost.toFixed(6)}`);
  });
});

describe("diff --params", () => {
  const softmax = "mean(logsumexp(X@W + b, 1) - sum(Y*(X@W + b), 1))";

  test("declared shapes decide: b[3] is a vector, so d/db keeps one entry per class", async () => {
    const run = await symgrad(["diff", softmax, "--params", "W[4,3],b[3]"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      "d/dW = X'@(softmax(X@W + b, 1) - Y)/rows(X)\nd/db = mean(softmax(X@W + b, 1) - Y, 0)\n",
    );
    const guessed = await symgrad(["diff", softmax]);
    expect(guessed.stdout).not.toContain("mean(softmax(X@W + b, 1) - Y, 0)");
    expect(guessed.stderr).toContain('--params "W[4,3],b"');
  });

  test("the guess note names the guessed vector and how to declare it", async () => {
    const run = await symgrad(["diff", "mean((X@w + b - y)^2)"]);
    expect(run.stderr).toBe(
      'note: took X, y as data and w, b as parameters, w a vector of any length; choose with --data and --wrt, and declare shapes with --params, as in --params "w[3],b"\n',
    );
  });

  test.each([
    [["--params", "W[4,3],b[2]"], "Line 1, col 20: the shapes (n,3) and (2) do not broadcast\n"],
    [["--params", "W[4,0]"], "'W[4,0]' is not one"],
    [["--params", "W[4,3"], "'W[4,3' is not one"],
    [["--params", "W[4,3],W"], "gives 'W' twice"],
    [["--params", "W[4,3],b,q"], "--params names 'q', which is not in the formula"],
    [["--params", "W[4,3],b", "--data", "X"], "'Y' is in the formula but in neither --data nor --params"],
    [["--params", "W,b", "--data", "X,Y,b"], "'b' is in both --data and --params"],
  ])("%j is an error", async (flags, message) => {
    const run = await symgrad(["diff", softmax, ...flags]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\bat \w+ \(/);
  });

  test("a shape mistake shows a caret under the operator", async () => {
    const run = await symgrad(["diff", softmax, "--params", "W[4,3],b[2]"]);
    expect(run.stderr).toContain(`  ${softmax}\n  ${" ".repeat(19)}^\n`);
  });
});

describe("mistakes in vectors and matrices are errors (exit status 2)", () => {
  const fit = ["minimize", "mean((X@w + b - y)^2)"];
  test.each([
    [["--data", "X=[[1,2],[3]]", "--data", "y=1,2"], "the matrix is ragged: row 2 has 1 value, row 1 has 2"],
    [["--data", "X=[[1,2],[3,a]]", "--data", "y=1,2"], 'row 2, value 2 of 2: "a" is not a number'],
    [["--data", "X=[[1,2],[3,4]", "--data", "y=1,2"], "is not a matrix by rows"],
    [["--data", "X=[[[1]]]", "--data", "y=1"], "is not a matrix by rows"],
    [["--data", "X=[1,2", "--data", "y=1,2"], "is not a vector [1, 2, 3] nor a matrix by rows"],
    [
      ["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2,3", "--init", "w=[0,0]"],
      "data columns differ in length (X: 2, y: 3)",
    ],
    [
      ["--data", "X=x1,x2", "--data", "y=1,2"],
      "makes a matrix of CSV columns; give the file with --csv FILE",
    ],
    [["--data", "X=[[1,2],[3,4]]", "--data", "X=[[1,2],[3,4]]"], "data column 'X' is given twice"],
    [
      ["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2", "--init", "w=[0,0,0]"],
      "Line 1, col 8: (n,2) @ (3): the inner sizes differ",
    ],
    [
      ["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2"],
      "Line 1, col 8: @ needs a vector or matrix on both sides",
    ],
    [
      ["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2", "--init", "w=[0,x]"],
      "flag '--init': the value of 'w': the vector, value 2 of 2: \"x\" is not a number",
    ],
    [
      ["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2", "--init", "w=[0,0],w=1"],
      "flag '--init' gives 'w' twice",
    ],
    [["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2", "--init", "w"], "flag '--init' needs name=value pairs"],
    [
      ["--data", "X=[[1,2],[3,4]]", "--data", "y=1,2", "--params", "w[3],b", "--init", "w=[0,0]"],
      "--params declares w[3], but --init gives 'w' 2 entries",
    ],
  ])("%j", async (flags, message) => {
    const run = await symgrad([...fit, ...flags]);
    expect(run.stderr).toContain(message);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toMatch(/\bat \w+ \(/);
  });

  test("a CSV matrix naming a missing column lists the file's columns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-"));
    writeFileSync(join(dir, "p.csv"), "x1,x2,y\n1,2,3\n2,1,3\n");
    const run = await symgrad([...fit, "--csv", "p.csv", "--data", "X=x1,x9", "--init", "w=[0,0]"], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--data X=x1,x9: p.csv has no column 'x9' (its columns: x1, x2, y)");
  });

  test("check, which takes columns only, says so for a matrix", async () => {
    const run = await symgrad([
      "check",
      "mean((W*x - y)^2)",
      "--wrt",
      "W",
      "--claim",
      "mean(2*(W*x - y)*x)",
      "--data",
      "x=[[1,2]]",
      "--data",
      "y=1",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("data 'x' is a matrix; this command takes columns only");
  });
});

describe("the literal readers", () => {
  test("readArray reads numbers, vectors and matrices by rows", () => {
    expect(readArray(" 2.5 ")).toEqual({ shape: [], values: Float64Array.of(2.5) });
    expect(readArray("[1, -2e1]")).toEqual({ shape: [2], values: Float64Array.of(1, -20) });
    expect(readArray("[[1, 2, 3], [4, 5, 6]]")).toEqual({
      shape: [2, 3],
      values: Float64Array.of(1, 2, 3, 4, 5, 6),
    });
    expect(readArray("[]")).toEqual({ reason: "the vector is empty" });
    expect(readArray("[[1], []]")).toEqual({ reason: "row 2 is empty" });
  });

  test("commas inside brackets belong to the value", () => {
    expect(splitOutsideBrackets("w=[0,0],W=[[1,2],[3,4]], b=0")).toEqual([
      "w=[0,0]",
      "W=[[1,2],[3,4]]",
      "b=0",
    ]);
  });
});

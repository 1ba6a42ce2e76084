/**
 * A declared parameter that neither the cost nor a constraint uses is an error naming it: nothing can fit
 * it, and it used to come back at its start (`q = 0`) as if fitted, with exit status 0. The command line,
 * the API and program files say so alike, in the words `symgrad diff` uses for its flags.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MinimizeError, minimize } from "../../src/minimize/index.js";
import { ParseError, parseProgram } from "../../src/syntax/index.js";
import { symgrad } from "./run.js";

const cost = "sum((X@w + b - y)^2)";
const data = ["--data", "X=[[1,2],[3,4],[5,7]]", "--data", "y=1,2,3"];
const nothingFits = "nothing can fit a parameter the cost does not use, so leave it out or use it";

describe("symgrad minimize --params", () => {
  test("a parameter not in the formula is an error (exit 2) that names it", async () => {
    const run = await symgrad(["minimize", cost, ...data, "--params", "w[2],b,q"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `error: --params names 'q', which is not in the formula (its names: X, w, b, y); ${nothingFits}`,
    );
  });

  test("diff words the same mistake the same way", async () => {
    const fit = await symgrad(["minimize", cost, ...data, "--params", "w[2],b,q"]);
    const diff = await symgrad(["diff", cost, "--data", "X,y", "--params", "w[2],b,q"]);
    expect(diff.status).toBe(2);
    const words = "--params names 'q', which is not in the formula (its names: X, w, b, y)";
    expect(diff.stderr).toContain(words);
    expect(fit.stderr).toContain(words);
  });

  test("a parameter that only a constraint uses is still fitted", async () => {
    // min (a − 1)² subject to a + c == 3: a = 1, c = 2
    const run = await symgrad(["minimize", "(a - 1)^2", "--params", "a,c", "--subject-to", "a + c == 3"]);
    expect(run.status).toBe(0);
    const c = Number(/^c = (.*)$/m.exec(run.stdout)?.[1]);
    expect(c).toBeCloseTo(2, 5);
  });
});

describe("minimize's params option", () => {
  test("a parameter not in the cost is a MinimizeError naming it", () => {
    const call = () => minimize("(a - 1)^2", { params: ["a", "c"], init: { a: 0, c: 5 } });
    expect(call).toThrow(MinimizeError);
    expect(call).toThrow(`params names 'c', which is not in the formula (its names: a); ${nothingFits}`);
  });

  test("a parameter that a constraint uses is fitted", () => {
    const r = minimize("(a - 1)^2", { params: ["a", "c"], constraints: ["a + c == 3"] });
    expect(r.params.a).toBeCloseTo(1, 5);
    expect(r.params.c).toBeCloseTo(2, 5);
    // the constraint determines c: it is neither "not identified" nor "left at the start"
    expect(r.message).not.toContain("identified");
  });
});

describe("a program's param", () => {
  const program =
    "data x = [1, 2, 3]\ndata y = [2, 4, 6]\nparam W = 0\nparam q = 1\nminimize mean((W*x - y)^2)\n";

  test("a parameter the minimize formula does not use is a ParseError at its declaration", () => {
    let error: unknown;
    try {
      parseProgram(program, "fit.sg");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).line).toBe(4);
    expect((error as ParseError).column).toBe(7);
    expect((error as ParseError).message).toBe(
      `param names 'q', which is not in the minimize formula (its names: W, x, y); ${nothingFits}`,
    );
  });

  test("symgrad run reports it with a caret (exit 2) and fits nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "symgrad-unused-"));
    await writeFile(join(dir, "fit.sg"), program);
    const run = await symgrad(["run", "fit.sg"], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("fit.sg: Line 4, col 7: param names 'q'");
    expect(run.stderr).toContain("  param q = 1\n        ^\n");
  });

  test("a parameter only a subject to line uses is fitted", () => {
    const p = parseProgram("param a = 0, c = 0\nminimize (a - 1)^2\nsubject to a + c == 3\n");
    expect(p.params.map((d) => d.name)).toEqual(["a", "c"]);
  });
});

/**
 * The API reads user names as data: `minimize` and `runProgram` take columns, starting values and bounds as
 * Maps or as objects' own properties, never inherited ones, and return parameters in objects without a
 * prototype, so `__proto__`, `constructor`, `toString` and `hasOwnProperty` are names like any other. A
 * parameter that is an unused column's name but for case or a typo is an error unless declared.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile/index.js";
import { DataError } from "../../src/data/index.js";
import { MinimizeError, minimize, programData, runProgram } from "../../src/minimize/index.js";
import { parse, parseProgram } from "../../src/syntax/index.js";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"];

describe("names that are properties of Object.prototype", () => {
  for (const name of NAMES) {
    // y = 2*c exactly: the least-squares W is 2, the cost 0. A column lost to the prototype leaves W = 0.
    const cost = `mean((W*${name} - y)^2)`;
    const columns: [string, number[]][] = [
      [name, [1, 2, 3]],
      ["y", [2, 4, 6]],
    ];

    it(`'${name}' is a data column given as an object's own property, by JSON or as a Map`, () => {
      const json = JSON.parse(`{"${name}": [1, 2, 3], "y": [2, 4, 6]}`) as Record<string, number[]>;
      for (const data of [Object.fromEntries(columns), json, new Map(columns)]) {
        const result = minimize(cost, { data });
        expect(result.params["W"]).toBeCloseTo(2, 10);
        expect(result.cost).toBeCloseTo(0, 20);
      }
    });

    it(`'${name}' is a parameter with a starting value, a bound and a result of its own`, () => {
      const init = Object.fromEntries([[name, 5]]);
      const first = minimize(`(${name} - 3)^2`, { init, maxIterations: 0 });
      expect(first.cost).toBe(4);
      const bounded = minimize(`(${name} - 3)^2`, { bounds: new Map([[name, [-1, 1] as const]]) });
      expect(Object.keys(bounded.params)).toEqual([name]);
      expect(bounded.params[name]).toBe(1);
    });

    it(`a result without a parameter '${name}' has no such key, inherited or own`, () => {
      const result = minimize("(W - 3)^2");
      expect(Object.getPrototypeOf(result.params)).toBeNull();
      expect(name in result.params).toBe(false);
      expect(result.history.every((h) => Object.getPrototypeOf(h.params) === null)).toBe(true);
    });

    it(`compile binds a column '${name}' from a Map or an object`, () => {
      const expr = parse(cost);
      for (const data of [Object.fromEntries(columns), new Map(columns)]) {
        const objective = compile(expr, { params: ["W"], data });
        expect(objective.value(Float64Array.of(2))).toBe(0);
        expect(objective.value(Float64Array.of(0))).toBe((4 + 16 + 36) / 3);
      }
    });

    it(`a program's column '${name}' is an own key of its data, inline or from a CSV file`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "symgrad-names-"));
      writeFileSync(join(dir, "c.csv"), `${name}\n1\n2\n3\n`);
      for (const statement of [`data ${name} = [1, 2, 3]`, `data ${name} from "c.csv"`]) {
        const source = `${statement}\ndata y = [2, 4, 6]\nparam W = 0\nminimize ${cost}\n`;
        const data = await programData(parseProgram(source), dir);
        expect(Object.keys(data).sort()).toEqual([name, "y"].sort());
        expect(Array.from(data[name] as Float64Array)).toEqual([1, 2, 3]);
        const result = await runProgram(source, { baseDir: dir });
        expect(result.params["W"]).toBeCloseTo(2, 10);
      }
    });
  }
});

describe("a parameter that is almost an unused column", () => {
  const data = { X: [1, 2, 3], y: [2, 4, 6] };

  it("is a MinimizeError naming both, up to letter case or within two edits", () => {
    expect(() => minimize("mean((W*x - y)^2)", { data })).toThrow(MinimizeError);
    expect(() => minimize("mean((W*x - y)^2)", { data })).toThrow(
      "'x' is not a data column; did you mean 'X'? To fit a parameter 'x', list it in params",
    );
    const label = { label: [1, 2, 3], y: [2, 4, 6] };
    expect(() => minimize("mean((W*lable - y)^2)", { data: label })).toThrow(
      "'lable' is not a data column; did you mean 'label'?",
    );
  });

  it("is fitted when params declares it", () => {
    const result = minimize("(x - 1)^2 + mean((W*X - y)^2)", { data, params: ["W", "x"] });
    expect(result.params["x"]).toBeCloseTo(1, 8);
    expect(result.params["W"]).toBeCloseTo(2, 8);
  });

  it("is no slip when it shares nothing but a letter, or resembles a column the cost uses", () => {
    // 'b' is one edit from 'x', but nothing of it survives; 'w1' resembles the used column 'x1'.
    const fit = minimize("mean((w1*x1 + b - y)^2)", { data: { x1: [1, 2, 3], x: [0, 0, 0], y: [3, 5, 7] } });
    expect(fit.params["w1"]).toBeCloseTo(2, 8);
    expect(fit.params["b"]).toBeCloseTo(1, 8);
  });
});

describe("runProgram", () => {
  const program =
    "data x = [1, 2, 3]\ndata y = [2, 4, 6]\nparam W = 0, b = 0\nminimize mean((W*x + b - y)^2)\n";

  it("starts from init's values where given, from the program's elsewhere", async () => {
    const result = await runProgram(program, { init: { b: 1 }, maxIterations: 0 });
    expect({ ...result.params }).toEqual({ W: 0, b: 1 });
    // mean((0*x + 1 - y)^2) with y = 2, 4, 6
    expect(result.cost).toBeCloseTo((1 + 9 + 25) / 3, 12);
  });

  it("refuses an init for a name that is not a declared parameter", async () => {
    await expect(runProgram(program, { init: new Map([["x", 1]]) })).rejects.toThrow(
      "init names 'x', which is not a parameter (parameters: W, b)",
    );
  });

  it("gives a CSV file's DataError the program's data line as its origin", async () => {
    const dir = mkdtempSync(join(tmpdir(), "symgrad-names-"));
    writeFileSync(join(dir, "p.csv"), "x,y\n1,2\n2,abc\n");
    const source = 'param W\r\ndata x, y from "p.csv"\r\nminimize mean((W*x - y)^2)\r\n';
    const error = await runProgram(source, { baseDir: dir, file: "fit.sg" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).format()).toBe(
      [
        'p.csv, line 3, column "y": "abc" is not a number',
        "fit.sg: Line 2, col 16: in the data file named here",
        '  data x, y from "p.csv"',
        "                 ^^^^^^^",
      ].join("\n"),
    );
  });
});

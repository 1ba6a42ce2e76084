import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/data/index.js";
import { add, matmul, num, pow, reduce, sub, sym } from "../../src/expr/index.js";
import { minimize, programData, programStart } from "../../src/minimize/index.js";
import { type Program, parseProgram } from "../../src/syntax/index.js";

// The parser of shaped programs (`param w[2] = 0`, `data X = [[…]]`, `data X = [x1, x2] from "f.csv"`) comes
// from another branch; these tests build the Program it gives (the fields of SHAPES.md) around a parsed one.
const base = parseProgram('data y from "d.csv"\nparam b = 0\nminimize mean((b - y)^2)\n');
const span = base.data[0]!.span;
const fileSpan = base.data[0]!.fileSpan;
const cost = reduce("mean", pow(sub(add(matmul(sym("X"), sym("w")), sym("b")), sym("y")), num(2)));

function program(xStatement: Program["data"][number], w: { shape: number[]; values: number[] }): Program {
  return {
    ...base,
    data: [xStatement, base.data[0]!],
    params: [
      { name: "w", init: 0, span, ...w },
      { ...base.params[0]!, shape: [], values: [0] },
    ],
    cost,
  };
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "symgrad-shaped-"));
  writeFileSync(join(dir, "d.csv"), "x1,x2,y\n1,0,4\n0,1,6\n1,1,9\n2,1,12\n");
  return dir;
}

describe("programs with vector parameters and data matrices", () => {
  it("reads an inline matrix and CSV columns as a matrix, starts w at its declared values and fits", async () => {
    const dir = folder();
    const rows = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ];
    const fromRows = program({ names: ["X"], rows, span }, { shape: [2], values: [0.5, -1] });
    const fromCsv = program(
      { names: ["X"], columns: ["x1", "x2"], file: "d.csv", ...(fileSpan ? { fileSpan } : {}), span },
      { shape: [2], values: [0.5, -1] },
    );
    for (const p of [fromRows, fromCsv]) {
      const data = await programData(p, dir);
      expect(data["X"]).toEqual({ shape: [4, 2], values: Float64Array.from(rows.flat()) });
      const start = programStart(p);
      expect(start.shapes.get("w")).toEqual([2]);
      const first = minimize(p.cost, { data, ...start, params: ["w", "b"], maxIterations: 0 });
      expect(first.params["w"]).toEqual([0.5, -1]);
      // y = 3*x1 + 5*x2 + 1 exactly (the rows of d.csv), so least squares recovers it
      const fit = minimize(p.cost, { data, ...start, params: ["w", "b"], tolerance: 1e-12 });
      (fit.params["w"] as number[]).forEach((v, j) => {
        expect(v).toBeCloseTo([3, 5][j]!, 8);
      });
      expect(fit.params["b"]).toBeCloseTo(1, 8);
    }
  });

  it("a number given to replace a vector's values fills every entry", () => {
    const p = program({ names: ["X"], rows: [[1, 2]], span }, { shape: [2], values: [0.5, -1] });
    const start = programStart(p, { w: 3 });
    const first = minimize(p.cost, {
      data: { X: [[1, 2]], y: [1] },
      ...start,
      params: ["w", "b"],
      maxIterations: 0,
    });
    expect(first.params["w"]).toEqual([3, 3]);
  });

  it("a CSV column list that names a missing column is an error at the program's data statement", async () => {
    const p = program(
      { names: ["X"], columns: ["x1", "x3"], file: "d.csv", ...(fileSpan ? { fileSpan } : {}), span },
      { shape: [2], values: [0, 0] },
    );
    const error = await programData(p, folder()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).format()).toMatch(/column "x3": no such column in the header/);
    expect((error as DataError).format()).toMatch(/data y from "d\.csv"/);
  });
});

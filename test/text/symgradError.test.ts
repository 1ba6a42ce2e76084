import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { OutputError } from "../../src/cli/io.js";
import {
  CompileError,
  compile,
  DataError,
  EvaluateError,
  evaluate,
  MinimizeError,
  minimize,
  OptimizeError,
  optimize,
  ParseError,
  PlotError,
  parse,
  plotCostAlong,
  readCsv,
  SymgradError,
} from "../../src/index.js";

/** The error `run` throws (sync or async). */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("SymgradError, the one base of user errors", () => {
  it("is the base of the error each stage throws for a user's mistake, which keeps its own name", async () => {
    const cases: [unknown, abstract new (...args: never) => SymgradError, string][] = [
      [await thrown(() => parse("2x + 1")), ParseError, "ParseError"],
      [await thrown(() => compile(parse("a*b"), { params: ["a"] })), CompileError, "CompileError"],
      [await thrown(() => evaluate(parse("x + 1"), {})), EvaluateError, "EvaluateError"],
      [await thrown(() => readCsv("x\nabc\n")), DataError, "DataError"],
      [
        await thrown(() => optimize(compile(parse("x^2"), { params: ["x"] }), { init: [0], memory: 0 })),
        OptimizeError,
        "OptimizeError",
      ],
      [
        await thrown(() => plotCostAlong("W^2", { data: {}, param: "Q", range: [0, 1] })),
        PlotError,
        "PlotError",
      ],
      [await thrown(() => minimize("W^2", { init: { Q: 1 } })), MinimizeError, "MinimizeError"],
      [new UsageError("x"), UsageError, "UsageError"],
      [new OutputError("x"), OutputError, "OutputError"],
    ];
    for (const [error, type, name] of cases) {
      expect(error, name).toBeInstanceOf(type);
      expect(error, name).toBeInstanceOf(SymgradError);
      expect((error as Error).name).toBe(name);
    }
  });

  it("formats a span as line and column, the source line and a caret under the spot", () => {
    const source = "data x = [1, 2]\nminimize (W*x - y)^2";
    const span = { offset: 26, line: 2, column: 11, length: 3 };
    expect(new SymgradError("here", { span, source, file: "fit.sg" }).format()).toBe(
      "fit.sg: Line 2, col 11: here\n  minimize (W*x - y)^2\n            ^^^",
    );
    expect(new SymgradError("no place").format()).toBe("no place");
  });

  it("keeps ParseError's and DataError's own formats through the one format()", () => {
    const parseError = (() => {
      try {
        parse("2x + 1");
      } catch (error) {
        return error as ParseError;
      }
    })()!;
    expect(parseError.format()).toBe(
      "Line 1, col 2: expected an operator between '2' and 'x'; write 2*x to multiply\n  2x + 1\n   ^",
    );
    expect(parseError.span).toMatchObject({ line: 1, column: 2 });
    const dataError = new DataError('"abc" is not a number', { source: "points.csv", row: 4, column: "y" });
    expect(dataError.format()).toBe('points.csv, line 4, column "y": "abc" is not a number');
  });

  it("shows a window of a long line with the caret still under the spot", () => {
    const source = `${"a + ".repeat(100)}2x`;
    const span = { offset: 401, line: 1, column: 402, length: 1 };
    const [, line, caret] = new SymgradError("bad", { span, source }).format().split("\n");
    expect(line!.length).toBeLessThanOrEqual(104);
    expect(line![caret!.indexOf("^")]).toBe("x");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../../src/print/index.js";
import { ParseError, parse, parseProgram } from "../../src/syntax/index.js";
import { thrown } from "../thrown.js";

/** The ParseError that `run` throws. */
const errorOf = (run: () => unknown) => thrown(ParseError, run);

const seed = `# the seed: a line through three points
data x = [1, 2, 3]
data y = [2, 4.5, -6e-1]
param W = 0, b = -0.5
h = W*x + b
minimize mean((h - y)^2)
`;

describe("program files", () => {
  it("reads data, parameters, definitions and the cost", () => {
    const p = parseProgram(seed);
    expect(p.data.map((d) => [d.names, d.values])).toEqual([
      [["x"], [1, 2, 3]],
      [["y"], [2, 4.5, -0.6]],
    ]);
    expect(p.params.map((q) => [q.name, q.init])).toEqual([
      ["W", 0],
      ["b", -0.5],
    ]);
    expect(format(p.definitions.get("h")!)).toBe("W*x + b");
    expect(p.cost).toBe(parse("mean((W*x + b - y)^2)"));
  });

  it("reads columns from a file and continues statements after operators and inside brackets", () => {
    const p = parseProgram(
      'data x, y from "points.csv"\nparam W\nparam b = 1\nminimize mean((W*x +\n  b - y)^2) + sum(\n  x)\n',
    );
    expect(p.data).toEqual([
      { names: ["x", "y"], file: "points.csv", fileSpan: expect.anything(), span: expect.anything() },
    ]);
    expect(p.data[0]!.fileSpan).toMatchObject({ line: 1, column: 16, length: 12 });
    expect(p.params.map((q) => q.init)).toEqual([0, 1]);
    expect(p.cost).toBe(parse("mean((W*x + b - y)^2) + sum(x)"));
  });

  it("lets keywords name things inside formulas", () => {
    const p = parseProgram("param from = 1\nminimize from^2\n");
    expect(p.cost).toBe(parse("from^2"));
  });

  it("gives positioned errors for names", () => {
    const at = (source: string) => {
      try {
        parseProgram(source);
      } catch (error) {
        if (error instanceof ParseError) return [error.line, error.column, error.message.split(";")[0]];
        throw error;
      }
      return undefined;
    };
    expect(at("param W\nminimize W*h\nh = W")).toEqual([2, 12, "'h' is used before it is defined on line 3"]);
    expect(at("param W, W\nminimize W")).toEqual([1, 10, "'W' is already defined on line 1"]);
    expect(at("param W\nminimize W*q")).toEqual([2, 12, "'q' is not defined"]);
    expect(at("param W\n")?.[2]).toMatch(/no 'minimize'/);
    expect(at("param W\nminimize W\nminimize W^2")).toEqual([3, 1, "a program has one 'minimize'"]);
  });

  it("bounds the depth that definitions build up, so every later pass can recurse", () => {
    const chain = (n: number) => {
      const lines = ["param W = 1", "h0 = W"];
      for (let i = 1; i <= n; i++) lines.push(`h${i} = sin(-(h${i - 1}))^2`);
      return `${lines.join("\n")}\nminimize h${n}`;
    };
    const ok = parseProgram(chain(330));
    expect(format(ok.cost).length).toBeGreaterThan(100);
    expect(format(ok.cost, { style: "latex" }).length).toBeGreaterThan(100);
    try {
      parseProgram(chain(20_000));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).message).toMatch(/nested too deeply/);
    }
  });

  it("reads CRLF and CR line endings and a byte-order mark as an LF file, with the same error positions", () => {
    const lf = "data x = [1, 2, 3]\nparam W = 0\n\nminimize mean((W*x - q)^2)\n";
    const message = (source: string) => {
      try {
        parseProgram(source, "model.sg");
      } catch (error) {
        if (error instanceof ParseError) return error.format();
        throw error;
      }
      return "no error";
    };
    expect(message(lf)).toMatch(/^model\.sg: Line 4, col 22: 'q' is not defined/);
    for (const source of [lf.replace(/\n/g, "\r\n"), lf.replace(/\n/g, "\r"), `\ufeff${lf}`])
      expect(message(source)).toBe(message(lf));
    const fine = lf.replace("q", "x");
    expect(parseProgram(`\ufeff${fine.replace(/\n/g, "\r\n")}`).cost).toBe(parseProgram(fine).cost);
  });

  // Stress tests: each input took minutes when finding a name's position scanned every span per name and
  // "did you mean" computed unbounded edit distances.
  it("checks the names of a program of 15,000 parameters (stress test, was quadratic)", () => {
    const names = Array.from({ length: 15_000 }, (_, i) => `p${i}`);
    const body = `${names.map((p) => `${p}^2`).join(" + ")} + q`;
    const error = errorOf(() => parseProgram(`param ${names.join(", ")}\nminimize ${body}\n`));
    expect([error.line, error.column]).toEqual([2, body.length + 9]);
    expect(error.message).toBe("'q' is not defined; declare it with 'param q = 0' or 'data q = [...]'");
  });

  it("suggests a name of 200,000 characters (stress test, was quadratic)", () => {
    const long = "a".repeat(200_000);
    const typo = `${long.slice(1)}b`;
    const error = errorOf(() => parseProgram(`param ${long}\nminimize ${typo}^2\n`));
    expect(error.message).toContain(`did you mean '${long}'?`);
  });

  it("never throws anything but a ParseError", () => {
    const pieces = [
      "data",
      "param",
      "minimize",
      "from",
      "x",
      "W",
      "=",
      "[",
      "]",
      ",",
      "1",
      "-",
      "+",
      "*",
      "^",
      "(",
      ")",
      "\n",
      " ",
      '"f.csv"',
      "mean",
      "h",
      "#c\n",
      // vectors and matrices
      "@",
      "'",
      "X",
      "2.5",
      "sum(",
      "softmax(",
      "rows(",
      ", 1)",
      "1e999",
      "subject to",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        try {
          parseProgram(parts.join(" "));
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  along,
  type Expr,
  freeSymbols,
  isUndefined,
  matmul,
  mul,
  neg,
  num,
  pow,
  reduce,
  replace,
  type Shape,
  type ShapeEnv,
  ShapeError,
  shapeOf,
  sizeOf,
  sub,
  sym,
  transpose,
  walk,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import {
  guessShapes,
  ParseError,
  parse,
  parseConstraint,
  parseProgram,
  parseWithSpans,
  shapesOf,
} from "../../src/syntax/index.js";
import { arbShaped, SHAPED_NAMES, shapedEnv } from "../arb.js";
import { thrown } from "../thrown.js";
import { checkLongShaped } from "./longFormulas.js";

/** The ParseError that `run` throws. */
const errorOf = (run: () => unknown) => thrown(ParseError, run);

const env = (table: Record<string, Shape>): ShapeEnv => {
  const map = new Map(Object.entries(table));
  return (name) => map.get(name);
};
const [a, b, c, x, y, A, B, X] = ["a", "b", "c", "x", "y", "A", "B", "X"].map((n) => sym(n)) as Expr[];

describe("the grammar of @ and '", () => {
  it.each([
    ["a*b@c", matmul(mul(a!, b!), c!)],
    ["a@b*c", mul(matmul(a!, b!), c!)],
    ["a/b@c", matmul(mul(a!, pow(b!, num(-1))), c!)],
    ["a@b@c", matmul(matmul(a!, b!), c!)],
    ["a@(b@c)", matmul(a!, matmul(b!, c!))],
    ["a + b@c", add(a!, matmul(b!, c!))],
    ["x'^2", pow(transpose(x!), num(2))],
    ["-x'", neg(transpose(x!))],
    ["x^y'", pow(x!, transpose(y!))],
    ["(A@B)'", transpose(matmul(A!, B!))],
    ["A''", A!],
    ["2*X'@y", mul(num(2), matmul(transpose(X!), y!))],
    ["X' @ y", matmul(transpose(X!), y!)],
    ["sum(A, 0)", along("sum", A!, 0)],
    ["mean(A, 1)", along("mean", A!, 1)],
    ["sum(A)", reduce("sum", A!)],
    ["logsumexp(A)", along("logsumexp", A!, undefined)],
    ["logsumexp(A, 1)", along("logsumexp", A!, 1)],
    ["softmax(A, 0)", along("softmax", A!, 0)],
    ["rows(A)", sizeOf("rows", A!)],
    ["cols(A)/rows(A)", mul(sizeOf("cols", A!), pow(sizeOf("rows", A!), num(-1)))],
  ])("%s", (source, expected) => {
    expect(parse(source)).toBe(expected);
  });

  it("keeps rows, cols, softmax and logsumexp usable as names, as before", () => {
    expect(parse("rows*cols + softmax")).toBe(add(mul(sym("rows"), sym("cols")), sym("softmax")));
  });

  it("continues a program statement after @", () => {
    const p = parseProgram("data X = [[1, 2], [3, 4]]\nparam w[2]\nminimize sum(X@\n  w)\n");
    expect(p.cost).toBe(reduce("sum", matmul(X!, sym("w"))));
  });

  it("says what is wrong with a call of a new built-in", () => {
    const at = (source: string) => {
      const error = errorOf(() => parse(source));
      return [error.column, error.message];
    };
    expect(at("sum(A, 2)")).toEqual([
      8,
      expect.stringMatching(/^there is no dimension 2: the d of sum\(A, d\)/),
    ]);
    expect(at("mean(A, -1)")).toEqual([9, expect.stringMatching(/^count dimensions from 0 here.*-1 is 1$/)]);
    expect(at("sum(A, k)")).toEqual([8, expect.stringMatching(/write it as the number 0 or 1$/)]);
    expect(at("softmax(A)")).toEqual([1, expect.stringMatching(/^softmax\(A, d\) needs the dimension d/)]);
    expect(at("rows(A, 1)")).toEqual([1, "'rows' takes 1 argument, got 2"]);
    expect(at("sum()")).toEqual([1, expect.stringMatching(/^'sum' takes 1 or 2 arguments/)]);
    expect(at("softmx(A, 1)")).toEqual([1, "unknown function 'softmx'; did you mean 'softmax'?"]);
    expect(at("a @ * b")).toEqual([5, "expected an operand after '@' but found '*'"]);
    expect(at("x' y")).toEqual([
      4,
      "expected an operator between ''' and 'y'; write '*' between them to multiply",
    ]);
  });
});

describe("shapes checked while parsing", () => {
  const regression = env({ X: ["n", 3], w: [3], y: ["n"], W: [3, 1], B: [4], U: [5, 3], V: [2, 1] });
  const at = (source: string, options = {}) => {
    const error = errorOf(() => parse(source, { shapes: regression, ...options }));
    return [error.column, error.message];
  };

  it("accepts what fits, and gives back the shapes it used", () => {
    const parsed = parseWithSpans("mean((X@w - y)^2)", { shapes: regression, data: ["X", "y"] });
    expect(parsed.expr).toBe(parse("mean((X@w - y)^2)"));
    expect(parsed.shapes?.("X")).toEqual(["n", 3]);
  });

  it("points at the operator or call where the shapes stop fitting, naming both", () => {
    expect(at("U@V")).toEqual([2, "(5,3) @ (2,1): the inner sizes differ"]);
    expect(at("X@W - y")).toEqual([
      5,
      expect.stringMatching(/^\(n,1\) and \(n\): an \(n\) vector against an \(n,1\) column/),
    ]);
    expect(at("w + X + B")).toEqual([7, "the shapes (n,3) and (4) do not broadcast"]);
    expect(at("X*B")).toEqual([2, "the shapes (n,3) and (4) do not broadcast"]);
    expect(at("X^B")).toEqual([2, "the shapes (n,3) and (4) do not broadcast"]);
    expect(at("2*max(X, B)")).toEqual([3, "the shapes (n,3) and (4) do not broadcast"]);
    expect(at("X/B")).toEqual([2, "the shapes (n,3) and (4) do not broadcast"]);
    expect(at("sum(w, 1)")).toEqual([1, "sum(…, 1): a vector (3) has only dimension 0"]);
    expect(at("X@X'")).toEqual([2, expect.stringMatching(/n×n matrix of data rows/)]);
  });

  it("treats a data name the env does not know as a column, and wants a number when data is given", () => {
    expect(at("mean(X@w) + z", { data: ["z"] })).toEqual([
      13,
      expect.stringMatching(/^'z' is a data column/),
    ]);
    expect(at("sum(X, 0)", { data: ["X"] })).toEqual([
      1,
      "the cost must be a number, but its shape is (3): reduce it to one number, with sum(…) or mean(…) for instance",
    ]);
    expect(parse("sum(X@w - y, 0)", { shapes: regression, data: ["X", "y"] })).toBe(
      along("sum", sub(matmul(X!, sym("w")), y!), 0),
    );
  });

  it("checks constraints: shapes inside, and each side a number", () => {
    const shapes = env({ w: [3] });
    expect(parseConstraint("sum(w) <= 1", { shapes }).relation).toBe("<=");
    const error = errorOf(() => parseConstraint("w <= 1", { shapes }));
    expect(error.message).toMatch(/^each side of a constraint must be a number, but its shape is \(3\)/);
    expect(errorOf(() => parseConstraint("sum(w'@w') <= 1", { shapes: env({ w: [3, 2] }) })).column).toBe(7);
  });

  it("agrees with the whole-tree shape rules: a parse fails exactly when the tree's shapes do not fit", () => {
    const names = [...SHAPED_NAMES.keys()];
    const mistaken = arbShaped(["n"], 3)
      .chain((e) => {
        const used = freeSymbols(e);
        return used.length === 0
          ? fc.constant(e)
          : fc
              .tuple(fc.constantFrom(...used), fc.constantFrom(...names))
              .map(([from, to]) => replace(e, new Map([[sym(from).id, sym(to)]])));
      })
      .filter((e) => !isUndefined(e));
    let failures = 0;
    fc.assert(
      fc.property(mistaken, (e) => {
        let fits = true;
        try {
          shapeOf(e, shapedEnv);
        } catch (error) {
          if (!(error instanceof ShapeError)) throw error;
          fits = false;
        }
        const text = format(e);
        if (fits) expect(parse(text, { shapes: shapedEnv })).toBe(e);
        else {
          failures++;
          expect(() => parse(text, { shapes: shapedEnv })).toThrow(ParseError);
        }
      }),
      { numRuns: 250 },
    );
    expect(failures).toBeGreaterThan(30);
  });
});

describe("long shaped formulas", () => {
  it("point at the operator of a long sum, and bound the nesting of @", () => checkLongShaped(2000));
});

describe("guessShapes, for a formula alone", () => {
  const guess = (source: string, data?: string[]) => {
    const e = parse(source);
    const shapes = guessShapes(e, data);
    return Object.fromEntries(walk(e).flatMap((n) => (n.kind === "sym" ? [[n.name, shapes(n.name)]] : [])));
  };

  it("reads data names as today plus capitals, and parameters of @ and ' as vectors or matrices", () => {
    expect(guess("mean((X@w + b - y)^2)")).toEqual({ X: ["n", "?"], w: ["?"], b: undefined, y: ["n"] });
    expect(guess("mean(logsumexp(X@W + b, 1) - sum(Y*(X@W + b), 1))")).toEqual({
      X: ["n", "?"],
      W: ["?", "?"],
      b: undefined,
      Y: ["n", "?"],
    });
    expect(guess("x'@Q@x/2 - c'@x")).toEqual({ x: ["?"], Q: ["?", "?"], c: ["?"] });
    expect(guess("mean((W*x + b - y)^2)")).toEqual({ W: undefined, x: ["n"], b: undefined, y: ["n"] });
    expect(guess("X'@(X@w - y)/rows(X)")).toEqual({ X: ["n", "?"], w: ["?"], y: undefined });
    expect(guess("mean((A@w - t)^2)", ["A", "t"])).toEqual({ A: ["n", "?"], w: ["?"], t: ["n"] });
  });

  it("lets the issue's formulas parse with guessed shapes, and the shape mistakes still fail", () => {
    for (const source of [
      "mean((X@w + b - y)^2)",
      "mean(logsumexp(X@W + b, 1) - sum(Y*(X@W + b), 1))",
      "x'@Q@x/2 - c'@x",
      "mean(-y*log(sigmoid(X@w + b)) - (1 - y)*log(1 - sigmoid(X@w + b)))",
    ])
      expect(parse(source, { shapes: "guess" })).toBe(parse(source));
    expect(errorOf(() => parse("mean(X@W - y)", { shapes: "guess" })).message).toBe(
      "the shapes (n,?) and (n) do not broadcast",
    );
  });
});

describe("program files with vectors and matrices", () => {
  it("reads the multivariable regression lab: a data matrix of rows, a vector parameter", () => {
    const p = parseProgram(`data X = [[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]]
data y = [152, 185, 180, 196, 142]
param W[3] = 0
param b = 0
minimize mean((X@W + b - y)^2)
`);
    expect(p.data[0]).toMatchObject({
      names: ["X"],
      rows: [
        [73, 80, 75],
        [93, 88, 93],
        [89, 91, 90],
        [96, 98, 100],
        [73, 66, 70],
      ],
    });
    expect(p.data[0]!.values).toBeUndefined();
    expect(p.data[1]).toMatchObject({ names: ["y"], values: [152, 185, 180, 196, 142] });
    expect(p.params.map(({ name, init, shape, values }) => ({ name, init, shape, values }))).toEqual([
      { name: "W", init: 0, shape: [3], values: [0, 0, 0] },
      { name: "b", init: 0, shape: [], values: [0] },
    ]);
    expect(p.cost).toBe(parse("mean((X@W + b - y)^2)"));
    const shapes = shapesOf(p);
    expect([shapes("X"), shapes("y"), shapes("W"), shapes("b")]).toEqual([["n", 3], ["n"], [3], undefined]);
  });

  it("reads the softmax lab: CSV columns as a matrix, a one-hot matrix, matrix and vector parameters", () => {
    const p = parseProgram(`data X = [x1, x2, x3, x4] from "softmax.csv"
data Y = [[0, 0, 1], [0, 0, 1], [0, 1, 0]]
param W[4, 3] = 0, b[3] = 0.5
minimize mean(logsumexp(X@W + b, 1) - sum(Y*(X@W + b), 1))
`);
    expect(p.data[0]).toMatchObject({ names: ["X"], columns: ["x1", "x2", "x3", "x4"], file: "softmax.csv" });
    expect(p.data[0]!.fileSpan).toMatchObject({ line: 1, column: 32, length: 13 });
    expect(p.params.map((q) => [q.name, q.shape, q.values.length, q.init])).toEqual([
      ["W", [4, 3], 12, 0],
      ["b", [3], 3, 0.5],
    ]);
    expect(p.params[1]!.values).toEqual([0.5, 0.5, 0.5]);
    expect(shapesOf(p)("X")).toEqual(["n", 4]);
    expect(shapesOf(p)("Y")).toEqual(["n", 3]);
  });

  it("reads parameters given as literals, row-major, and keeps the old statements as they were", () => {
    const p = parseProgram(`param w = [0.5, -1, 2], W = [[1, 2], [3, -4]]
param W2[2, 2] = [[1, 2],
                  [3, 4]]
data x, y from "points.csv"
data z = []
minimize sum(w^2) + sum(W^2) + sum(W2) + sum(x*y)
`);
    expect(p.params.map((q) => [q.name, q.shape, q.values])).toEqual([
      ["w", [3], [0.5, -1, 2]],
      ["W", [2, 2], [1, 2, 3, -4]],
      ["W2", [2, 2], [1, 2, 3, 4]],
    ]);
    expect(p.data[0]).toEqual({
      names: ["x", "y"],
      file: "points.csv",
      fileSpan: expect.anything(),
      span: expect.anything(),
    });
    expect(p.data[1]).toEqual({ names: ["z"], values: [], span: expect.anything() });
  });

  it("checks formulas that come before the declarations they use", () => {
    const error = errorOf(() => parseProgram("minimize sum((X@w)^2)\ndata X = [[1, 2]]\nparam w[3] = 0\n"));
    expect([error.line, error.column, error.message]).toEqual([1, 16, "(n,2) @ (3): the inner sizes differ"]);
  });

  it("budgets parameter entries across the whole program", () => {
    const ok = parseProgram("param W[1000, 999] = 0, w[1000] = 1\nminimize sum(W^2) + sum(w)\n");
    expect(ok.params[0]!.values.length).toBe(999_000);
    const error = errorOf(() =>
      parseProgram("param W[1000, 999] = 0, w[1001] = 1\nminimize sum(W^2) + sum(w)\n"),
    );
    expect(error.message).toMatch(
      /^'w' would have 1001 entries; a program's parameters may have 1000000 entries in all/,
    );
  });

  it("parses the program files with vectors and matrices that README shows", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const programs = [...readme.matchAll(/```\n((?:data|param)[^`]*?)```/g)]
      .map((m) => m[1]!)
      .filter((program) => program.includes("@"));
    expect(programs.length).toBeGreaterThanOrEqual(2);
    for (const program of programs) expect(parseProgram(program).cost.kind).toBe("reduce");
  });
});

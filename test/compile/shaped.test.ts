/**
 * The edges of shaped problems (src/compile/shaped.ts): values in every accepted form turned into tensors
 * (and the errors for the rest), the flat parameter vector's layout both ways, data split into columns,
 * and a lowered problem evaluating as the reference tensor interpreter says. Expected values are worked
 * out by hand.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/evaluate.js";
import {
  dataColumns,
  dataShapes,
  entriesOf,
  isShapedData,
  lowerProblem,
  ParamLayout,
  type TensorInput,
  tensorOf,
} from "../../src/compile/shaped.js";
import { evaluateTensor } from "../../src/compile/tensorEvaluate.js";
import { parse } from "../../src/syntax/index.js";

const plain = (t: { shape: readonly number[]; values: Float64Array }) => ({
  shape: [...t.shape],
  values: [...t.values],
});

describe("tensorOf", () => {
  it("takes a number, a list, a typed array, rows and { shape, values }", () => {
    expect(plain(tensorOf(2.5, "x"))).toEqual({ shape: [], values: [2.5] });
    expect(plain(tensorOf([1, 2, 3], "x"))).toEqual({ shape: [3], values: [1, 2, 3] });
    expect(plain(tensorOf(Float64Array.of(4, 5), "x"))).toEqual({ shape: [2], values: [4, 5] });
    expect(plain(tensorOf([], "x"))).toEqual({ shape: [0], values: [] });
    expect(
      plain(
        tensorOf(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          "x",
        ),
      ),
    ).toEqual({ shape: [2, 3], values: [1, 2, 3, 4, 5, 6] });
    expect(plain(tensorOf({ shape: [2, 1], values: Float64Array.of(7, 8) }, "x"))).toEqual({
      shape: [2, 1],
      values: [7, 8],
    });
    expect(plain(tensorOf({ shape: [], values: Float64Array.of(9) }, "x"))).toEqual({
      shape: [],
      values: [9],
    });
  });

  it("copies what it is given", () => {
    const given = { shape: [2], values: Float64Array.of(1, 2) };
    const t = tensorOf(given, "x");
    given.values[0] = 99;
    expect(t.values[0]).toBe(1);
  });

  it("names the value and what is wrong", () => {
    const cases: [unknown, RegExp][] = [
      [
        { shape: [1, 1, 1], values: [1] },
        /^data 'X': shape must be \[\], \[k\] or \[m, k\] with whole sizes$/,
      ],
      [{ shape: [1.5], values: [1] }, /shape must be \[\], \[k\] or \[m, k\]/],
      [{ shape: [-1], values: [] }, /shape must be \[\], \[k\] or \[m, k\]/],
      [{ shape: "2", values: [1, 2] }, /shape must be \[\], \[k\] or \[m, k\]/],
      [{ shape: [2, 2], values: [1, 2, 3] }, /^data 'X': shape \[2, 2\] needs 4 values, got 3$/],
      [{ shape: [2], values: undefined }, /^data 'X': shape \[2\] needs 2 values, got undefined$/],
      [
        [
          [1, 2],
          [3, 4, 5],
        ],
        /^data 'X': row 2 has 3 entries, but row 1 has 2$/,
      ],
      [[[1, 2], 3], /^data 'X': row 2 has no entries, but row 1 has 2$/],
      [null, /^data 'X' is not a number, an array, an array of rows or \{ shape, values \}$/],
      ["12", /is not a number, an array/],
      [{ length: "3" }, /is not a number, an array/],
    ];
    for (const [value, message] of cases)
      expect(() => tensorOf(value as TensorInput, "data 'X'"), String(message)).toThrow(message);
  });
});

describe("ParamLayout", () => {
  const layout = new ParamLayout(["b", "w", "W"], [[], [2], [2, 3]]);

  it("lays out every entry row-major, parameter after parameter", () => {
    expect(layout.entries).toEqual([
      "b",
      "w[0]",
      "w[1]",
      "W[0,0]",
      "W[0,1]",
      "W[0,2]",
      "W[1,0]",
      "W[1,1]",
      "W[1,2]",
    ]);
    expect(layout.range(0)).toEqual({ start: 0, count: 1 });
    expect(layout.range(1)).toEqual({ start: 1, count: 2 });
    expect(layout.range(2)).toEqual({ start: 3, count: 6 });
  });

  it("flattens values by name: a number fills its parameter, a missing one is the fill value", () => {
    const W = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect([...layout.flatten(new Map<string, TensorInput>([["W", W]]), "init", -1)]).toEqual([
      -1, -1, -1, 1, 2, 3, 4, 5, 6,
    ]);
    expect([
      ...layout.flatten(
        new Map<string, TensorInput>([
          ["w", 7],
          ["b", 3],
        ]),
        "init",
      ),
    ]).toEqual([3, 7, 7, 0, 0, 0, 0, 0, 0]);
    expect([...layout.flatten(new Map<string, TensorInput>([["w", [8, 9]]]), "init")]).toEqual([
      0, 8, 9, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("refuses a value of another shape, naming both shapes", () => {
    const transposed = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    expect(() => layout.flatten(new Map([["W", transposed]]), "init")).toThrow(
      /^init of 'W' has shape \[3, 2\], but 'W' has shape \[2, 3\]$/,
    );
    expect(() => layout.flatten(new Map([["w", [1, 2, 3]]]), "init")).toThrow(
      /init of 'w' has shape \[3\], but 'w' has shape \[2\]/,
    );
    expect(() => layout.flatten(new Map([["w", [[1, 2]]]]), "init")).toThrow(
      /init of 'w' has shape \[1, 2\], but 'w' has shape \[2\]/,
    );
  });

  it("reshapes the flat vector into values of their shapes, in an object without prototype", () => {
    const out = layout.reshape([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Object.getPrototypeOf(out)).toBe(null);
    expect({ ...out }).toEqual({
      b: 0,
      w: [1, 2],
      W: [
        [3, 4, 5],
        [6, 7, 8],
      ],
    });
  });
});

describe("entries and data", () => {
  it("entriesOf lists each parameter's entries by entry name, in order", () => {
    expect(
      entriesOf({
        b: 1,
        w: [2, 3],
        W: [
          [4, 5],
          [6, 7],
          [8, 9],
        ],
      }),
    ).toEqual([
      ["b", 1],
      ["w[0]", 2],
      ["w[1]", 3],
      ["W[0,0]", 4],
      ["W[0,1]", 5],
      ["W[1,0]", 6],
      ["W[1,1]", 7],
      ["W[2,0]", 8],
      ["W[2,1]", 9],
    ]);
  });

  it("dataColumns splits a matrix into its columns, keeps vectors as columns and numbers as constants", () => {
    const { columns, shapes, constants } = dataColumns(
      new Map<string, TensorInput>([
        [
          "X",
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        ],
        ["y", [7, 8, 9]],
        ["c", 5],
      ]),
    );
    expect([...columns.keys()]).toEqual(["X[:,0]", "X[:,1]", "y"]);
    expect([...columns.get("X[:,0]")!]).toEqual([1, 3, 5]);
    expect([...columns.get("X[:,1]")!]).toEqual([2, 4, 6]);
    expect([...columns.get("y")!]).toEqual([7, 8, 9]);
    expect([...shapes]).toEqual([
      ["X", ["n", 2]],
      ["y", ["n"]],
      ["c", []],
    ]);
    expect([...constants]).toEqual([["c", 5]]);
  });

  it("dataShapes reads each form's shape; isShapedData tells plain columns from the rest", () => {
    const data = new Map<string, TensorInput>([
      ["a", 1],
      ["s", { shape: [], values: Float64Array.of(1) }],
      ["v", { shape: [3], values: Float64Array.of(1, 2, 3) }],
      ["M", { shape: [2, 4], values: new Float64Array(8) }],
      ["R", [[1, 2, 3]]],
      ["y", [1, 2]],
      ["z", Float64Array.of(1)],
    ]);
    expect([...dataShapes(data)]).toEqual([
      ["a", []],
      ["s", []],
      ["v", ["n"]],
      ["M", ["n", 4]],
      ["R", ["n", 3]],
      ["y", ["n"]],
      ["z", ["n"]],
    ]);
    expect(
      isShapedData(
        new Map<string, unknown>([
          ["y", [1, 2]],
          ["z", Float64Array.of(3)],
        ]),
      ),
    ).toBe(false);
    for (const [name, value] of data)
      if (name !== "y" && name !== "z")
        expect(
          isShapedData(
            new Map([
              ["y", [1]],
              [name, value],
            ]),
          ),
          name,
        ).toBe(true);
  });
});

describe("lowerProblem", () => {
  it("leaves scalar problems to today's path", () => {
    expect(
      lowerProblem(
        parse("mean((W*x - y)^2)"),
        ["W"],
        new Map(),
        new Map([
          ["x", [1, 2]],
          ["y", [3, 4]],
        ]),
      ),
    ).toBe(undefined);
  });

  it("a name cannot be both a parameter and data", () => {
    expect(() =>
      lowerProblem(
        parse("mean((W*x - y)^2)"),
        ["W", "y"],
        new Map(),
        new Map([
          ["x", [1]],
          ["y", [2]],
        ]),
      ),
    ).toThrow(/^'y' cannot be both a parameter and a data column$/);
    expect(() =>
      lowerProblem(
        parse("W*x + y"),
        ["x", "y", "W"],
        new Map(),
        new Map<string, TensorInput>([
          ["x", [1]],
          ["y", 2],
        ]),
      ),
    ).toThrow(/^'x', 'y' cannot be both a parameter and a data column$/);
  });

  it("lowers vector parameters, matrix data and data constants to a scalar formula with the reference's value", () => {
    const X = [
      [1, 2],
      [3, 4],
      [5, 7],
    ];
    const y = [1, 0, 2];
    const expr = parse("mean((X@w + c - y)^2)");
    const data = new Map<string, TensorInput>([
      ["X", X],
      ["y", y],
      ["c", 0.5],
    ]);
    const lowered = lowerProblem(expr, ["w"], new Map([["w", [2]]]), data)!;
    expect(lowered.layout.entries).toEqual(["w[0]", "w[1]"]);
    expect([...lowered.data.keys()]).toEqual(["X[:,0]", "X[:,1]", "y"]);
    expect(lowered.env("w")).toEqual([2]);
    expect(lowered.env("X")).toEqual(["n", 2]);
    const w = [0.25, -1];
    const got = evaluate(
      lowered.expr,
      new Map<string, number | Float64Array>([...lowered.data, ["w[0]", w[0]!], ["w[1]", w[1]!]]),
    );
    const want = evaluateTensor(expr, { X, y, c: 0.5, w }).values[0]!;
    // X@w + c - y = [-1.75, -3.25, -5.75] + 0.5 - [1, 0, 2] = [-2.25, -2.75, -7.25]
    expect(want).toBeCloseTo((2.25 ** 2 + 2.75 ** 2 + 7.25 ** 2) / 3, 14);
    expect(got).toBeCloseTo(want, 14);
  });

  it("lowers a problem whose only shaped part is a scalar data constant or a matrix datum", () => {
    const withConstant = lowerProblem(
      parse("mean((W*x - c)^2)"),
      ["W"],
      new Map(),
      new Map<string, TensorInput>([
        ["x", [1, 2]],
        ["c", 3],
      ]),
    )!;
    expect(
      evaluate(withConstant.expr, new Map<string, number | Float64Array>([...withConstant.data, ["W", 2]])),
    ).toBe((1 + 1) / 2);
    const vectorParam = lowerProblem(parse("sum(w)"), ["w"], new Map([["w", [3]]]), new Map())!;
    expect(vectorParam.layout.entries).toEqual(["w[0]", "w[1]", "w[2]"]);
    expect(
      evaluate(
        vectorParam.expr,
        new Map([
          ["w[0]", 1],
          ["w[1]", 2],
          ["w[2]", 4],
        ]),
      ),
    ).toBe(7);
  });
});

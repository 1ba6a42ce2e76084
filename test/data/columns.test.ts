import { describe, expect, it } from "vitest";
import { checkColumns, DataError, parseColumnFlag } from "../../src/data/index.js";

describe("parseColumnFlag", () => {
  it("reads name=values", () => {
    expect(parseColumnFlag("x=1,2,3")).toEqual({ name: "x", values: new Float64Array([1, 2, 3]) });
    expect(parseColumnFlag("y_2 = -1.5e3, .5 ,7")).toEqual({
      name: "y_2",
      values: new Float64Array([-1500, 0.5, 7]),
    });
  });

  it.each([
    ["x", 'expected name=values, e.g. "x=1,2,3"'],
    ["=1,2", 'the column name is missing; expected name=values, e.g. "x=1,2,3"'],
    ["2x=1,2", '"2x" is not a column name; expected name=values, e.g. "x=1,2,3"'],
    ["x=", "no values after '='"],
    ["x=1,,3", "value 2 of 3: it is empty"],
    ["x=1,2,abc", 'value 3 of 3: "abc" is not a number'],
    ["x=0x10", 'value 1 of 1: "0x10" is not a number (only decimal numbers are read)'],
    ["x=1,NaN", 'value 2 of 2: "NaN" is not allowed: data must be finite numbers'],
  ])("rejects %s", (text, message) => {
    expect(() => parseColumnFlag(text)).toThrow(DataError);
    expect(() => parseColumnFlag(text)).toThrow(message);
  });

  it("names the flag and the column in format()", () => {
    try {
      parseColumnFlag("x=1,2,abc");
    } catch (error) {
      expect((error as DataError).format()).toBe(
        '"x=1,2,abc", column "x": value 3 of 3: "abc" is not a number',
      );
      return;
    }
    expect.unreachable();
  });
});

describe("checkColumns", () => {
  it("returns the common length", () => {
    expect(checkColumns({ x: new Float64Array(3), y: new Float64Array(3) })).toBe(3);
  });

  it("names every column and its length when they differ", () => {
    expect(() => checkColumns({ x: new Float64Array(3), y: new Float64Array(2) })).toThrow(
      "data columns differ in length (x: 3, y: 2)",
    );
  });

  it("wants at least one column and one row", () => {
    expect(() => checkColumns({})).toThrow("no data columns");
    expect(() => checkColumns({ x: new Float64Array(0) })).toThrow("data columns have no rows (x)");
  });
});

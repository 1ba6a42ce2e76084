/**
 * `lowerProblem` decides from the shapes alone whether a problem is lowered, and reads (copies) the data's
 * columns only when it is: a scalar problem over a file of 10^7 rows keeps its columns as given. Columns here
 * count the reads of their entries.
 */
import { describe, expect, it } from "vitest";
import { lowerProblem } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

/** A column of `values` that counts how often an entry is read. */
function counted(values: readonly number[]) {
  const reads = { count: 0 };
  const column = new Proxy([...values], {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads.count++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { column, reads };
}

describe("lowerProblem", () => {
  it("reads no more than a plain column's first entry (column or rows?) when nothing is shaped", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const x = counted(rows);
    const y = counted(rows.map((v) => 2 * v));
    const data = new Map([
      ["x", x.column],
      ["y", y.column],
    ]);
    const expr = parse("mean((W*x + b - y)^2)", { data: ["x", "y"] });
    expect(lowerProblem(expr, ["W", "b"], new Map(), data)).toBeUndefined();
    expect(x.reads.count).toBeLessThan(5);
    expect(y.reads.count).toBeLessThan(5);
  });

  it("copies the columns of a lowered problem, entry by entry", () => {
    const x = counted([1, 2, 3]);
    const data = new Map<string, unknown>([
      ["x", x.column],
      ["y", [2, 4, 6]],
    ]);
    const expr = parse("mean((w*x - y)^2)", {
      data: ["x", "y"],
      shapes: (n) => (n === "w" ? [1] : undefined),
    });
    const lowered = lowerProblem(expr, ["w"], new Map([["w", [1]]]), data as never);
    expect(lowered).toBeDefined();
    expect(Array.from(lowered!.data.get("x")!)).toEqual([1, 2, 3]);
    expect(x.reads.count).toBeGreaterThanOrEqual(3);
  });

  it("still refuses a name that is both a parameter and a data column, before reading any", () => {
    const x = counted([1, 2, 3]);
    const expr = parse("mean((x - 1)^2)");
    expect(() => lowerProblem(expr, ["x"], new Map(), new Map([["x", x.column]]))).toThrow(
      "'x' cannot be both a parameter and a data column",
    );
    expect(x.reads.count).toBe(0);
  });

  it("still names data that is no column at all", () => {
    const expr = parse("mean((W*x - y)^2)", { data: ["x", "y"] });
    const data = new Map<string, unknown>([
      ["x", "1,2,3"],
      ["y", [1, 2, 3]],
    ]);
    expect(() => lowerProblem(expr, ["W"], new Map(), data as never)).toThrow(
      "data 'x' is not a number, an array, an array of rows or { shape, values }",
    );
  });
});

import { describe, expect, it } from "vitest";
import { asciiChart, shortNumber } from "../../src/terminal/index.js";

const lines = (chart: string) => chart.split("\n");
/** The plot rows, without the caption, and the caption. */
const parts = (chart: string) => ({ rows: lines(chart).slice(0, -1), caption: lines(chart).at(-1)!.trim() });
/** Columns after the y axis, for the widest row. */
const plotWidth = (rows: string[]) => Math.max(...rows.map((r) => r.length - r.search(/[┤┼]/) - 1));
/** The numeric y-axis labels, top to bottom. */
const labels = (rows: string[]) => rows.map((r) => Number(r.slice(0, r.search(/[┤┼]/)).trim()));

describe("asciiChart", () => {
  it("draws short series point for point, with a caption", () => {
    const { rows, caption } = parts(asciiChart([5, 4, 3, 2, 1], { height: 4 }));
    expect(rows).toHaveLength(5);
    expect(plotWidth(rows)).toBe(5);
    expect(caption).toBe("5 values, linear scale");
    expect(labels(rows)).toEqual([5, 4, 3, 2, 1]);
  });

  it("resamples long series to the width, keeping the first and last value", () => {
    const values = Array.from({ length: 1000 }, (_, k) => 2000 - k);
    const { rows, caption } = parts(asciiChart(values, { width: 40, height: 5 }));
    expect(plotWidth(rows)).toBe(40);
    expect(caption).toBe("1000 values, 40 drawn, linear scale");
    expect(labels(rows)[0]).toBe(2000);
    expect(labels(rows).at(-1)).toBe(1001);
  });

  it("uses a log10 axis for costs spanning decades, says so, and labels it in cost units", () => {
    const values = [1e4, 1e3, 100, 10, 1, 0.1, 0.01];
    const { rows, caption } = parts(asciiChart(values, { height: 6 }));
    expect(caption).toBe("7 values, log10 scale");
    expect(labels(rows)).toEqual([1e4, 1e3, 100, 10, 1, 0.1, 0.01]);
    // Evenly spaced in log: each step of the curve drops exactly one row.
    const rowOf = (col: number) =>
      rows.findIndex((r) => /[╮╯╰╭─]/.test(r[r.search(/[┤┼]/) + 1 + col] ?? " "));
    expect([0, 1, 2, 3].map(rowOf)).toEqual([0, 1, 2, 3]);
  });

  it("keeps exact zeros drawable on a log axis", () => {
    const { rows, caption } = parts(asciiChart([1000, 10, 0.1, 0], { height: 4 }));
    expect(caption).toBe("4 values, log10 scale");
    expect(labels(rows).at(-1)).toBe(0);
  });

  it("leaves non-finite values out and says how many", () => {
    expect(parts(asciiChart([3, 2, Number.POSITIVE_INFINITY, Number.NaN])).caption).toBe(
      "2 values, linear scale, 2 non-finite values not drawn",
    );
    expect(asciiChart([Number.NaN])).toBe("(nothing to draw: 1 non-finite value not drawn)");
    expect(asciiChart([])).toBe("(nothing to draw: no values)");
  });
});

describe("shortNumber", () => {
  it.each([
    [0, "0"],
    [1.5, "1.5"],
    [2, "2"],
    [-0.000123456789, "-0.000123457"],
    [123456.7, "123457"],
    [1234567, "1.23457e+6"],
    [1.5e-7, "1.5e-7"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("%s → %s", (n, text) => {
    expect(shortNumber(n)).toBe(text);
  });

  it("takes the number of significant digits", () => {
    expect(shortNumber(Math.PI, 3)).toBe("3.14");
  });
});

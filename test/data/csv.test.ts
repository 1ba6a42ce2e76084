import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError, readCsv, readCsvFile } from "../../src/data/index.js";
import { dataError } from "./dataError.js";

const csv = (text: string) => dataError(() => readCsv(text, { source: "points.csv" }));

describe("readCsv, happy paths", () => {
  it("reads named columns as Float64Arrays in header order", () => {
    const data = readCsv("x,y\n1,2\n-1.5e3,.5\n3,-0\n");
    expect(Object.keys(data)).toEqual(["x", "y"]);
    expect(data["x"]).toEqual(new Float64Array([1, -1500, 3]));
    expect(Array.from(data["y"]!)).toEqual([2, 0.5, -0]);
    expect(Object.is(data["y"]![2], -0)).toBe(true);
  });

  it("handles a BOM, CRLF line endings, quotes, spaces around cells and trailing empty lines", () => {
    const data = readCsv('\ufeff"x", y \r\n"1.5", 2\r\n 3 ,"4"\r\n\r\n\n');
    expect(data).toEqual({ x: new Float64Array([1.5, 3]), y: new Float64Array([2, 4]) });
  });

  it("reads only the requested columns, in the requested order, ignoring text in the others", () => {
    const data = readCsv("name,y,x\nalice,2,1\nbob,4,3\n", { columns: ["x", "y"] });
    expect(Object.keys(data)).toEqual(["x", "y"]);
    expect(data["x"]).toEqual(new Float64Array([1, 3]));
  });

  it("reads back random finite doubles bit for bit", () => {
    const write = (n: number) => (Object.is(n, -0) ? "-0" : String(n));
    const rows = fc.array(
      fc.tuple(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(rows, (pairs) => {
        const text = `a,b\n${pairs.map(([a, b]) => `${write(a)},${write(b)}`).join("\n")}\n`;
        const data = readCsv(text);
        pairs.forEach(([a, b], i) => {
          expect(Object.is(data["a"]![i], a)).toBe(true);
          expect(Object.is(data["b"]![i], b)).toBe(true);
        });
      }),
    );
  });
});

describe("readCsv, errors name the file, line and column", () => {
  it("empty file", () => {
    for (const text of ["", "\n\n", "\ufeff", "  \r\n"])
      expect(csv(text).format()).toBe("points.csv: the file is empty");
  });

  it("header only", () => {
    expect(csv("x,y\n").format()).toBe("points.csv, line 1: no data rows after the header");
  });

  it("missing header", () => {
    const error = csv("1,2\n3,4\n");
    expect(error.row).toBe(1);
    expect(error.message).toContain('e.g. "x1,x2"');
  });

  it("header with an empty name", () => {
    expect(csv("x,,y\n1,2,3\n").format()).toBe("points.csv, line 1: column 2 has no name in the header");
  });

  it("quotes at most a cut cell or name of a file that is not data, never whole lines", () => {
    const passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
    const header = dataError(() => readCsv(passwd, { source: "/etc/passwd", columns: ["u"] }));
    expect(header.format()).toBe(
      '/etc/passwd, line 1, column "u": no such column in the header ("root:x:0:0:root:/root:/b…")',
    );
    const secret = "s3cret-".repeat(20);
    const cell = dataError(() => readCsv(`x,y\n1,${secret}\n`)).format();
    expect(cell).toBe(`line 2, column "y": "${secret.slice(0, 24)}…" is not a number`);
    const wide = `${Array.from({ length: 30 }, (_, i) => `c${i}`).join(",")}\n${"1,".repeat(29)}1\n`;
    expect(dataError(() => readCsv(wide, { columns: ["q"] })).message).toBe(
      'no such column in the header ("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", and 22 more)',
    );
  });

  it("duplicate header names", () => {
    expect(csv("x,y,x\n1,2,3\n").format()).toBe(
      'points.csv, line 1: the header names two columns "x" (columns 1 and 3)',
    );
  });

  it("a requested column not in the header, with a suggestion", () => {
    const error = dataError(() => readCsv("x,y\n1,2\n", { source: "points.csv", columns: ["x", "yy"] }));
    expect(error.column).toBe("yy");
    expect(error.format()).toBe(
      'points.csv, line 1, column "yy": no such column in the header ("x", "y"); did you mean "y"?',
    );
    expect(dataError(() => readCsv("x,y\n1,2\n", { columns: ["weight"] })).message).not.toContain(
      "did you mean",
    );
  });

  it("empty cells, including a lone space and a missing last cell", () => {
    expect(csv("x,y\n1,2\n3,\n").format()).toBe('points.csv, line 3, column "y": the cell is empty');
    expect(csv("x,y\n1,2\n ,4\n").format()).toBe('points.csv, line 3, column "x": the cell is empty');
    expect(csv('x,y\n1,""\n').format()).toBe('points.csv, line 2, column "y": the cell is empty');
  });

  it.each([
    ["abc", '"abc" is not a number'],
    ["1,5", '"1,5" is not a number (write the decimal point as ".")'],
    ["0x10", '"0x10" is not a number (only decimal numbers are read)'],
    ["NaN", '"NaN" is not allowed: data must be finite numbers'],
    ["-Infinity", '"-Infinity" is not allowed: data must be finite numbers'],
    ["1e999", '"1e999" is too large for a 64-bit float'],
    ["1.2.3", '"1.2.3" is not a number'],
    ["1e", '"1e" is not a number'],
    ["+", '"+" is not a number'],
    ["1 2", '"1 2" is not a number'],
  ])("non-numeric cell %s", (cell, message) => {
    const error = csv(`x,y\n1,2\n3,4\n5,"${cell}"\n`);
    expect(error).toMatchObject({ row: 4, column: "y", source: "points.csv", message });
    expect(error.format()).toBe(`points.csv, line 4, column "y": ${message}`);
  });

  it("ragged rows, too many or too few cells", () => {
    expect(csv("x,y\n1,2\n3,4,5\n").format()).toBe(
      "points.csv, line 3: 3 cells, but the header names 2 columns",
    );
    expect(csv("x,y\n1,2\n3\n").format()).toBe("points.csv, line 3: 1 cell, but the header names 2 columns");
  });

  it("an empty line among the data is reported, not skipped", () => {
    expect(csv("x,y\n1,2\n\n3,4\n").format()).toBe("points.csv, line 3: empty line among the data rows");
  });

  it("line numbers count the lines of a quoted cell that spans lines", () => {
    expect(csv('x,y\n1,"2\n"\n3,abc\n').row).toBe(4);
    expect(csv("x,y\r\n1,2\r\n3,abc\r\n").row).toBe(3);
  });

  it("broken quoting", () => {
    expect(csv('x,y\n1,"2"x\n').format()).toBe("points.csv, line 2: text after the closing quote of a cell");
    expect(csv('x,y\n1,"2\n3,4\n').message).toBe('a quoted cell is never closed (a " is missing)');
  });
});

describe("readCsvFile", () => {
  it("reads a file, and names the path when it cannot", async () => {
    const dir = await mkdtemp(join(tmpdir(), "symgrad-csv-"));
    const path = join(dir, "points.csv");
    await writeFile(path, "x,y\n1,abc\n");
    await expect(readCsvFile(path, { columns: ["x"] })).resolves.toEqual({ x: new Float64Array([1]) });
    await expect(readCsvFile(path)).rejects.toMatchObject({ source: path, row: 2, column: "y" });
    const missing = join(dir, "nope.csv");
    await expect(readCsvFile(missing)).rejects.toThrow(DataError);
    await expect(readCsvFile(missing)).rejects.toMatchObject({
      source: missing,
      message: "cannot read the file: no such file",
    });
    await expect(readCsvFile(dir)).rejects.toMatchObject({
      message: "cannot read the file: is a directory, not a file",
    });
  });
});

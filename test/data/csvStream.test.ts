import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecimalScanner, decimalFromBytes } from "../../src/data/decimalBytes.js";
import { CsvReader, type CsvReaderOptions, DataError, readCsv } from "../../src/data/index.js";
import { dataError } from "./dataError.js";

const encode = (text: string) => new TextEncoder().encode(text);

/** Reads `text` pushed in pieces cut at `cuts` (byte offsets, any order, out-of-range ones ignored). */
function readCut(text: string, cuts: readonly number[], options: CsvReaderOptions = {}) {
  const bytes = encode(text);
  const ends = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const reader = new CsvReader(options);
  let from = 0;
  for (const end of [...ends, bytes.length]) {
    reader.push(bytes.slice(from, end));
    from = end;
  }
  return reader.end();
}

/** What reading gives, as something `toEqual` compares: the columns as arrays, or the error's text. */
function outcome(read: () => Record<string, Float64Array>): unknown {
  try {
    return Object.entries(read()).map(([name, values]) => [
      name,
      Array.from(values, (v) => String(v) + (Object.is(v, -0) ? "-" : "")),
    ]);
  } catch (error) {
    if (error instanceof DataError) return error.format();
    throw error;
  }
}

const arbCuts = fc.array(fc.nat({ max: 400 }), { maxLength: 12 });

/** Numbers as people and programs write them: short decimals (the fast path) and everything else. */
const arbNumberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? "-0" : String(v))),
  fc
    .integer({ min: -99999, max: 99999 })
    .chain((n) => fc.nat({ max: 6 }).map((k) => (n / 10 ** k).toFixed(k))),
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.nat({ max: 20 }))
    .map(([v, d]) => v.toExponential(d)),
  fc
    .stringMatching(/^[+-]?(0|[1-9][0-9]{0,20})(\.[0-9]{0,20})?([eE][+-]?[0-9]{1,3})?$/)
    .filter((text) => Number.isFinite(Number(text))),
);

/** How one cell is written: quoted or not, with spaces around the number or not. */
const arbCellStyle = fc.record({ quoted: fc.boolean(), padded: fc.boolean() });

/** A table of numbers written as CSV in many styles, with its expected columns. */
const arbTable = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom("x", "y", "température", "温度", "a_1", "__proto__", "z"), {
      minLength: 1,
      maxLength: 4,
    }),
    rows: fc.integer({ min: 1, max: 12 }),
    lineEnd: fc.constantFrom("\n", "\r\n", "\r"),
    bom: fc.boolean(),
    trailing: fc.constantFrom("", "\n", "\n\n", "\r\n  \r\n"),
    note: fc.constantFrom("", 'a "note", on\ntwo lines', "naïve, ümlaut"),
  })
  .chain(({ names, rows, ...format }) =>
    fc.record({
      names: fc.constant(names),
      format: fc.constant(format),
      cells: fc.array(
        fc.array(fc.tuple(arbNumberText, arbCellStyle), { minLength: names.length, maxLength: names.length }),
        {
          minLength: rows,
          maxLength: rows,
        },
      ),
    }),
  )
  .map(({ names, format, cells }) => {
    const cell = ([text, { quoted, padded }]: readonly [string, { quoted: boolean; padded: boolean }]) => {
      const inner = padded ? ` ${text}\t` : text;
      return quoted ? `"${inner}"` : inner;
    };
    // a text column that is not read: it may hold anything, quoted
    const note = format.note === "" ? [] : [`"${format.note.replaceAll('"', '""')}"`];
    const lines = [
      [...names, ...(note.length ? ["note"] : [])].join(","),
      ...cells.map((row) => [...row.map(cell), ...note].join(",")),
    ];
    const text = (format.bom ? "\ufeff" : "") + lines.join(format.lineEnd) + format.trailing;
    const expected = names.map((name, c) => [name, cells.map((row) => Number(row[c]![0]))] as const);
    return { text, names, expected };
  });

describe("CsvReader: any cutting into chunks reads the same table", () => {
  it("reads random tables written in many styles, cut anywhere, back exactly", () => {
    fc.assert(
      fc.property(arbTable, arbCuts, ({ text, names, expected }, cuts) => {
        const data = readCut(text, cuts, { columns: names, size: encode(text).length });
        expect(Object.keys(data)).toEqual(names);
        for (const [name, values] of expected) {
          const read = data[name]!;
          expect(read.length).toBe(values.length);
          values.forEach((v, i) => {
            expect(Object.is(read[i], v), `${name}[${i}]: ${read[i]} vs ${v}`).toBe(true);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same columns or the same error for random text, in one piece or cut anywhere", () => {
    const arbText = fc
      .array(
        fc.constantFrom(
          "x",
          "y",
          ",",
          ",",
          "\n",
          "\r",
          "\r\n",
          '"',
          '""',
          " ",
          "1",
          "2.5",
          "-",
          "e",
          "é",
          "\ufeff",
        ),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(arbText, arbCuts, (text, cuts) => {
        expect(outcome(() => readCut(text, cuts))).toEqual(outcome(() => readCsv(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it("cut at every pair of places: a BOM, a multi-byte header, CRLF, escaped quotes, a quoted line end", () => {
    const text = '\ufeff"temp, °C",温度,note\r\n1.5,-2e3,"say ""hi"""\r\n 3 ,"4","two\r\nlines"\r\n5,6,\r\n';
    const expected = { "temp, °C": [1.5, 3, 5], 温度: [-2000, 4, 6] };
    const length = encode(text).length;
    for (let a = 1; a < length; a++)
      for (let b = a; b < length; b++) {
        const data = readCut(text, [a, b], { columns: ["temp, °C", "温度"] });
        expect(
          { "temp, °C": Array.from(data["temp, °C"]!), 温度: Array.from(data["温度"]!) },
          `cut at ${a}, ${b}`,
        ).toEqual(expected);
      }
  });

  it("a bad cell is found at its line and column however the text is cut, after any number of good rows", () => {
    const arbCase = fc.record({
      rows: fc.integer({ min: 1, max: 40 }),
      bad: fc.nat(),
      column: fc.nat({ max: 2 }),
      cell: fc.constantFrom("abc", "1,5", "", "1e", "--1", "0x10", "NaN", "1e999", '"', "é"),
      lineEnd: fc.constantFrom("\n", "\r\n"),
      cuts: arbCuts,
    });
    fc.assert(
      fc.property(arbCase, ({ rows, bad, column, cell, lineEnd, cuts }) => {
        const at = bad % rows;
        const lines = ["a,b,c"];
        for (let r = 0; r < rows; r++) {
          const cells = [`${r}.25`, `${-r}`, `${r}e-3`];
          if (r === at) cells[column] = cell === "1,5" ? '"1,5"' : cell;
          lines.push(cells.join(","));
        }
        const error = (() => {
          try {
            readCut(lines.join(lineEnd), cuts, { source: "t.csv" });
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).row).toBe(at + 2);
        if (cell !== '"') expect((error as DataError).column).toBe("abc"[column]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("CsvReader, regressions found by the properties above", () => {
  it("a quoted last cell with no line end after it, in bytes held from an earlier chunk", () => {
    // the held bytes are moved to the front of the buffer, leaving a stale `"` right after them, which
    // was taken for the second half of a `""` escape
    expect(readCut('xy\n"1"', [1])).toEqual({ xy: new Float64Array([1]) });
  });
});

describe("numbers are read exactly as Number() reads them", () => {
  const arbDecimal = fc
    .record({
      sign: fc.constantFrom("", "-", "+"),
      whole: fc.stringMatching(/^[0-9]{0,25}$/),
      point: fc.boolean(),
      fraction: fc.stringMatching(/^[0-9]{0,25}$/),
      exponent: fc.option(
        fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "-", "+"), fc.integer({ min: 0, max: 400 })),
      ),
    })
    .map(({ sign, whole, point, fraction, exponent }) => {
      const mantissa = point ? `${whole}.${fraction}` : whole + fraction;
      return sign + mantissa + (exponent ? exponent[0] + exponent[1] + exponent[2] : "");
    });

  it("the fast path agrees with Number() on random decimal strings, or leaves them to the exact rule", () => {
    fc.assert(
      fc.property(arbDecimal, (text) => {
        const fast = decimalFromBytes(encode(text), 0, text.length);
        if (!Number.isNaN(fast)) expect(Object.is(fast, Number(text)), `${text}: ${fast}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("the fast path reads every decimal of at most 15 significant digits within 10^±22, however padded", () => {
    const arbShort = fc
      .record({
        digits: fc.stringMatching(/^[1-9][0-9]{0,14}$/),
        point: fc.nat({ max: 15 }),
        leading: fc.nat({ max: 5 }),
        trailing: fc.nat({ max: 20 }),
        sign: fc.constantFrom("", "-", "+"),
      })
      .map(({ digits, point, leading, trailing, sign }) => {
        const all = "0".repeat(leading) + digits + "0".repeat(trailing);
        const at = Math.min(point + leading, all.length);
        return `${sign}${all.slice(0, at)}.${all.slice(at)}`;
      });
    fc.assert(
      fc.property(arbShort, (text) => {
        // the value is the significant digits times 10^k with |k| ≤ 22 here: |exponent| of the integer reading
        const fast = decimalFromBytes(encode(text), 0, text.length);
        expect(Object.is(fast, Number(text)), `${text}: ${fast}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("the scanner reads a decimal followed by more of the row: Number()'s value, ending at the comma", () => {
    const scanner = new DecimalScanner();
    fc.assert(
      fc.property(arbDecimal, fc.constantFrom(",", "\n", ",7"), (text, after) => {
        const value = scanner.scan(encode(`${text}${after}`), 0, text.length + after.length);
        const exact = Number(text);
        if (!/[0-9]/.test(text) || !Number.isFinite(exact)) return;
        expect(scanner.end, text).toBe(text.length);
        const read = scanner.slow ? Number(text) : value;
        expect(Object.is(read, exact), `${text}: ${read}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("cells read through the whole reader, fast path or not, equal Number() of their text", () => {
    fc.assert(
      fc.property(fc.array(arbDecimal, { minLength: 1, maxLength: 30 }), (texts) => {
        const usable = texts.map((t) => (/[0-9]/.test(t) && Number.isFinite(Number(t)) ? t : "0"));
        const data = readCsv(`v\n${usable.join("\n")}\n`);
        usable.forEach((t, i) => {
          expect(Object.is(data["v"]![i], Number(t)), t).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("CsvReader, line ends and sizes", () => {
  it("reads lone \\r as a line end (old Mac files), and counts lines by it", () => {
    expect(readCsv("x,y\r1,2\r3,4\r")).toEqual({ x: new Float64Array([1, 3]), y: new Float64Array([2, 4]) });
    expect(dataError(() => readCsv("x\r1\rabc\r")).row).toBe(3);
  });

  it("reads the same whatever size it is told, too small or too large, with columns of the exact length", () => {
    const text = `x,y\n${Array.from({ length: 5000 }, (_, i) => `${i},${-i}`).join("\n")}\n`;
    for (const size of [undefined, 1, 100, text.length, 100 * text.length]) {
      const data = readCut(text, [4000, 9000], size === undefined ? {} : { size });
      expect(data["x"]!.length).toBe(5000);
      expect(data["y"]![4999]).toBe(-4999);
      expect(data["x"]![1234]).toBe(1234);
    }
  });

  it("says when the data would not fit in memory, at the row where it stops, without reading on", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${i}`).join("\n");
    // two columns of 8 bytes a row may take half of 64,000 bytes: 2,000 rows
    const error = dataError(() => readCut(`x,y\n${rows}\n`, [], { memory: 64000, source: "big.csv" }));
    expect(error.format()).toBe(
      "big.csv, line 2002: the data does not fit in memory: 2 columns of more than 2,000 rows take 32 kB, " +
        "half of this machine's 64 kB; read fewer rows or columns",
    );
    expect(readCut(`x,y\n${rows}\n`, [], { memory: 64000, columns: ["x"] })["x"]!.length).toBe(3000);
  });

  it("says when one row is too long to hold (an unclosed quote in a big file), instead of holding it all", () => {
    const text = `x,y\n1,"2\n${"3,4\n".repeat(300)}`;
    const error = dataError(() => readCut(text, [20, 400, 800], { memory: 4000 }));
    expect(error.row).toBe(2);
    expect(error.message).toContain("is a quote never closed?");
  });
});

describe("CsvReader, choosing columns", () => {
  it("`include` reads only the columns it accepts; the others may hold anything; it is asked once per name", () => {
    const asked: string[] = [];
    const data = readCsv('id,x,label,y\n7,1,"a, b",2\nq,3,,4\n', {
      include: (name) => {
        asked.push(name);
        return name === "x" || name === "y";
      },
    });
    expect(asked).toEqual(["id", "x", "label", "y"]);
    expect(data).toEqual({ x: new Float64Array([1, 3]), y: new Float64Array([2, 4]) });
  });

  it("a column asked for twice is read twice", () => {
    expect(readCsv("x,y\n1,2\n3,4\n", { columns: ["y", "x", "y"] })).toEqual({
      y: new Float64Array([2, 4]),
      x: new Float64Array([1, 3]),
    });
  });

  it("a wide header with a duplicate name is found without comparing every pair", () => {
    const names = Array.from({ length: 50000 }, (_, i) => `c${i}`);
    const text = `${names.join(",")},c7\n`;
    expect(dataError(() => readCsv(text)).message).toBe(
      'the header names two columns "c7" (columns 8 and 50001)',
    );
  });
});

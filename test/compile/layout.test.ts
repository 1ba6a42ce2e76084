/**
 * `layout` on bodies written by hand, whose results are known in closed form: a chain v_k = v_{k-1} + p[0]
 * computes (k+1)·p[0] whichever function each statement lands in, so a value passed wrongly between chunk
 * functions (a scratch slot missing, shared or read before it is written), an input not reloaded, a chunk
 * not called or called out of order shows as a wrong number. Sizes are chosen around CHUNK_CHARS and around
 * the 200 calls an entry point makes before it calls its chunks through groups.
 */
import { describe, expect, test } from "vitest";
import { type Body, placeholder, type Statement } from "../../src/compile/codegen.js";
import { CHUNK_CHARS, layout, type Scratch } from "../../src/compile/layout.js";

/** A statement defining local k as local `from` plus the input local 0, padded by a comment to `width`. */
function link(k: number, from: number, width = 0): Statement {
  const line = `const v${k} = ${placeholder(from)} + ${placeholder(0)};`;
  return {
    lines: [width > line.length ? `${line} //${"x".repeat(width - line.length - 3)}` : line],
    defines: [k],
  };
}

const load = (k: number, text: string): Statement => ({
  lines: [`const v${k} = ${text};`],
  defines: [k],
  load: text,
});

/** A chain of `count` links after loading p[0] into local 0: local k holds (k+1)·p[0]. */
function chain(count: number, width = 0): Statement[] {
  return [load(0, "p[0]"), ...Array.from({ length: count }, (_, j) => link(j + 1, j, width))];
}

/** The laid-out functions made runnable: the entry point `name`, over scratch T and data columns `cols`. */
function run(body: Body, params = "p, g", cols: Float64Array[] = [], rows = 0) {
  const scratch: Scratch = { size: 0 };
  const functions = layout("entry", params, body, scratch);
  const source = [
    ...cols.map((_, k) => `const C${k} = cols[${k}];`),
    `const T = new Float64Array(${scratch.size});`,
    `const N = ${rows};`,
    ...functions,
    "return entry;",
  ].join("\n");
  const entry = new Function("cols", source)(cols) as (p: Float64Array, g?: Float64Array) => number;
  return { entry, functions, scratch, source };
}

/** The names of the functions laid out. */
const declared = (functions: readonly string[]) =>
  functions.filter((line) => line.startsWith("function ")).map((line) => line.slice(9, line.indexOf("(")));

describe("a small body is one function", () => {
  test("its locals stay locals, its result is returned, inputs are read once", () => {
    const body: Body = { statements: chain(5), result: placeholder(5) };
    const { entry, functions, scratch } = run(body);
    expect(declared(functions)).toEqual(["entry"]);
    expect(scratch.size).toBe(0);
    expect(entry(Float64Array.of(1.5))).toBe(6 * 1.5);
    expect(functions.filter((line) => line.includes("p[0]"))).toHaveLength(1);
  });

  test("a body that only writes outputs returns nothing", () => {
    const statements = [...chain(3), { lines: [`g[1] = ${placeholder(3)};`], defines: [] }];
    const g = new Float64Array(2);
    const { entry } = run({ statements });
    expect(entry(Float64Array.of(2), g)).toBeUndefined();
    expect([...g]).toEqual([0, 8]);
  });

  test("the row count and the data columns a function reads are declared, in order, once", () => {
    const x = Float64Array.of(1, 2, 4);
    const y = Float64Array.of(3, 5, 7);
    const statements: Statement[] = [
      load(0, "p[0]"),
      {
        lines: [
          "let s = 0;",
          "for (let i = 0; i < n; i++) s += c1[i] * c0[i] + c1[i];",
          `const v1 = s * ${placeholder(0)};`,
        ],
        defines: [1],
      },
    ];
    const { entry, functions } = run({ statements, result: placeholder(1) }, "p", [x, y], 3);
    // sum(y*x + y) = 3 + 10 + 28 + 15
    expect(entry(Float64Array.of(0.5))).toBe(28);
    expect(functions.filter((line) => /const (n|c\d+) = /.test(line))).toEqual([
      "  const n = N;",
      "  const c0 = C0;",
      "  const c1 = C1;",
    ]);
  });

  test("a body that reads no rows and no columns declares neither", () => {
    const { functions } = run({ statements: chain(2), result: placeholder(2) });
    expect(functions.some((line) => /const (n|c\d+) = /.test(line))).toBe(false);
  });
});

describe("a big body in chunks", () => {
  const width = CHUNK_CHARS / 4;

  test("values cross chunks through T, the input is reloaded in each chunk, the last chunk returns", () => {
    const count = 40;
    const { entry, functions, scratch } = run({
      statements: chain(count, width),
      result: placeholder(count),
    });
    const names = declared(functions);
    // four statements a chunk, less the declarations they need
    expect(names.length).toBeGreaterThanOrEqual(count / 4 + 1);
    expect(names[0]).toBe("entry");
    expect(names.slice(1)).toEqual(names.slice(1).map((_, c) => `entry_${c}`));
    // each chunk passes its last value on in one slot; the slots are distinct
    expect(scratch.size).toBe(names.length - 2);
    expect(entry(Float64Array.of(0.75))).toBe((count + 1) * 0.75);
    const loads = functions.filter((line) => line.includes("p[0]")).length;
    expect(loads).toBe(names.length - 1);
  });

  test("every chunk is below about CHUNK_CHARS, counting the declarations it needs", () => {
    const { functions } = run({ statements: chain(60, width), result: placeholder(60) });
    const text = functions.join("\n").split(/\n(?=function )/);
    for (const f of text.slice(1)) expect(f.length).toBeLessThan(CHUNK_CHARS + 200);
  });

  test("a chunk's size counts the declarations of the values it reads from other chunks", () => {
    // locals 1..100 hold j·p[0]; then each of 60 statements adds all hundred to the last
    const statements: Statement[] = [load(0, "p[0]")];
    for (let j = 1; j <= 100; j++)
      statements.push({ lines: [`const v${j} = ${placeholder(0)} * ${j};`], defines: [j] });
    const all = Array.from({ length: 100 }, (_, j) => placeholder(j + 1)).join(" + ");
    for (let k = 101; k <= 160; k++)
      statements.push({ lines: [`const v${k} = ${placeholder(k - 1)} + ${all};`], defines: [k] });
    const { entry, functions } = run({ statements, result: placeholder(160) });
    expect(entry(Float64Array.of(2))).toBe((100 + 60 * 5050) * 2);
    const texts = functions.join("\n").split(/\n(?=function )/);
    expect(texts.length).toBeGreaterThan(5);
    // each chunk declares the hundred values it reads: about 100 × 24 characters, counted in its size (the
    // first chunk, which stores them for the others, is left out: its stores are not counted)
    for (const f of texts.slice(2)) expect(f.length).toBeLessThan(CHUNK_CHARS + 100);
    // and chunks are full: each but the last holds most of CHUNK_CHARS
    for (const f of texts.slice(1, -1)) expect(f.length).toBeGreaterThan(CHUNK_CHARS * 0.75);
  });

  test("a result computed in an early chunk is passed to the last one, which returns it", () => {
    const { entry } = run({ statements: chain(30, CHUNK_CHARS / 2), result: placeholder(2) });
    expect(entry(Float64Array.of(1.5))).toBe(3 * 1.5);
  });

  test("columns numbered beyond 9 are declared too", () => {
    const cols = Array.from({ length: 12 }, (_, k) => Float64Array.of(k, 2 * k));
    const reads = cols.map((_, k) => `c${k}[i]`).join(" + ");
    const statements: Statement[] = [
      { lines: ["let s = 0;", `for (let i = 0; i < n; i++) s += ${reads};`, "const v0 = s;"], defines: [0] },
    ];
    const { entry } = run({ statements, result: placeholder(0) }, "p", cols, 2);
    // the sum over both rows of 0 + 1 + … + 11, once and twice
    expect(entry(new Float64Array(0))).toBe(3 * 66);
  });

  test("a statement longer than a chunk is a chunk of its own, and never an empty one", () => {
    const count = 5;
    const { entry, functions } = run({
      statements: chain(count, 2 * CHUNK_CHARS),
      result: placeholder(count),
    });
    expect(declared(functions)).toEqual(["entry", ...Array.from({ length: count }, (_, c) => `entry_${c}`)]);
    expect(entry(Float64Array.of(3))).toBe((count + 1) * 3);
  });

  test("a value read by several later chunks is stored once and read by each", () => {
    // local 1 = 2·p0, then every link adds local 1 instead of the input: local k = 2k·p0
    const statements: Statement[] = [load(0, "p[0]"), link(1, 0)];
    for (let k = 2; k <= 12; k++) {
      const line = `const v${k} = ${placeholder(k - 1)} + ${placeholder(1)}; //`;
      statements.push({ lines: [line + "x".repeat(CHUNK_CHARS / 2)], defines: [k] });
    }
    const { entry, source } = run({ statements, result: placeholder(12) });
    expect(entry(Float64Array.of(1.25))).toBe(24 * 1.25);
    expect(source.match(/T\[\d+\] = v1;/g)).toHaveLength(1);
  });

  test("outputs written in every chunk all arrive, and the entry returns nothing without a result", () => {
    const count = 12;
    const statements: Statement[] = [load(0, "p[0]")];
    for (let k = 1; k <= count; k++)
      statements.push(link(k, k - 1, CHUNK_CHARS / 2), {
        lines: [`g[${k - 1}] = ${placeholder(k)};`],
        defines: [],
      });
    const g = new Float64Array(count);
    const { entry } = run({ statements });
    expect(entry(Float64Array.of(0.5), g)).toBeUndefined();
    expect([...g]).toEqual(Array.from({ length: count }, (_, k) => (k + 2) * 0.5));
  });

  test("scratch only grows: a smaller body laid out later keeps the size a bigger one needed", () => {
    const scratch: Scratch = { size: 0 };
    layout("big", "p", { statements: chain(40, CHUNK_CHARS / 2), result: placeholder(40) }, scratch);
    const big = scratch.size;
    expect(big).toBeGreaterThan(10);
    layout("small", "p", { statements: chain(8, CHUNK_CHARS / 2), result: placeholder(8) }, scratch);
    expect(scratch.size).toBe(big);
  });
});

describe("many chunks are called through groups", () => {
  /** Statements of which no two fit in one chunk. */
  const wide = CHUNK_CHARS / 2 + 1;

  test("the entry calls at most 200 functions, each group too, and the value is right", () => {
    const count = 250; // one statement per chunk: 250 chunks, called through two groups
    const { entry, functions } = run({ statements: chain(count, wide), result: placeholder(count) });
    expect(entry(Float64Array.of(2))).toBe((count + 1) * 2);
    const text = functions.join("\n").split(/\n(?=function )/);
    const calls = (f: string) => f.match(/^ {2}(return )?entry_\w+\(p, g\);$/gm)?.length ?? 0;
    expect(text[0]).toBe(
      ["function entry(p, g) {", "  entry_g0_0(p, g);", "  return entry_g0_1(p, g);", "}"].join("\n"),
    );
    const groups = text.filter((f) => f.startsWith("function entry_g"));
    expect(groups.map(calls)).toEqual([200, 50]);
    // only the last call of the last group returns
    expect(groups.map((f) => f.match(/return /g)?.length ?? 0)).toEqual([0, 1]);
    expect(groups[1]).toMatch(/ {2}return entry_249\(p, g\);\n\}$/);
  });

  test("outputs written without a result: no call returns", () => {
    const count = 230;
    const statements: Statement[] = [load(0, "p[0]")];
    for (let k = 1; k <= count; k++) statements.push(link(k, k - 1, wide));
    statements.push({ lines: [`g[0] = ${placeholder(count)};`], defines: [] });
    const g = new Float64Array(1);
    const { entry, source } = run({ statements });
    expect(entry(Float64Array.of(1), g)).toBeUndefined();
    expect(g[0]).toBe(count + 1);
    expect(source.includes("return entry_")).toBe(false);
  });
});

/**
 * Layout: a generated Body → JavaScript functions that V8 will optimize. A small body is one function, its
 * values in locals. A big one (a 1000-parameter gradient) is cut into chunk functions of about CHUNK_CHARS
 * of text, called in order by the entry point; a value computed in one chunk and read in a later one passes
 * through the kernel's scratch array `T` (a Float64Array), and inputs (`p[0]`, `K[3]`) are read again where
 * needed. V8 gives up optimizing a function whose bytecode is too big (60 KB), and compiling a huge one
 * costs time and memory; chunks keep every function well below that.
 */
import { type Body, PLACEHOLDER, type Statement } from "./codegen.js";

/** Characters of statements per chunk function: far below V8's limit, big enough for calls not to matter. */
export const CHUNK_CHARS = 8000;

/** Calls per function when an entry point calls its chunks through groups. */
const CALLS_PER_FUNCTION = 200;

/** The scratch array's size needed so far: the most slots any laid-out function uses. */
export interface Scratch {
  size: number;
}

/** About the length of a line declaring a value read from elsewhere, `const v123 = T[45];`. */
const DECLARATION = 24;
const size = (s: Statement) => s.lines.reduce((total, line) => total + line.length + 1, 0);
// a replacement pattern, not a function: no call into JavaScript per placeholder
const resolve = (line: string) => (line.includes("@") ? line.replace(PLACEHOLDER, "v$1") : line);

/** What some lines read: top-level locals (by placeholder), data columns, and the row count `n`. */
interface Reads {
  readonly locals: readonly number[];
  readonly columns: readonly number[];
  readonly rows: boolean;
}

/** What `lines` read, each found by one scan of the text. */
function scan(lines: readonly string[]): Reads {
  const text = lines.length === 1 ? lines[0]! : lines.join("\n");
  return { locals: numbers(text, PLACEHOLDER), columns: numbers(text, COLUMN), rows: /\bn\b/.test(text) };
}

const COLUMN = /\bc(\d+)\[/g;

/** The numbers that group 1 of the global `pattern` matches in `text`, in order. */
function numbers(text: string, pattern: RegExp): number[] {
  const found: number[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push(Number(m[1]));
  return found;
}

/** What each statement reads, scanned once however often the layout asks (a big body asks several times). */
function scanner(): (s: Statement) => Reads {
  const known = new Map<Statement, Reads>();
  return (s) => {
    let reads = known.get(s);
    if (reads === undefined) {
      reads = scan(s.lines);
      known.set(s, reads);
    }
    return reads;
  };
}

/**
 * The statements that compute (not the loads of inputs), cut into runs of about `CHUNK_CHARS` counting the
 * declarations each run needs for the values it reads; a loop is never cut.
 */
function chunks(statements: readonly Statement[], readsOf: (s: Statement) => Reads): Statement[][] {
  const runs: Statement[][] = [[]];
  let chars = 0;
  let read = new Set<number>();
  for (let j = 0; j < statements.length; j++) {
    const s = statements[j]!;
    if (s.load !== undefined) continue;
    // the locals it reads that this run has not, marked read at once (no set per statement); when it starts
    // a new run, they are that run's first reads
    const { locals } = readsOf(s);
    const fresh: number[] = [];
    for (let i = 0; i < locals.length; i++)
      if (!read.has(locals[i]!)) {
        read.add(locals[i]!);
        fresh.push(locals[i]!);
      }
    const n = size(s) + DECLARATION * fresh.length;
    if (chars > 0 && chars + n > CHUNK_CHARS) {
      runs.push([]);
      chars = 0;
      read = new Set(fresh);
    }
    runs[runs.length - 1]!.push(s);
    chars += n;
    for (let i = 0; i < s.defines.length; i++) read.add(s.defines[i]!);
  }
  return runs;
}

/** The declarations a function needs before code that `reads`: the row count, data columns and inputs. */
function prelude(
  reads: readonly Reads[],
  loads: ReadonlyMap<number, string>,
  imports: ReadonlyMap<number, number>,
) {
  const sorted = (lists: readonly (readonly number[])[]) => [...new Set(lists.flat())].sort((a, b) => a - b);
  const columns = sorted(reads.map((r) => r.columns));
  const read = sorted(reads.map((r) => r.locals));
  return [
    ...(reads.some((r) => r.rows) ? ["const n = N;"] : []),
    ...columns.map((k) => `const c${k} = C${k};`),
    ...read.flatMap((k) => {
      const load = loads.get(k);
      if (load !== undefined) return [`const v${k} = ${load};`];
      const slot = imports.get(k);
      return slot === undefined ? [] : [`const v${k} = T[${slot}];`];
    }),
  ];
}

const indent = (lines: readonly string[]) => lines.map((line) => `  ${line}`);

/**
 * The JavaScript functions for entry point `name(params)` computing `body`; chunk functions are named
 * `name_0`, `name_1`, …, and `scratch` grows to the slots of `T` they need.
 */
export function layout(name: string, params: string, body: Body, scratch: Scratch): string[] {
  const loads = new Map<number, string>();
  for (const s of body.statements) if (s.load !== undefined) loads.set(s.defines[0]!, s.load);
  const readsOf = scanner();
  const runs = chunks(body.statements, readsOf);
  const returns = body.result === undefined ? [] : [`return ${body.result};`];
  const returnReads = scan(returns);
  /** A function computing `run` then `lines`, which read what `reads` say (with the run's own reads). */
  const fn = (
    fname: string,
    run: readonly Statement[],
    lines: readonly string[],
    reads: readonly Reads[],
    imports: ReadonlyMap<number, number>,
  ) => {
    const text = [`function ${fname}(${params}) {`];
    for (const line of prelude([...run.map(readsOf), ...reads], loads, imports))
      text.push(`  ${resolve(line)}`);
    for (let i = 0; i < lines.length; i++) text.push(`  ${resolve(lines[i]!)}`);
    text.push("}");
    return text;
  };
  if (runs.length === 1)
    return fn(name, runs[0]!, [...runs[0]!.flatMap((s) => s.lines), ...returns], [returnReads], new Map());

  const definedIn = new Map<number, number>();
  runs.forEach((run, c) => {
    for (const s of run) for (const k of s.defines) definedIn.set(k, c);
  });
  const slots = new Map<number, number>();
  const imports = runs.map((run, c) => {
    const imported = new Map<number, number>();
    const reads = [...run.map(readsOf), ...(c === runs.length - 1 ? [returnReads] : [])];
    for (const { locals } of reads)
      for (const k of locals) {
        const from = definedIn.get(k);
        if (from === undefined || from === c) continue;
        if (!slots.has(k)) slots.set(k, slots.size);
        imported.set(k, slots.get(k)!);
      }
    return imported;
  });
  scratch.size = Math.max(scratch.size, slots.size);
  const last = runs.length - 1;
  const call = (fname: string, c: number, count: number) =>
    `${c === count - 1 && returns.length > 0 ? "return " : ""}${fname}(${params});`;
  // the entry calls the chunks, through groups of at most CALLS_PER_FUNCTION calls when there are many
  const groups: string[] = [];
  let callees = runs.map((_, c) => `${name}_${c}`);
  for (let depth = 0; callees.length > CALLS_PER_FUNCTION; depth++) {
    const next: string[] = [];
    for (let k = 0; k < callees.length; k += CALLS_PER_FUNCTION) {
      const part = callees.slice(k, k + CALLS_PER_FUNCTION);
      const fname = `${name}_g${depth}_${next.length}`;
      const final = k + CALLS_PER_FUNCTION >= callees.length;
      groups.push(
        `function ${fname}(${params}) {`,
        ...indent(part.map((f, c) => call(f, final ? c : -1, part.length))),
        "}",
      );
      next.push(fname);
    }
    callees = next;
  }
  return [
    `function ${name}(${params}) {`,
    ...indent(callees.map((f, c) => call(f, c, callees.length))),
    "}",
    ...groups,
    ...runs.flatMap((run, c) => {
      // each statement, then its values that later chunks read stored into their slots
      const lines: string[] = [];
      for (let j = 0; j < run.length; j++) {
        const s = run[j]!;
        for (let i = 0; i < s.lines.length; i++) lines.push(s.lines[i]!);
        for (let i = 0; i < s.defines.length; i++) {
          const k = s.defines[i]!;
          const slot = slots.get(k);
          if (slot !== undefined) lines.push(`T[${slot}] = v${k};`);
        }
      }
      return c === last
        ? fn(`${name}_${c}`, run, [...lines, ...returns], [returnReads], imports[c]!)
        : fn(`${name}_${c}`, run, lines, [], imports[c]!);
    }),
  ];
}

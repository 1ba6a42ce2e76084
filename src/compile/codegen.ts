/**
 * Code generation: one scheduled Plan → the statements of one JavaScript function body, for `layout.ts` to
 * place in one function or in several (a big formula). Each node computed is a local `v{k}` (or written
 * inline where its one use is, in the same loop or scalar group), each loop over rows sums in blocks
 * (below), and every name in the text is the compiler's own: inputs come as text from the caller (`p[0]`,
 * `K[3]`), data column k is read as `c{k}[i]`, and `n` is the number of rows. A statement refers to a local
 * computed outside any loop by a placeholder, which the layout resolves to the local or to a scratch slot.
 * No user-written text is ever emitted, and no expression text nests or chains without bound: long sums and
 * products are cut into partial sums of at most MAX_TERMS operands.
 */
import { type Add, type Expr, type Pow, type Sym, unlowered } from "../expr/index.js";
import type { Plan } from "./schedule.js";

/**
 * Rows per block of blocked summation: each block is summed plainly (fast, one add per row), and block sums
 * are added to the total with Knuth's TwoSum, whose rounding errors are collected and added back at the
 * end (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2 and §4.3; Knuth, TAOCP
 * vol. 2, §4.2.2, Theorem B). The error then grows with the block length, not with the number of rows.
 */
export const BLOCK = 1024;
/**
 * Rows per block in f32, where a block's plain sum rounds to float32 at every row (as PyTorch's float
 * accumulator does, so short columns give PyTorch's result exactly): short blocks keep that error small.
 */
export const BLOCK_F32 = 32;

/** How a body reads what it does not compute itself. */
export interface Frame {
  /** The JavaScript that reads an input other than a number, e.g. `p[0]` or `K[3]`. */
  input(e: Expr): string;
  /** The position of a data column in the kernel's column list. */
  column(name: string): number;
}

/** A root of the plan and where its value goes: `g[3]`, `K[0]`, or undefined for the function's result. */
export type Output = readonly [root: Expr, target: string | undefined];

/** Marks the reference to top-level local k in a statement's text (`@` is in no JavaScript we write). */
export const placeholder = (k: number) => `@${k}@`;
/** Finds the placeholders of a text; group 1 is the local's number. */
export const PLACEHOLDER = /@(\d+)@/g;

/**
 * One statement or one whole loop over the rows (never split): its lines, the top-level locals it defines,
 * and, for an input, the cheap text that reads it (`p[0]`), which any function can repeat instead of
 * receiving the value.
 */
export interface Statement {
  readonly lines: readonly string[];
  readonly defines: readonly number[];
  readonly load?: string;
}

/** A generated function body: statements in order, then the result (a literal or a placeholder), if any. */
export interface Body {
  readonly statements: readonly Statement[];
  readonly result?: string;
}

/** The arithmetic of generated code: JavaScript's doubles, or float32 like PyTorch's FloatTensor. */
export type Precision = "f64" | "f32";

/** Operands per sum or product expression: longer ones are cut into partial results held in locals. */
const MAX_TERMS = 64;

/**
 * Inline expressions nest at most this deep (then a local breaks the chain), so writing the text and
 * parsing it stay shallow however deep the formula is.
 */
const MAX_INLINE_DEPTH = 8;

/** A group of statements, with the nodes it computes and what else it reads (reduction bodies, roots). */
interface Section {
  readonly members: readonly Expr[];
  readonly extra: readonly Expr[];
}

/** `v` as a JavaScript literal that reads back as the same f64; negative numbers in parentheses. */
function literal(v: number): string {
  if (Object.is(v, -0)) return "(-0)";
  return v < 0 ? `(${String(v)})` : String(v);
}

/** The exponent of a power when it is an integer number. */
export const integerExponent = (e: Pow) =>
  e.exponent.kind === "num" && Number.isInteger(e.exponent.value) ? e.exponent.value : undefined;

/** Powers written as repeated products (`x*x` is faster than `x ** 2` and as accurate). */
export const repeatable = (k: number | undefined): k is number =>
  k !== undefined && Math.abs(k) >= 2 && Math.abs(k) <= 4;

/** A product's numeric coefficient (1 when none) and its other factors. */
export function split(factors: readonly Expr[]): { c: number; rest: readonly Expr[] } {
  const first = factors[0]!;
  return first.kind === "num" ? { c: first.value, rest: factors.slice(1) } : { c: 1, rest: factors };
}

/**
 * Which nodes are written inline: those read exactly once, by a node (or sum, or output) of the section that
 * computes them. Reading a node from another section (a scalar used in a later loop, a root) needs a local,
 * and so does an accumulated reduction. Sections are, in order: level 0's scalars, then for each further
 * level its loop and its scalars, then the outputs. Also gives each section's positions of its members,
 * which `partialsDue` reads as well.
 */
function inlining(
  plan: Plan,
  outputs: readonly Output[],
): { readonly isInline: (section: number, e: Expr) => boolean; readonly positions: readonly Positions[] } {
  const isRow = (e: Expr) => plan.rowwise.has(e.id);
  /**
   * Calls `f` with each node a node's text reads, as often as it reads it; no array and indexed loops, as it
   * runs for every node, mostly before V8 optimizes it.
   */
  const eachRead = (e: Expr, f: (read: Expr) => void): void => {
    switch (e.kind) {
      case "add":
        for (let i = 0; i < e.terms.length; i++) f(e.terms[i]!);
        return;
      case "mul":
        for (let i = 0; i < e.factors.length; i++) f(e.factors[i]!);
        return;
      case "pow": {
        const k = integerExponent(e);
        for (let j = repeatable(k) ? Math.abs(k) : 1; j > 0; j--) f(e.base);
        f(e.exponent);
        return;
      }
      case "call": // a function's text may repeat its arguments
        for (const a of e.args) {
          f(a);
          f(a);
        }
        return;
      case "reduce":
        if (!isRow(e.body)) f(e.body);
        return;
      default:
        return;
    }
  };
  const sections: Section[] = [];
  plan.levels.forEach((level, l) => {
    if (l > 0) sections.push({ members: level.rows, extra: level.reductions.map((r) => r.body) });
    sections.push({ members: level.scalars, extra: [] });
  });
  sections.push({ members: [], extra: outputs.map(([root]) => root) });
  // per section: each member's position, and by position how often the section reads it and, for those
  // written inline, how deep their text nests (0: not inline); typed arrays, not maps, for what each node has
  const readElsewhere = new Set<number>();
  const positions = sections.map((section) => positionsOf(section.members));
  const counts = sections.map((section, k) => {
    const position = positions[k]!;
    const count = new Uint32Array(section.members.length);
    const tally = (read: Expr) => {
      const q = position.get(read.id);
      if (q === undefined) readElsewhere.add(read.id);
      else count[q]!++;
    };
    for (let q = 0; q < section.members.length; q++) eachRead(section.members[q]!, tally);
    for (const e of section.extra) tally(e);
    return count;
  });
  const depths = sections.map((section, k) => {
    const position = positions[k]!;
    const depth = new Uint32Array(section.members.length);
    let d = 1;
    // one callback per section, not one per node
    const deeper = (c: Expr) => {
      const q = position.get(c.id);
      d = Math.max(d, 1 + (q === undefined ? 0 : depth[q]!));
    };
    section.members.forEach((e, q) => {
      d = 1;
      eachRead(e, deeper);
      const once = counts[k]![q] === 1 && !readElsewhere.has(e.id);
      if (once && d <= MAX_INLINE_DEPTH && !(e.kind === "reduce" && isRow(e.body))) depth[q] = d;
    });
    return depth;
  });
  const isInline = (section: number, e: Expr) => {
    const q = positions[section]!.get(e.id);
    return q !== undefined && depths[section]![q]! > 0;
  };
  return { isInline, positions };
}

/** The position of each node of a section's members, by its id. */
type Positions = ReadonlyMap<number, number>;

/** The positions of `members`. */
function positionsOf(members: readonly Expr[]): Map<number, number> {
  const position = new Map<number, number>();
  for (let q = 0; q < members.length; q++) position.set(members[q]!.id, q);
  return position;
}

/**
 * When to write the partial sums of the long sums among `members` (one section, in order, at `position`):
 * partial m of a sum right after the last of its terms is computed (at -1: before the first member). Each
 * term is then added soon after it is made, so a big formula keeps few values alive and its chunks pass few
 * to others.
 */
function partialsDue(members: readonly Expr[], position: Positions): Map<number, Add[]> {
  const due = new Map<number, Add[]>();
  for (let q = 0; q < members.length; q++) {
    const e = members[q]!;
    if (e.kind !== "add") continue;
    let ready = -1;
    for (let done = 0; e.terms.length - done > MAX_TERMS; done += MAX_TERMS) {
      for (let k = done; k < done + MAX_TERMS; k++)
        ready = Math.max(ready, position.get(e.terms[k]!.id) ?? -1);
      const list = due.get(ready);
      if (list === undefined) due.set(ready, [e]);
      else list.push(e);
    }
  }
  return due;
}

/**
 * Writes the body computing `outputs` as scheduled by `plan`, in f64, or in f32 with every operation's
 * result rounded by `F` (Math.fround, which the kernel defines) and sums accumulated in float32.
 */
export function emitBody(
  plan: Plan,
  frame: Frame,
  outputs: readonly Output[],
  precision: Precision = "f64",
): Body {
  const { isInline, positions } = inlining(plan, outputs);
  const names = new Map<number, string>();
  const statements: Statement[] = [];
  let loop: string[] | undefined; // the lines of the loop being written, if any
  let locals = 0;
  /** A new local holding `value`: a line of the current loop, or else a statement; returns its reference. */
  const local = (value: string): string => {
    const k = locals++;
    if (loop !== undefined) {
      loop.push(`    const v${k} = ${value};`);
      return `v${k}`;
    }
    statements.push({ lines: [`const v${k} = ${value};`], defines: [k] });
    return placeholder(k);
  };
  const declare = (e: Expr, value: string) => names.set(e.id, local(value));
  /** An operation's result, rounded to float32 in f32 (every operation is, as PyTorch's float32 tensors do). */
  const round = precision === "f32" ? (op: string) => `F(${op})` : (op: string) => op;
  const number = (v: number) => literal(precision === "f32" ? Math.fround(v) : v);
  /** Partial sums of a long sum written ahead (see `partialsDue`): the local holding them, terms covered. */
  const partial = new Map<number, { total: string; done: number }>();
  /**
   * `items` written by `write` after `total` (the partial result so far, if any), cut into partial results
   * if long; for the terms of sum `key`, continuing from its partial sums written ahead, if any.
   */
  const chain = <T>(
    items: readonly T[],
    write: (part: readonly T[], total: string | undefined) => string,
    key?: number,
  ): string => {
    const ahead = key === undefined ? undefined : partial.get(key);
    let total = ahead?.total;
    let done = ahead?.done ?? 0;
    for (; items.length - done > MAX_TERMS; done += MAX_TERMS)
      total = local(write(items.slice(done, done + MAX_TERMS), total));
    return write(done === 0 ? items : items.slice(done), total);
  };

  const column = (e: Sym) => `c${frame.column(e.name)}[i]`;
  const ref = (e: Expr): string =>
    names.get(e.id) ?? (e.kind === "num" ? number(e.value) : e.kind === "sym" ? column(e) : `(${text(e)})`);
  const over = (f: Expr): f is Pow => f.kind === "pow" && !names.has(f.id) && integerExponent(f) === -1;
  /** `c` times the factors `rest`, left to right, with factors `b^-1` written as `/ b` after the others. */
  const product = (rest: readonly Expr[], c: number): string =>
    chain(rest, (part, total) => {
      let text = total ?? (c !== 1 && c !== -1 ? number(c) : undefined);
      let divides = false;
      for (let i = 0; i < part.length; i++) {
        const f = part[i]!;
        if (over(f)) divides = true;
        else text = text === undefined ? ref(f) : round(`${text} * ${ref(f)}`);
      }
      if (divides)
        for (let i = 0; i < part.length; i++) {
          const f = part[i]!;
          if (over(f)) text = round(`${text ?? "1"} / ${ref(f.base)}`);
        }
      return total === undefined && c === -1 ? `-${text ?? "1"}` : (text ?? "1");
    });
  const sumPart = (part: readonly Expr[], total: string | undefined): string => {
    let text = total;
    for (let i = 0; i < part.length; i++) {
      const t = part[i]!;
      let minus = false;
      let term: string;
      if (names.has(t.id)) term = ref(t);
      else if (t.kind === "mul") {
        const { c, rest } = split(t.factors);
        minus = text !== undefined && c < 0;
        term = product(rest, minus ? -c : c);
      } else if (t.kind === "num" && text !== undefined && t.value < 0) {
        minus = true;
        term = number(-t.value);
      } else term = ref(t);
      text = text === undefined ? term : round(`${text} ${minus ? "-" : "+"} ${term}`);
    }
    return text!;
  };
  /** Writes the next MAX_TERMS terms of the long sum `e` into a partial sum, ahead of the sum itself. */
  const advance = (e: Add) => {
    const ahead = partial.get(e.id);
    const done = ahead?.done ?? 0;
    partial.set(e.id, {
      total: local(sumPart(e.terms.slice(done, done + MAX_TERMS), ahead?.total)),
      done: done + MAX_TERMS,
    });
  };
  const power = (e: Pow): string => {
    const k = integerExponent(e);
    const base = ref(e.base);
    if (k === -1) return round(`1 / ${base}`);
    if (!repeatable(k)) return round(`${base} ** ${ref(e.exponent)}`);
    let repeated = base;
    for (let j = 1; j < Math.abs(k); j++) repeated = round(`${repeated} * ${base}`);
    return k > 0 ? repeated : round(`1 / ${precision === "f32" ? repeated : `(${repeated})`}`);
  };
  const text = (e: Expr): string => {
    switch (e.kind) {
      case "num":
        return number(e.value);
      case "sym":
        return column(e);
      case "add":
        return chain(e.terms, sumPart, e.id);
      case "mul": {
        const { c, rest } = split(e.factors);
        return product(rest, c);
      }
      case "pow":
        return power(e);
      case "call":
        return round(e.fn.js(...e.args.map(ref)));
      case "reduce": // of a scalar: sum(c) = n*c, mean(c) = c
        return e.op === "mean" ? ref(e.body) : round(`n * ${ref(e.body)}`);
      case "matmul":
      case "transpose":
      case "along":
      case "size":
        throw unlowered(e);
      default:
        return e satisfies never;
    }
  };

  const targets = new Map<number, string[]>();
  for (let i = 0; i < outputs.length; i++) {
    const [root, target] = outputs[i]!;
    if (target !== undefined) {
      const list = targets.get(root.id);
      if (list === undefined) targets.set(root.id, [target]);
      else list.push(target);
    }
  }
  /** Stores `e` where the outputs want it, once. */
  const store = (e: Expr) => {
    const wanted = targets.get(e.id);
    if (wanted === undefined) return;
    for (const target of wanted) statements.push({ lines: [`${target} = ${ref(e)};`], defines: [] });
    targets.delete(e.id);
  };
  /** Computes the nodes of a section that are not inline, in order, writing partial sums when due. */
  const compute = (members: readonly Expr[], section: number) => {
    const due = partialsDue(members, positions[section]!);
    due.get(-1)?.forEach(advance);
    members.forEach((e, q) => {
      if (!isInline(section, e) && !names.has(e.id)) {
        declare(e, text(e));
        if (loop === undefined) store(e); // an output right after its value: no need to keep it alive
      }
      due.get(q)?.forEach(advance);
    });
  };

  for (let i = 0; i < plan.inputs.length; i++) {
    const e = plan.inputs[i]!;
    const k = locals++;
    const load = frame.input(e);
    statements.push({ lines: [`const v${k} = ${load};`], defines: [k], load });
    names.set(e.id, placeholder(k));
  }
  let s = 0;
  let sumCount = 0;
  const block = precision === "f32" ? BLOCK_F32 : BLOCK;
  plan.levels.forEach((level, l) => {
    if (l > 0) {
      const sums = level.reductions.map((r) => {
        const j = sumCount++;
        // a numeric factor of an inline body is applied once to the total, not at every row
        const { c, rest } =
          isInline(s, r.body) && r.body.kind === "mul" ? split(r.body.factors) : { c: 1, rest: [] };
        const sum = precision === "f32" ? `F(t${j} + e${j})` : `(t${j} + e${j})`;
        const total = c === 1 ? sum : c === -1 ? `-${sum}` : round(`${number(c)} * ${sum}`);
        return { r, j, rest, total: r.op === "mean" ? round(`${total} / n`) : total };
      });
      const body: string[] = [];
      loop = body;
      compute(level.rows, s);
      for (const { r, j, rest } of sums)
        body.push(
          `    s${j} ${precision === "f32" ? `= F(s${j} + ` : "+= ("}${rest.length > 0 ? product(rest, 1) : names.has(r.body.id) ? ref(r.body) : text(r.body)});`,
        );
      loop = undefined;
      for (const e of level.rows) names.delete(e.id); // block-scoped: recomputed if a later loop needs them
      const totals = sums.map(({ r, total }) => {
        const k = locals++;
        names.set(r.id, placeholder(k));
        return { k, line: `const v${k} = ${total};` };
      });
      statements.push({
        lines: [
          `let ${sums.map(({ j }) => `t${j} = 0, e${j} = 0`).join(", ")};`,
          `for (let lo = 0; lo < n; lo += ${block}) {`,
          `  const hi = lo + ${block} < n ? lo + ${block} : n;`,
          `  let ${sums.map(({ j }) => `s${j} = 0`).join(", ")};`,
          "  for (let i = lo; i < hi; i++) {",
          ...body,
          "  }",
          // the first block's sums are exact totals so far: no TwoSum, so one block costs what a plain loop does
          `  if (lo === 0) { ${sums.map(({ j }) => `t${j} = s${j};`).join(" ")} } else {`,
          ...sums.map(({ j }) =>
            precision === "f32"
              ? `    { const u = F(t${j} + s${j}), z = F(u - t${j}); e${j} = F(e${j} + F(F(t${j} - F(u - z)) + F(s${j} - z))); t${j} = u; }`
              : `    { const u = t${j} + s${j}, z = u - t${j}; e${j} += t${j} - (u - z) + (s${j} - z); t${j} = u; }`,
          ),
          "  }",
          "}",
          ...totals.map(({ line }) => line),
        ],
        defines: totals.map(({ k }) => k),
      });
      s++;
    }
    compute(level.scalars, s);
    s++;
  });
  let result: string | undefined;
  for (let i = 0; i < outputs.length; i++) {
    const [root, target] = outputs[i]!;
    if (target === undefined) result = ref(root);
    else store(root);
  }
  return result === undefined ? { statements } : { statements, result };
}

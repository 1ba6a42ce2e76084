/**
 * Code generation: one scheduled Plan → the statements of one JavaScript function body. Each node computed
 * is a local `v{k}` (or written inline where its one use is, in the same loop or scalar group), each loop
 * over rows sums in blocks (below), and every name in the text is the compiler's own: inputs come as text
 * from the caller (`p[0]`, `K[3]`), data column k is read as `c{k}[i]` from a local `c{k} = C{k}` that the
 * enclosing kernel defines, and `n` is the number of rows. No user-written text is ever emitted.
 */
import type { Expr, Pow, Sym } from "../expr/index.js";
import type { Plan } from "./schedule.js";

/**
 * Rows per block of blocked summation: each block is summed plainly (fast, one add per row), and block sums
 * are added to the total with Knuth's TwoSum, whose rounding errors are collected and added back at the
 * end (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2 and §4.3; Knuth, TAOCP
 * vol. 2, §4.2.2, Theorem B). The error then grows with the block length, not with the number of rows.
 */
export const BLOCK = 1024;

/** How a body reads what it does not compute itself. */
export interface Frame {
  /** The JavaScript that reads an input other than a number, e.g. `p[0]` or `K[3]`. */
  input(e: Expr): string;
  /** The position of a data column in the kernel's column list. */
  column(name: string): number;
}

/** A root of the plan and the statement that stores its value, given the value's text. */
export type Output = readonly [root: Expr, store: (value: string) => string];

/** A generated function body. */
export interface Body {
  readonly lines: readonly string[];
  /** Whether the body reads `n`, which the caller must define. */
  readonly usesRows: boolean;
}

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

const integerExponent = (e: Pow) =>
  e.exponent.kind === "num" && Number.isInteger(e.exponent.value) ? e.exponent.value : undefined;

/** Powers written as repeated products (`x*x` is faster than `x ** 2` and as accurate). */
const repeatable = (k: number | undefined): k is number =>
  k !== undefined && Math.abs(k) >= 2 && Math.abs(k) <= 4;

/** A product's numeric coefficient (1 when none) and its other factors. */
function split(factors: readonly Expr[]): { c: number; rest: readonly Expr[] } {
  const first = factors[0]!;
  return first.kind === "num" ? { c: first.value, rest: factors.slice(1) } : { c: 1, rest: factors };
}

/**
 * Which nodes are written inline: those read exactly once, by a node (or sum, or output) of the section that
 * computes them. Reading a node from another section (a scalar used in a later loop, a root) needs a local,
 * and so does an accumulated reduction. Sections are, in order: level 0's scalars, then for each further
 * level its loop and its scalars, then the outputs.
 */
function inlining(plan: Plan, outputs: readonly Output[]): (section: number, e: Expr) => boolean {
  const isRow = (e: Expr) => plan.rowwise.has(e.id);
  // the nodes a node's text reads, as often as it reads them
  const reads = (e: Expr): readonly Expr[] => {
    switch (e.kind) {
      case "add":
        return e.terms;
      case "mul":
        return e.factors;
      case "pow": {
        const k = integerExponent(e);
        return repeatable(k) ? [...Array<Expr>(Math.abs(k)).fill(e.base), e.exponent] : [e.base, e.exponent];
      }
      case "call": // a function's text may repeat its arguments
        return e.args.flatMap((a) => [a, a]);
      case "reduce":
        return isRow(e.body) ? [] : [e.body];
      default:
        return [];
    }
  };
  const sections: Section[] = [];
  plan.levels.forEach((level, l) => {
    if (l > 0) sections.push({ members: level.rows, extra: level.reductions.map((r) => r.body) });
    sections.push({ members: level.scalars, extra: [] });
  });
  sections.push({ members: [], extra: outputs.map(([root]) => root) });
  const readElsewhere = new Set<number>();
  const counts = sections.map((section) => {
    const ids = new Set(section.members.map((e) => e.id));
    const count = new Map<number, number>();
    for (const read of [...section.members.flatMap(reads), ...section.extra]) {
      if (ids.has(read.id)) count.set(read.id, (count.get(read.id) ?? 0) + 1);
      else readElsewhere.add(read.id);
    }
    return count;
  });
  const inline = sections.map((section, k) => {
    const depth = new Map<number, number>();
    for (const e of section.members) {
      let d = 1;
      for (const c of reads(e)) d = Math.max(d, 1 + (depth.get(c.id) ?? 0));
      const once = counts[k]!.get(e.id) === 1 && !readElsewhere.has(e.id);
      if (once && d <= MAX_INLINE_DEPTH && !(e.kind === "reduce" && isRow(e.body))) depth.set(e.id, d);
    }
    return depth;
  });
  return (section, e) => inline[section]!.has(e.id);
}

/** Writes the body computing `outputs` as scheduled by `plan`. */
export function emitBody(plan: Plan, frame: Frame, outputs: readonly Output[]): Body {
  const isInline = inlining(plan, outputs);
  const names = new Map<number, string>();
  const lines: string[] = [];
  const columns = new Set<number>();
  let locals = 0;
  let usesRows = false;
  let indent = "";
  const emit = (line: string) => lines.push(indent + line);
  const declare = (e: Expr, text: string) => {
    const name = `v${locals++}`;
    names.set(e.id, name);
    emit(`const ${name} = ${text};`);
  };

  const column = (e: Sym) => {
    const k = frame.column(e.name);
    columns.add(k);
    return `c${k}[i]`;
  };
  const ref = (e: Expr): string =>
    names.get(e.id) ?? (e.kind === "num" ? literal(e.value) : e.kind === "sym" ? column(e) : `(${text(e)})`);
  /** `c` times the factors `rest`, with factors `b^-1` written as `/ b`. */
  const product = (rest: readonly Expr[], c: number): string => {
    const over = (f: Expr): f is Pow => f.kind === "pow" && !names.has(f.id) && integerExponent(f) === -1;
    const top = rest.filter((f) => !over(f)).map(ref);
    if (c !== 1 && c !== -1) top.unshift(literal(c));
    const below = rest.filter(over).map((f) => ` / ${ref(f.base)}`);
    return `${c === -1 ? "-" : ""}${top.length > 0 ? top.join(" * ") : "1"}${below.join("")}`;
  };
  const sum = (terms: readonly Expr[]): string =>
    terms
      .map((t, k) => {
        const plus = k > 0 ? " + " : "";
        if (names.has(t.id)) return plus + ref(t);
        if (t.kind === "mul") {
          const { c, rest } = split(t.factors);
          return k > 0 && c < 0 ? ` - ${product(rest, -c)}` : plus + product(rest, c);
        }
        if (t.kind === "num" && k > 0 && t.value < 0) return ` - ${literal(-t.value)}`;
        return plus + ref(t);
      })
      .join("");
  const power = (e: Pow): string => {
    const k = integerExponent(e);
    const base = ref(e.base);
    if (k === -1) return `1 / ${base}`;
    if (!repeatable(k)) return `${base} ** ${ref(e.exponent)}`;
    const repeated = Array<string>(Math.abs(k)).fill(base).join(" * ");
    return k > 0 ? repeated : `1 / (${repeated})`;
  };
  const text = (e: Expr): string => {
    switch (e.kind) {
      case "num":
        return literal(e.value);
      case "sym":
        return column(e);
      case "add":
        return sum(e.terms);
      case "mul": {
        const { c, rest } = split(e.factors);
        return product(rest, c);
      }
      case "pow":
        return power(e);
      case "call":
        return e.fn.js(...e.args.map(ref));
      case "reduce": // of a scalar: sum(c) = n*c, mean(c) = c
        if (e.op === "mean") return ref(e.body);
        usesRows = true;
        return `n * ${ref(e.body)}`;
      default:
        return e satisfies never;
    }
  };

  for (const e of plan.inputs) declare(e, frame.input(e));
  const finals = new Map<number, string>();
  let s = 0;
  plan.levels.forEach((level, l) => {
    if (l > 0) {
      usesRows = true;
      const sums = level.reductions.map((r, k) => {
        const j = finals.size + k;
        // a numeric factor of an inline body is applied once to the total, not at every row
        const { c, rest } =
          isInline(s, r.body) && r.body.kind === "mul" ? split(r.body.factors) : { c: 1, rest: [] };
        const total = c === 1 ? `t${j} + e${j}` : `${c === -1 ? "-" : `${literal(c)} * `}(t${j} + e${j})`;
        return { r, j, rest, total: r.op === "mean" ? `${c === 1 ? `(${total})` : total} / n` : total };
      });
      emit(`let ${sums.map(({ j }) => `t${j} = 0, e${j} = 0`).join(", ")};`);
      emit(`for (let lo = 0; lo < n; lo += ${BLOCK}) {`);
      emit(`  const hi = lo + ${BLOCK} < n ? lo + ${BLOCK} : n;`);
      emit(`  let ${sums.map(({ j }) => `s${j} = 0`).join(", ")};`);
      emit("  for (let i = lo; i < hi; i++) {");
      indent += "    ";
      for (const e of level.rows) if (!isInline(s, e)) declare(e, text(e));
      for (const { r, j, rest } of sums)
        emit(
          `s${j} += ${rest.length > 0 ? product(rest, 1) : names.has(r.body.id) ? ref(r.body) : text(r.body)};`,
        );
      indent = indent.slice(4);
      emit("  }");
      // the first block's sums are exact totals so far: no TwoSum, so one block costs what a plain loop does
      emit(`  if (lo === 0) { ${sums.map(({ j }) => `t${j} = s${j};`).join(" ")} } else {`);
      for (const { j } of sums)
        emit(
          `    { const u = t${j} + s${j}, z = u - t${j}; e${j} += t${j} - (u - z) + (s${j} - z); t${j} = u; }`,
        );
      emit("  }");
      emit("}");
      for (const e of level.rows) names.delete(e.id); // block-scoped: recomputed if a later loop needs them
      for (const { r, total } of sums) finals.set(r.id, total);
      s++;
    }
    for (const e of level.scalars) if (!isInline(s, e)) declare(e, finals.get(e.id) ?? text(e));
    s++;
  });
  for (const [root, store] of outputs) emit(store(ref(root)));
  const aliases = [...columns].sort((a, b) => a - b).map((k) => `const c${k} = C${k};`);
  return { lines: [...aliases, ...lines], usesRows };
}

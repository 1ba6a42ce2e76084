/**
 * The reference interpreter: walks the tree once per call, elementwise over data columns. It is slow and
 * plain on purpose: compiled code is tested against it. Values are f64; a column is a Float64Array.
 */
import { type Expr, isFoldable, type Pow, walk } from "../expr/index.js";
import { SymgradError } from "../text/symgradError.js";
import type { Precision } from "./codegen.js";

/** A factor `b^-1`, which evaluation divides by. */
export const isReciprocal = (f: Expr): f is Pow =>
  f.kind === "pow" && isFoldable(f.exponent) && f.exponent.exact?.n === -1 && f.exponent.exact.d === 1;

/** Values for the names of a formula: numbers for parameters, arrays for data columns. */
export type Values =
  | ReadonlyMap<string, number | ArrayLike<number>>
  | Readonly<Record<string, number | ArrayLike<number>>>;

/** A formula that cannot be evaluated with the values given (a missing name, columns of different lengths). */
export class EvaluateError extends SymgradError {
  override readonly name = "EvaluateError";
}

type Value = number | Float64Array;

/** Looks a name up in a Map or an object's own properties (never its prototype: `constructor` is a name). */
export function lookup(values: Values, name: string): number | ArrayLike<number> | undefined {
  if (values instanceof Map) return values.get(name);
  return Object.hasOwn(values, name)
    ? (values as Record<string, number | ArrayLike<number>>)[name]
    : undefined;
}

/**
 * Evaluates `expr` at `values`. Data columns make elementwise columns; `sum` and `mean` reduce them. The
 * result must be a number: a column outside any reduction is an EvaluateError. `sum` of a number c is n*c
 * for n data rows (c when no data is bound). With `precision: "f32"` every value, the inputs included, is
 * rounded to float32 as it is computed: a reference for float32 code (and for how much float32 rounding
 * can move a result).
 */
export function evaluate(expr: Expr, values: Values, options: { precision?: Precision } = {}): number {
  const round = options.precision === "f32" ? roundToFloat32 : (v: Value) => v;
  const memo = new Map<number, Value>();
  let rows: number | undefined;
  const column = (name: string, a: ArrayLike<number>): Float64Array => {
    if (rows !== undefined && a.length !== rows)
      throw new EvaluateError(`data column '${name}' has ${a.length} rows, but another has ${rows}`);
    rows = a.length;
    return Float64Array.from(a);
  };
  const names = values instanceof Map ? [...values.keys()] : Object.keys(values);
  for (const name of names) {
    const v = lookup(values, name);
    if (v !== undefined && typeof v !== "number") column(name, v);
  }
  for (const node of walk(expr)) memo.set(node.id, round(evalNode(node, memo, values, rows ?? 1, column)));
  const result = memo.get(expr.id)!;
  if (typeof result !== "number")
    throw new EvaluateError("the formula is a data column, not a number; wrap it in mean(…) or sum(…)");
  return result;
}

function roundToFloat32(v: Value): Value {
  return typeof v === "number" ? Math.fround(v) : v.map(Math.fround);
}

function map(args: readonly Value[], n: number, f: (...xs: number[]) => number): Value {
  if (args.every((a) => typeof a === "number")) return f(...(args as number[]));
  const out = new Float64Array(n);
  const at = (a: Value, i: number) => (typeof a === "number" ? a : a[i]!);
  for (let i = 0; i < n; i++) out[i] = f(...args.map((a) => at(a, i)));
  return out;
}

/** An n-ary sum or product, elementwise, without spreading (a sum may have 100,000 terms). */
function fold(args: readonly Value[], n: number, start: number, op: (s: number, x: number) => number): Value {
  let scalar = start;
  let out: Float64Array | undefined;
  for (const a of args) {
    if (typeof a === "number") scalar = op(scalar, a);
    else if (out === undefined) out = Float64Array.from(a);
    else for (let i = 0; i < n; i++) out[i] = op(out[i]!, a[i]!);
  }
  if (out === undefined) return scalar;
  for (let i = 0; i < n; i++) out[i] = op(out[i]!, scalar);
  return out;
}

function evalNode(
  e: Expr,
  memo: Map<number, Value>,
  values: Values,
  rows: number,
  column: (name: string, a: ArrayLike<number>) => Float64Array,
): Value {
  const get = (x: Expr) => memo.get(x.id)!;
  switch (e.kind) {
    case "num":
      return e.value;
    case "sym": {
      const v = lookup(values, e.name);
      if (v === undefined) throw new EvaluateError(`no value given for '${e.name}'`);
      return typeof v === "number" ? v : column(e.name, v);
    }
    case "add":
      return fold(e.terms.map(get), rows, 0, (s, x) => s + x);
    case "mul": {
      // `a/b` is stored as `a*b^-1`; dividing by b (not multiplying by 1/b) is exact where JavaScript's `a/b`
      // is, and does not overflow to `0*Infinity` for a tiny b.
      const over = e.factors.filter((f) => isReciprocal(f));
      const product = fold(e.factors.filter((f) => !isReciprocal(f)).map(get), rows, 1, (s, x) => s * x);
      if (over.length === 0) return product;
      const divisor = fold(
        over.map((f) => get((f as Pow).base)),
        rows,
        1,
        (s, x) => s * x,
      );
      return map([product, divisor], rows, (a, b) => a! / b!);
    }
    case "pow":
      return map([get(e.base), get(e.exponent)], rows, (a, b) => a! ** b!);
    case "call":
      return map(e.args.map(get), rows, e.fn.evaluate);
    case "reduce": {
      const body = get(e.body);
      const total = typeof body === "number" ? body * rows : body.reduce((s, x) => s + x, 0);
      return e.op === "sum" ? total : total / rows;
    }
    case "matmul":
    case "transpose":
    case "along":
    case "size":
      throw new EvaluateError("a vector or matrix formula: evaluate it with evaluateTensor");
    default:
      return e satisfies never;
  }
}

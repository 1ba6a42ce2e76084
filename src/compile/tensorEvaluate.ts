/**
 * The reference interpreter for vectors and matrices: numpy's semantics written out plainly, one dense array
 * per node, no lowering, no fusion. It is the independent truth that lowered and compiled code and the
 * matrix-form derivatives (through finite differences) are tested against, so it shares nothing with them
 * but the scalar functions' `evaluate`. Shapes are concrete here: a data vector of n rows is just `[n]`.
 */
import { type Expr, walk } from "../expr/index.js";
import { namedEntries } from "../text/byName.js";
import { EvaluateError, isReciprocal } from "./evaluate.js";

/** A dense array in row-major order; `shape` `[]` is a scalar, `[k]` a vector, `[m, k]` a matrix. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly values: Float64Array;
}

/** A value as the API takes it: a number, an array, an array of rows, or a tensor. */
export type TensorLike = number | readonly number[] | readonly (readonly number[])[] | Tensor;

/** A value of any accepted form as a Tensor (rows of a matrix must all have the same length). */
export function toTensor(v: TensorLike): Tensor {
  if (typeof v === "number") return { shape: [], values: Float64Array.of(v) };
  if (!Array.isArray(v)) return v as Tensor;
  const rows = v as readonly (number | readonly number[])[];
  if (rows.length > 0 && Array.isArray(rows[0])) {
    const m = rows as readonly (readonly number[])[];
    const k = m[0]!.length;
    const out = new Float64Array(m.length * k);
    m.forEach((row, i) => {
      if (row.length !== k) throw new EvaluateError(`row ${i} has ${row.length} entries, but row 0 has ${k}`);
      out.set(row, i * k);
    });
    return { shape: [m.length, k], values: out };
  }
  return { shape: [rows.length], values: Float64Array.from(rows as readonly number[]) };
}

/**
 * Evaluates `expr` with numpy's semantics; `given` maps names to values (a Map, or an object's own
 * properties). `rows` is the number of data rows, used only by `sum(c) = rows*c`
 * of a scalar c (the language's rule); by default the length of the first data value with rows.
 */
export function evaluateTensor(
  expr: Expr,
  given: ReadonlyMap<string, TensorLike> | Readonly<Record<string, TensorLike>>,
  options: { rows?: number } = {},
): Tensor {
  const values = namedEntries(given);
  const memo = new Map<Expr, Tensor>();
  const rows =
    options.rows ?? [...values.values()].map(toTensor).find((t) => t.shape.length > 0)?.shape[0] ?? 1;
  for (const e of walk(expr))
    memo.set(
      e,
      evalNode(e, (x) => memo.get(x)!, values, rows),
    );
  return memo.get(expr)!;
}

const scalar = (v: number): Tensor => ({ shape: [], values: Float64Array.of(v) });

/** numpy's broadcast shape of several shapes. */
function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i] ?? 1;
      if (x !== 1 && d !== 1 && x !== d)
        throw new EvaluateError(
          `shapes ${shapes.map((t) => `(${t.join(",")})`).join(" and ")} do not broadcast`,
        );
      if (x !== 1) d = x;
    }
    out.push(d);
  }
  return out;
}

/** Elementwise `f` over broadcast arguments. */
function elementwise(args: readonly Tensor[], f: (xs: number[]) => number): Tensor {
  const shape = broadcastShape(args.map((a) => a.shape));
  const count = shape.reduce((p, d) => p * d, 1);
  const out = new Float64Array(count);
  const index = shape.map(() => 0);
  const xs = args.map(() => 0);
  for (let flat = 0; flat < count; flat++) {
    let r = flat;
    for (let i = shape.length - 1; i >= 0; i--) {
      index[i] = r % shape[i]!;
      r = Math.floor(r / shape[i]!);
    }
    args.forEach((a, j) => {
      let offset = 0;
      const off = shape.length - a.shape.length;
      for (let i = 0; i < a.shape.length; i++)
        offset = offset * a.shape[i]! + (a.shape[i] === 1 ? 0 : index[off + i]!);
      xs[j] = a.values[offset]!;
    });
    out[flat] = f(xs);
  }
  return { shape, values: out };
}

const asMatrix = (t: Tensor, vectorAs: "row" | "column"): [number, number] =>
  t.shape.length === 2
    ? [t.shape[0]!, t.shape[1]!]
    : vectorAs === "row"
      ? [1, t.shape[0]!]
      : [t.shape[0]!, 1];

function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length === 0 || b.shape.length === 0) throw new EvaluateError("@ of a scalar");
  const [m, k] = asMatrix(a, "row");
  const [k2, p] = asMatrix(b, "column");
  if (k !== k2) throw new EvaluateError(`(${a.shape}) @ (${b.shape}): inner sizes differ`);
  const out = new Float64Array(m * p);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a.values[i * k + t]! * b.values[t * p + j]!;
      out[i * p + j] = s;
    }
  const shape = [...a.shape.slice(0, -1), ...b.shape.slice(1)];
  return { shape, values: out };
}

function transpose(a: Tensor): Tensor {
  if (a.shape.length < 2) return a;
  const [m, k] = a.shape as [number, number];
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) out[j * m + i] = a.values[i * k + j]!;
  return { shape: [k, m], values: out };
}

/** The lines of `a` along `dim` (each a list of flat offsets), in the order of the remaining index. */
function lines(a: Tensor, dim: number | undefined): number[][] {
  if (dim === undefined || a.shape.length === 1) return [[...a.values.keys()]];
  const [m, k] = a.shape as [number, number];
  return dim === 0
    ? Array.from({ length: k }, (_, j) => Array.from({ length: m }, (__, i) => i * k + j))
    : Array.from({ length: m }, (_, i) => Array.from({ length: k }, (__, j) => i * k + j));
}

function alongDim(op: string, a: Tensor, dim: 0 | 1 | undefined): Tensor {
  // a number has no dimension to go along: as `shapes` says, not a quiet NaN or 0 (a parse without shapes
  // folds `0*X` to the number 0, so `logsumexp(0*X, 0)` arrives here as `logsumexp(0, 0)`)
  if (dim !== undefined && a.shape.length === 0)
    throw new EvaluateError(
      `${op}(…, ${dim}) of a number: it needs a vector or matrix (a product with 0, as in 0*X, is the number 0 once the formula is built)`,
    );
  const ls = lines(a, dim);
  const lse = (l: number[]) => {
    const m = Math.max(...l.map((o) => a.values[o]!));
    if (!Number.isFinite(m)) return m;
    return m + Math.log(l.reduce((s, o) => s + Math.exp(a.values[o]! - m), 0));
  };
  if (op === "softmax") {
    const out = new Float64Array(a.values.length);
    for (const l of ls) {
      const z = lse(l);
      for (const o of l) out[o] = Math.exp(a.values[o]! - z);
    }
    return { shape: a.shape, values: out };
  }
  const reduced = ls.map((l) => {
    if (op === "logsumexp") return lse(l);
    const s = l.reduce((t, o) => t + a.values[o]!, 0);
    return op === "mean" ? s / l.length : s;
  });
  const shape = dim === undefined ? [] : a.shape.filter((_, i) => i !== dim);
  return { shape, values: Float64Array.from(reduced) };
}

function evalNode(
  e: Expr,
  get: (e: Expr) => Tensor,
  values: ReadonlyMap<string, TensorLike>,
  rows: number,
): Tensor {
  switch (e.kind) {
    case "num":
      return scalar(e.value);
    case "sym": {
      const v = values.get(e.name);
      if (v === undefined) throw new EvaluateError(`no value given for '${e.name}'`);
      return toTensor(v);
    }
    case "add":
      return elementwise(e.terms.map(get), (xs) => xs.reduce((s, x) => s + x, 0));
    case "mul": {
      // as the scalar interpreter: `a/b` divides (exact where JavaScript's division is)
      const over = e.factors.filter(isReciprocal);
      const top = e.factors.filter((f) => !isReciprocal(f));
      const args = [...top.map(get), ...over.map((f) => get(f.base))];
      return elementwise(args, (xs) => {
        let p = 1;
        for (let i = 0; i < top.length; i++) p *= xs[i]!;
        let q = 1;
        for (let i = top.length; i < xs.length; i++) q *= xs[i]!;
        return over.length === 0 ? p : p / q;
      });
    }
    case "pow":
      return elementwise([get(e.base), get(e.exponent)], ([a, b]) => a! ** b!);
    case "call":
      return elementwise(e.args.map(get), (xs) => e.fn.evaluate(...xs));
    case "reduce": {
      const body = get(e.body);
      if (body.shape.length === 0) return scalar(e.op === "sum" ? rows * body.values[0]! : body.values[0]!);
      const total = body.values.reduce((s, x) => s + x, 0);
      return scalar(e.op === "sum" ? total : total / body.values.length);
    }
    case "matmul":
      return matmul(get(e.left), get(e.right));
    case "transpose":
      return transpose(get(e.arg));
    case "along":
      return alongDim(e.op, get(e.arg), e.dim);
    case "size": {
      const a = get(e.arg);
      const d = e.which === "rows" ? a.shape[0] : a.shape[1];
      if (d === undefined || (e.which === "cols" && a.shape.length !== 2))
        throw new EvaluateError(`${e.which} of a value of shape (${a.shape})`);
      return scalar(d);
    }
    default:
      return e satisfies never;
  }
}

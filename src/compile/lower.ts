/**
 * Lowering: a formula over vectors and matrices, with concrete shapes, → scalar formulas over their entries,
 * which the scalar stages (gradient, code generation, optimizers) take as they are. A parameter `w` of shape
 * [3] becomes the names `w[0]`, `w[1]`, `w[2]`, a data matrix `X` of k columns the columns `X[:,0]`, …; the
 * data rows stay implicit, one value per row as today's columns, so a contraction over the rows (`X'@r`,
 * `sum(A, 0)` of row data, `r@X`) becomes a `reduce("sum", …)` and `rows(X)` is `sum(1)`.
 *
 * Each node is lowered once (a memoised pass over the shared tree) into its entries over the fixed
 * dimensions, in row-major order, with the rows dimension counting as size 1. Nothing is expanded beyond
 * what the arithmetic needs: `X@W` with W of d×k entries is k sums of d products per row. `logsumexp` and
 * `softmax` along a fixed dimension are shifted by the line's maximum, so they never overflow; along the
 * rows, where that maximum would need a loop of its own, they are an error rather than silently unstable.
 */
import {
  type Along,
  addAll,
  call,
  children,
  type Dim,
  type Expr,
  FUNCTIONS,
  formatShape,
  hasRows,
  isShapedNode,
  mul,
  num,
  pass,
  rebuild,
  reduce,
  type Shape,
  type ShapeEnv,
  shapes,
  sub,
  sym,
  walkAll,
} from "../expr/index.js";
import { CompileError } from "./compileError.js";

/** A lowered node: its full shape (with `"n"` where the rows are) and its entries over the fixed dimensions. */
export interface Lowered {
  readonly shape: Shape;
  /** Row-major over the shape with `"n"` counted as 1; rowwise entries vary per data row. */
  readonly entries: readonly Expr[];
}

/** The name of entry `index` (row-major) of a name of shape `shape`: `w[2]`, `W[1,0]`, `X[:,3]`, or `name`. */
export function entryName(name: string, shape: Shape, index: number): string {
  if (shape.length === 0 || (shape.length === 1 && shape[0] === "n")) return name;
  const at = unflat(index, entryShape(shape)).map((i, d) => (shape[d] === "n" ? ":" : String(i)));
  return `${name}[${at.join(",")}]`;
}

/** The entry names of a name of shape `shape`, row-major (see {@link entryName}). */
export function entryNames(name: string, shape: Shape): string[] {
  return Array.from({ length: entryCount(shape) }, (_, k) => entryName(name, shape, k));
}

/** The number of entries of `shape` over its fixed dimensions (the rows count once). */
export function entryCount(shape: Shape): number {
  return entryShape(shape).reduce((p, d) => p * d, 1);
}

/** `shape` with the rows counted as size 1; an unknown size is an error. */
function entryShape(shape: Shape): number[] {
  return shape.map((d) => {
    if (d === "n") return 1;
    if (d === "?") throw new CompileError(`a size of ${formatShape(shape)} is not known`);
    return d;
  });
}

const MAX = FUNCTIONS.get("max")!;
const EXP = FUNCTIONS.get("exp")!;
const LOG = FUNCTIONS.get("log")!;

/** True when `roots` need lowering under `env`: a vector or matrix node, or a name with fixed dimensions. */
export function needsLowering(roots: readonly Expr[], env: ShapeEnv): boolean {
  return walkAll(roots).some(
    (e) => isShapedNode(e) || (e.kind === "sym" && (env(e.name) ?? []).some((d) => d !== "n")),
  );
}

/**
 * Lowers `roots` under the shapes of `env` (dims numbers or `"n"`). Throws a ShapeError (from `shapes`) for a
 * shape mistake and a CompileError for what cannot be lowered (logsumexp or softmax along the rows).
 */
export function lower(roots: readonly Expr[], env: ShapeEnv): Lowered[] {
  const shapeOf = shapes(roots, env);
  const of = pass<Lowered>(roots, (e, below) => {
    const shape = shapeOf(e);
    return { shape, entries: lowerNode(e, shape, below, shapeOf) };
  });
  return roots.map(of);
}

/** Lowers a cost: `expr` must be a scalar (shape []); returns its one scalar formula. */
export function lowerScalar(expr: Expr, env: ShapeEnv): Expr {
  const [lowered] = lower([expr], env);
  if (lowered!.shape.length > 0)
    throw new CompileError(
      `the cost is not a number: its shape is ${formatShape(lowered!.shape)}; reduce it with sum(…) or mean(…)`,
    );
  return lowered!.entries[0]!;
}

/** The flat offset in an operand of entry shape `from` of output index `index` (broadcasting, right-aligned). */
function broadcastOffset(index: readonly number[], from: readonly number[]): number {
  let offset = 0;
  const skip = index.length - from.length;
  for (let i = 0; i < from.length; i++) offset = offset * from[i]! + (from[i] === 1 ? 0 : index[skip + i]!);
  return offset;
}

/** The multi-index of flat offset `flat` in `shape`. */
function unflat(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    index[i] = rest % shape[i]!;
    rest = Math.floor(rest / shape[i]!);
  }
  return index;
}

function lowerNode(
  e: Expr,
  shape: Shape,
  below: (e: Expr) => Lowered,
  shapeOf: (e: Expr) => Shape,
): readonly Expr[] {
  switch (e.kind) {
    case "num":
      return [e];
    case "sym":
      return shape.length === 0 || (shape.length === 1 && shape[0] === "n")
        ? [e]
        : entryNames(e.name, shape).map(sym);
    case "add":
    case "mul":
    case "pow":
    case "call": {
      const kids = children(e).map(below);
      const out = entryShape(shape);
      const count = out.reduce((p, d) => p * d, 1);
      if (count === 1)
        return [
          rebuild(
            e,
            kids.map((k) => k.entries[0]!),
          ),
        ];
      const from = kids.map((k) => entryShape(k.shape));
      return Array.from({ length: count }, (_, flat) => {
        const index = unflat(flat, out);
        return rebuild(
          e,
          kids.map((k, j) => k.entries[broadcastOffset(index, from[j]!)]!),
        );
      });
    }
    case "reduce": {
      const body = below(e.body);
      if (body.shape.length === 0) return [reduce(e.op, body.entries[0]!)];
      const total = addAll(body.entries);
      const count = body.entries.length;
      if (!hasRows(body.shape)) return [e.op === "sum" ? total : mul(total, num(1, count))];
      return [e.op === "sum" ? reduce("sum", total) : mul(reduce("mean", total), num(1, count))];
    }
    case "matmul":
      return matmulEntries(below(e.left), below(e.right));
    case "transpose": {
      const arg = below(e.arg);
      if (arg.shape.length < 2) return arg.entries;
      const [m, k] = entryShape(arg.shape) as [number, number];
      return Array.from({ length: m * k }, (_, flat) => arg.entries[(flat % m) * k + Math.floor(flat / m)]!);
    }
    case "along":
      return alongEntries(e, below(e.arg));
    case "size": {
      const dims = shapeOf(e.arg);
      const d = e.which === "rows" ? dims[0]! : dims[1]!;
      return [sizeEntry(d)];
    }
    default:
      return e satisfies never;
  }
}

/** A size as a scalar formula: a number, or the number of data rows (`sum(1)`, right for mini-batches too). */
function sizeEntry(d: Dim): Expr {
  if (d === "n") return reduce("sum", num(1));
  if (d === "?") throw new CompileError("a size is not known");
  return num(d);
}

/**
 * numpy's matmul on entries: a vector on the left is a 1×c row, on the right a c×1 column (dropped from the
 * result). Each output entry is the sum of c products, or, when the inner dimension is the rows, one reduction.
 */
function matmulEntries(a: Lowered, b: Lowered): Expr[] {
  const inner = a.shape[a.shape.length - 1]!;
  const aDims = entryShape(a.shape);
  const bDims = entryShape(b.shape);
  const c = aDims[aDims.length - 1]!;
  const m = a.shape.length === 2 ? aDims[0]! : 1;
  const p = b.shape.length === 2 ? bDims[1]! : 1;
  const out: Expr[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < p; j++) {
      if (inner === "n") {
        out.push(reduce("sum", mul(a.entries[i]!, b.entries[j]!)));
        continue;
      }
      const products = new Array<Expr>(c);
      for (let t = 0; t < c; t++) products[t] = mul(a.entries[i * c + t]!, b.entries[t * p + j]!);
      out.push(addAll(products));
    }
  return out;
}

/** The flat offsets of the lines of a lowered node along `dim` (all entries when undefined), in output order. */
function lines(entryDims: readonly number[], dim: 0 | 1 | undefined): number[][] {
  const count = entryDims.reduce((q, d) => q * d, 1);
  if (dim === undefined || entryDims.length === 1) return [Array.from({ length: count }, (_, k) => k)];
  const [m, k] = entryDims as [number, number];
  return dim === 0
    ? Array.from({ length: k }, (_, j) => Array.from({ length: m }, (__, i) => i * k + j))
    : Array.from({ length: m }, (_, i) => Array.from({ length: k }, (__, j) => i * k + j));
}

/**
 * log(Σ exp(z)) shifted by the maximum m, so that no exp overflows: m + log(Σ exp(z - m)). The maximum is
 * a balanced tree of `max` (depth log₂ k): the derivative through a chain of k maxes would be, per entry, a
 * product of up to k steps, k² factors in all.
 */
function logSumExp(z: readonly Expr[]): Expr {
  if (z.length === 1) return z[0]!;
  let level = z;
  while (level.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(call(MAX, [level[i]!, level[i + 1]!]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  const m = level[0]!;
  return addAll([m, call(LOG, [addAll(z.map((x) => call(EXP, [sub(x, m)])))])]);
}

function alongEntries(e: Along, arg: Lowered): Expr[] {
  const alongRows = e.dim === undefined ? hasRows(arg.shape) : arg.shape[e.dim] === "n";
  if (alongRows) {
    if (e.op === "sum" || e.op === "mean") return arg.entries.map((x) => reduce(e.op as "sum", x));
    throw new CompileError(
      `${e.op}(…${e.dim === undefined ? "" : `, ${e.dim}`}) of ${formatShape(arg.shape)} runs along the data rows, which symgrad cannot yet compute without overflow; take it along a fixed dimension`,
    );
  }
  const ls = lines(entryShape(arg.shape), e.dim);
  const at = (l: readonly number[]) => l.map((o) => arg.entries[o]!);
  switch (e.op) {
    case "sum":
      return ls.map((l) => addAll(at(l)));
    case "mean":
      return ls.map((l) => mul(addAll(at(l)), num(1, l.length)));
    case "logsumexp":
      return ls.map((l) => logSumExp(at(l)));
    case "softmax": {
      const out = new Array<Expr>(arg.entries.length);
      for (const l of ls) {
        const z = logSumExp(at(l));
        for (const o of l) out[o] = call(EXP, [sub(arg.entries[o]!, z)]);
      }
      return out;
    }
    default:
      return e.op satisfies never;
  }
}

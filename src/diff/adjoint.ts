/**
 * Adjoints in matrix form: the value that reverse mode carries to a node of shape S, kept as an expression
 * of the language. numpy broadcasting writes a value that is constant along the rows (a (k) vector against
 * an (m,k) node) but not one constant along the columns, and the language has no outer product; so an
 * adjoint is `scale * row * col`, where `row` broadcasts to S as numpy does and `col`, for a matrix node only,
 * is an (m) vector multiplying row i. Such a column factor is written out (`(col*row')'`) as soon as `row` is a
 * whole matrix, which is where a later product or partial makes it one. `scale` is the scalar factor (`1/n`
 * of a mean), kept apart so that it stays outside `@` and the reductions: `X'@G/rows(X)`.
 */
import {
  addAll,
  along,
  type Dim,
  type Expr,
  isFoldable,
  matmul,
  mul,
  mulAll,
  num,
  reduce,
  type Shape,
  transpose,
} from "../expr/index.js";
import { SymgradError } from "../text/symgradError.js";
import { type Pending, product, times as timesPending } from "./product.js";

/** The adjoint of a node: the value `scale * row * col` (see the file header). */
export interface Adjoint {
  /** A scalar expression (1 when there is none). */
  readonly scale: Expr;
  /** Broadcasts to the node's shape as numpy does. */
  readonly row: Expr;
  /** For an (m,k) node: an (m) vector multiplying row i; else undefined. */
  readonly col: Expr | undefined;
}

/**
 * An adjoint whose products are not built yet (`product.ts`): along a chain of entrywise functions each level
 * multiplies one more partial on, and building the product at every level would be quadratic in the depth.
 */
export interface PendingAdjoint {
  readonly scale: Pending;
  readonly row: Pending;
  readonly col: Expr | undefined;
}

/** The adjoint with its products built. */
export function built(a: PendingAdjoint): Adjoint {
  return { scale: product(a.scale), row: product(a.row), col: a.col };
}

/** What the adjoint algebra needs to know: shapes of expressions and sizes of dimensions. */
export interface ShapeContext {
  /** The shape of any expression over the formula's names. */
  readonly shape: (e: Expr) => Shape;
  /** The size of dimension `i` of `node` as an expression: a number, `rows(X)` for the data rows, … */
  readonly size: (node: Expr, i: number) => Expr;
  /** The number of data rows n (`rows(X)`), by which `sum(c) = n*c` multiplies a scalar. */
  readonly rows: Expr;
}

/** The adjoint that seeds a scalar cost. */
export const SEED: Adjoint = { scale: num(1), row: num(1), col: undefined };

/** The error for an adjoint the language cannot write (a column broadcast with no matrix to carry it). */
export function inexpressible(what: string): SymgradError {
  return new SymgradError(
    `the derivative by ${what} is an outer product of two vectors, which the language cannot write as one formula`,
  );
}

/** `a * partial` for a partial that broadcasts to the node's shape; a scalar partial joins the scale. */
export function times(a: PendingAdjoint, partial: Expr, cx: ShapeContext): PendingAdjoint {
  if (cx.shape(partial).length > 0) return { ...a, row: timesPending(a.row, partial) };
  const [k, rest] =
    partial.kind === "mul" && isFoldable(partial.factors[0]!)
      ? [partial.factors[0]!, mulAll(partial.factors.slice(1))]
      : isFoldable(partial)
        ? [partial, num(1)]
        : [num(1), partial];
  return { scale: timesPending(a.scale, rest), row: timesPending(k, a.row), col: a.col };
}

/** `row * col` as one expression broadcasting to the node's shape (scale left out), or undefined. */
export function written(a: Adjoint, cx: ShapeContext): Expr | undefined {
  if (a.col === undefined) return a.row;
  return cx.shape(a.row).length === 2 ? transpose(mul(a.col, transpose(a.row))) : undefined;
}

/** The sum of several adjoints of one node. */
export function combine(list: readonly Adjoint[], cx: ShapeContext, what: string): Adjoint {
  if (list.length === 1) return list[0]!;
  const [first] = list;
  if (list.every((a) => a.col === first!.col)) {
    const sameScale = list.every((a) => a.scale === first!.scale);
    return {
      scale: sameScale ? first!.scale : num(1),
      row: addAll(list.map((a) => (sameScale ? a.row : mul(a.scale, a.row)))),
      col: first!.col,
    };
  }
  const terms = list.map((a) => {
    const w = written(a, cx);
    if (w === undefined) throw inexpressible(what);
    return mul(a.scale, w);
  });
  return { scale: num(1), row: addAll(terms), col: undefined };
}

/** The adjoint `a` of a node of shape `from` (`node`), summed over the dimensions along which `to` was broadcast. */
export function unbroadcast(
  pending: PendingAdjoint,
  from: Shape,
  to: Shape,
  node: Expr,
  cx: ShapeContext,
): PendingAdjoint {
  if (from.length === 0) return pending;
  const stretched = (t: Dim | undefined, f: Dim) => t === undefined || (t === 1 && f !== 1);
  const kept = from.map((f, i) => !stretched(to[to.length - from.length + i], f));
  if (kept.every(Boolean)) return pending;
  const a = built(pending);
  if (!kept.some(Boolean)) return { scale: a.scale, row: total(a, from, node, cx), col: undefined };
  return kept[1] ? sumDown(a, from, node, cx) : sumAcross(a, from, node, cx);
}

/** The sum of every entry of `row * col` over a node of shape `s`. */
function total(a: Adjoint, s: Shape, node: Expr, cx: ShapeContext): Expr {
  const r = cx.shape(a.row);
  if (a.col !== undefined) {
    if (r.length === 2) return reduce("sum", mul(a.col, transpose(a.row)));
    const c = reduce("sum", a.col);
    return r.length === 1 ? mul(c, reduce("sum", a.row)) : mul(c, a.row, cx.size(node, 1));
  }
  const offset = s.length - r.length;
  const repeated = s.flatMap((d, i) => (i < offset || (r[i - offset] === 1 && d !== 1) ? [i] : []));
  const summed = r.length === 0 ? a.row : reduce("sum", a.row);
  return mulAll([summed, ...repeated.map((i) => cx.size(node, i))]);
}

/** Sums an (m,k) node's adjoint down the rows, to one value per column: `sum(G, 0)`, `col@G`. */
function sumDown(a: Adjoint, s: Shape, node: Expr, cx: ShapeContext): Adjoint {
  const r = cx.shape(a.row);
  const { scale } = a;
  if (a.col !== undefined)
    return {
      scale,
      row: r.length === 2 ? matmul(a.col, a.row) : mul(reduce("sum", a.col), a.row),
      col: undefined,
    };
  if (r.length < 2) return { scale, row: mul(cx.size(node, 0), a.row), col: undefined };
  const down = along("sum", a.row, 0);
  return { scale, row: r[0] === 1 && s[0] !== 1 ? mul(cx.size(node, 0), down) : down, col: undefined };
}

/** Sums an (m,k) node's adjoint across the columns, to one value per row (an (m,1) operand). */
function sumAcross(a: Adjoint, s: Shape, node: Expr, cx: ShapeContext): Adjoint {
  const r = cx.shape(a.row);
  if (r.length === 2 && r[1] === 1 && s[1] !== 1) return { ...a, row: mul(cx.size(node, 1), a.row) };
  if (r.length === 2) {
    const across = along("sum", a.row, 1);
    return { scale: a.scale, row: num(1), col: a.col === undefined ? across : mul(a.col, across) };
  }
  const each = r.length === 1 ? reduce("sum", a.row) : mul(a.row, cx.size(node, 1));
  return { scale: a.scale, row: each, col: a.col };
}

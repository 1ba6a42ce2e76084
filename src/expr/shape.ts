/**
 * Shapes: what every node of a formula is — a scalar, a vector or a matrix — given what each name is. A name's
 * shape is not part of the tree (the tree `X@w` is the same whatever data it is later bound to); it comes from
 * a `ShapeEnv`, built from the data, the parameter declarations or, for a formula alone, a guess. The rules are
 * numpy's and PyTorch's: `+ - * / ^` and every function broadcast elementwise (trailing dimensions aligned, a
 * dimension of 1 or a scalar stretched), `@` is `matmul`, `'` reverses the dimensions.
 *
 * One dimension is special: `"n"`, the data rows, whose number is known only when data is bound. A shape holds
 * it at most once — an n×n matrix of data rows is never built — which is what turns PyTorch's classic trap,
 * an `(n)` vector against an `(n,1)` column silently broadcast to n×n, into an error here.
 */
import { SymgradError } from "../text/symgradError.js";
import type { Expr } from "./expr.js";
import { children, type Memo, pass } from "./walk.js";

/** A size: a number, `"n"` (the data rows), or `"?"` (not known: no data bound yet; agrees with any size). */
export type Dim = number | "n" | "?";
/** `[]` a scalar, `[k]` a vector, `[m, k]` a matrix (full shape, the rows included where there are any). */
export type Shape = readonly Dim[];
/** The shape of each name; `undefined` for a name that is a scalar. */
export type ShapeEnv = (name: string) => Shape | undefined;

/** A shape mistake; `node` is the operator or call where two shapes do not fit (the syntax stage adds the place). */
export class ShapeError extends SymgradError {
  override name = "ShapeError";
  constructor(
    message: string,
    readonly node: Expr,
  ) {
    super(message);
  }
}

/** The vector and matrix node kinds, which the scalar stages (scalar differentiation, code generation) never see. */
export type ShapedKind = "matmul" | "transpose" | "along" | "size";

const SHAPED_KINDS: ReadonlySet<string> = new Set<ShapedKind>(["matmul", "transpose", "along", "size"]);

/** True for a node of a vector or matrix kind (`@`, `'`, a reduction along a dimension, `rows`/`cols`). */
export function isShapedNode(e: Expr): boolean {
  return SHAPED_KINDS.has(e.kind);
}

/**
 * The error a scalar stage throws when it meets a vector or matrix node: a formula with them is lowered to
 * scalars (`lower`) before it is compiled, and differentiated in matrix form. Reaching this is a bug.
 */
export function unlowered(e: Expr): Error {
  return new Error(`internal: a ${e.kind} node reached a scalar stage; lower the formula first`);
}

/** `(n,3)`, `(3)`, `scalar`. */
export function formatShape(s: Shape): string {
  return s.length === 0 ? "scalar" : `(${s.join(",")})`;
}

/** True when the shape includes the data rows. */
export function hasRows(s: Shape): boolean {
  return s.includes("n");
}

/** The shape of every node under `roots`: a memoised pass; throws a ShapeError at the first mistake. */
export function shapes(
  roots: readonly Expr[],
  env: ShapeEnv,
  memo: Memo<Shape> = new Map<Expr, Shape>(),
): (e: Expr) => Shape {
  return pass<Shape>(roots, (e, of) => shapeOfNode(e, of, env), memo);
}

/** The shape of one expression (see {@link shapes}). */
export function shapeOf(e: Expr, env: ShapeEnv): Shape {
  return shapes([e], env)(e);
}

const SCALAR: Shape = Object.freeze([]);

function shapeOfNode(e: Expr, of: (e: Expr) => Shape, env: ShapeEnv): Shape {
  switch (e.kind) {
    case "num":
    case "reduce":
      return SCALAR;
    case "sym":
      return env(e.name) ?? SCALAR;
    case "add":
    case "mul":
    case "pow":
    case "call": {
      let s = SCALAR;
      for (const k of children(e)) s = broadcast(s, of(k), e, () => trapFix(children(e), of));
      return s;
    }
    case "matmul":
      return matmulShape(of(e.left), of(e.right), e);
    case "transpose":
      return [...of(e.arg)].reverse();
    case "along": {
      const a = of(e.arg);
      if (a.length === 0)
        throw new ShapeError(`${e.op} along a dimension needs a vector or matrix, not a scalar`, e);
      if (e.dim === undefined) return SCALAR;
      if (e.dim >= a.length)
        throw new ShapeError(`${e.op}(…, ${e.dim}): a vector ${formatShape(a)} has only dimension 0`, e);
      return e.op === "softmax" ? a : a.filter((_, i) => i !== e.dim);
    }
    case "size": {
      const a = of(e.arg);
      if (e.which === "rows" ? a.length === 0 : a.length !== 2)
        throw new ShapeError(
          `${e.which}(…) of ${a.length === 0 ? "a scalar" : `a vector ${formatShape(a)}`}: ${e.which === "rows" ? "it has no rows" : "only a matrix has columns"}`,
          e,
        );
      return SCALAR;
    }
    default:
      return e satisfies never;
  }
}

/** Two sizes that must be equal: the known one, or undefined when they differ. */
function unify(a: Dim, b: Dim): Dim | undefined {
  if (a === b) return a;
  if (a === "?") return b;
  if (b === "?") return a;
  return undefined;
}

/**
 * numpy's broadcasting of two shapes at `node`; throws a ShapeError naming both when they do not fit. `fix`
 * says how to mend the (n) against (n,1) trap, when the operands are known.
 */
export function broadcast(a: Shape, b: Shape, node: Expr, fix?: () => string): Shape {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    const d = x === 1 ? y : y === 1 ? x : unify(x, y);
    if (d === undefined) throw mismatch(a, b, node, fix);
    out.push(d);
  }
  if (out.filter((d) => d === "n").length > 1) throw mismatch(a, b, node, fix);
  return out;
}

/** How to mend the (n) against (n,1) trap among `operands`: the one that is an (n,1) column, made a vector. */
export function trapFix(operands: readonly Expr[], of: (e: Expr) => Shape): string {
  const found = operands.find((o) => {
    const s = of(o);
    return s.length === 2 && s[0] === "n" && s[1] === 1;
  });
  // `- y` is `-1*y`: name y
  const column =
    found?.kind === "mul" && found.factors.length === 2 && found.factors[0]!.kind === "num"
      ? found.factors[1]!
      : found;
  if (column?.kind === "sym")
    return `give ${column.name} as a vector, data ${column.name} = [1, 2, 3], not as rows of one value`;
  if (column?.kind === "matmul" && column.right.kind === "sym") {
    const k = of(column.right)[0];
    const left = column.left.kind === "sym" ? column.left.name : "…";
    return `declare ${column.right.name} as a vector, param ${column.right.name}[${typeof k === "number" ? k : "k"}], so that ${left}@${column.right.name} is (n)`;
  }
  return "sum(…, 1) makes an (n,1) column an (n) vector";
}

function mismatch(a: Shape, b: Shape, node: Expr, fix?: () => string): ShapeError {
  const [v, c] = a.length === 1 ? [a, b] : [b, a];
  const trap = v.length === 1 && v[0] === "n" && c.length === 2 && c[0] === "n" && c[1] === 1;
  return new ShapeError(
    trap
      ? `${formatShape(a)} and ${formatShape(b)}: an (n) vector against an (n,1) column would broadcast to an n×n matrix; make both (n) vectors (${fix?.() ?? "declare a k×1 parameter as a vector, param W[k], so that X@W is (n)"})`
      : `the shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`,
    node,
  );
}

/** numpy's `matmul` of two shapes (vector@vector, matrix@vector, vector@matrix, matrix@matrix). */
function matmulShape(a: Shape, b: Shape, node: Expr): Shape {
  if (a.length === 0 || b.length === 0)
    throw new ShapeError(
      `@ needs a vector or matrix on both sides, not ${formatShape(a)} @ ${formatShape(b)}; use * to scale`,
      node,
    );
  const inner = unify(a[a.length - 1]!, b.length === 1 ? b[0]! : b[0]!);
  if (inner === undefined)
    throw new ShapeError(`${formatShape(a)} @ ${formatShape(b)}: the inner sizes differ`, node);
  const out = [...a.slice(0, -1), ...b.slice(1)];
  if (out.filter((d) => d === "n").length > 1)
    throw new ShapeError(
      `${formatShape(a)} @ ${formatShape(b)} would be an n×n matrix of data rows, which symgrad does not build`,
      node,
    );
  return out;
}

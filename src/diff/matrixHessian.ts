/**
 * Hessians in matrix form. A block by a scalar parameter is the matrix-form gradient of that parameter's
 * (scalar) partial derivative. A block by two vector parameters u, v is the Jacobian of the gradient by u,
 * by forward mode over its tree, where that is one matrix formula: `Q@x` gives Q, `x'@Q` gives Q', and
 * `X'@(sigmoid(X@w) - y)` gives `X'@(sigmoid(X@w)*(1 - sigmoid(X@w))*X')'` (the rows of X scaled by the
 * sigmoid's derivative). Anything else — a block between matrices (four dimensions), a diagonal matrix that
 * no product absorbs (the identity of `w^2`), a Jacobian through a reduction — is a SymgradError saying so.
 */
import {
  addAll,
  children,
  type Expr,
  matmul,
  mul,
  num,
  pass,
  type Shape,
  type ShapeEnv,
  transpose,
} from "../expr/index.js";
import { SymgradError } from "../text/symgradError.js";
import { matrixGradient, shapeContext } from "./matrixReverse.js";
import { partials } from "./partials.js";

/**
 * One term `factor * matrix` of a Jacobian; with `matrix` undefined, the term is the diagonal matrix with
 * `diagonal` on it (the identity where that is 1), which only a later `A@…` turns into a writable matrix
 * (`A@diag(d)` is `A*d`).
 */
interface Term {
  readonly factor: Expr;
  readonly matrix: Expr | undefined;
  readonly diagonal: Expr;
}

/**
 * The Hessian of the scalar `e` by `names` in blocks (`h[i][j]` of shape `names[i]`'s by `names[j]`'s), from
 * the simplified gradient `first` (one expression per name, as `matrixGradient` gives).
 */
export function matrixHessian(
  e: Expr,
  names: readonly string[],
  first: readonly Expr[],
  env: ShapeEnv,
): Expr[][] {
  const cx = shapeContext(e, env);
  const rank = (name: string) => (env(name) ?? []).length;
  const h: Expr[][] = names.map(() => []);
  names.forEach((u, i) => {
    for (let j = i; j < names.length; j++) {
      const v = names[j]!;
      if (rank(u) === 0) h[i]![j] = matrixGradient(first[i]!, [v], env)[0]!;
      else if (rank(v) === 0) h[i]![j] = matrixGradient(first[j]!, [u], env)[0]!;
      else if (rank(u) > 1 || rank(v) > 1)
        throw new SymgradError(
          `the Hessian by the matrices ${u} and ${v} has four dimensions, which the language cannot write; ask for the gradient, or lower the formula`,
        );
      else h[i]![j] = coefficient(first[i]!, u, v, cx.shape);
      // a block by a scalar has the other parameter's shape both ways; between two vectors it is transposed
      h[j]![i] = i === j || rank(u) === 0 || rank(v) === 0 ? h[i]![j]! : transpose(h[i]![j]!);
    }
  });
  return h;
}

/**
 * The Jacobian of the vector `g` (the gradient by u) by the vector v, by forward mode over g's tree: each
 * elementwise node scales the rows of its operand's Jacobian by the operand's partial (`partials.ts`), `A@…`
 * multiplies it, `'` of a vector leaves it. What it cannot write (a Jacobian through a reduction, a softmax or
 * a matrix, a diagonal that no matrix product absorbs) is a SymgradError.
 */
function coefficient(g: Expr, u: string, v: string, shape: (e: Expr) => Shape): Expr {
  const notMatrix = (why: string) =>
    new SymgradError(
      `the Hessian by ${u} and ${v} is not a matrix formula: the gradient by ${u} ${why}; a Hessian block in matrix form is written where the gradient is built from ${v} by @, ' and functions entry by entry`,
    );
  const identity: Term[] = [{ factor: num(1), matrix: undefined, diagonal: num(1) }];
  const memo = new Map<Expr, boolean>();
  const depends = pass<boolean>([g], (n, d) => (n.kind === "sym" ? n.name === v : children(n).some(d)), memo);
  /** `t` with its rows scaled by `c` (a scalar or a vector). */
  const scaled = (t: Term, c: Expr): Term => {
    if (shape(c).length === 0) return { ...t, factor: mul(t.factor, c) };
    return t.matrix === undefined
      ? { ...t, diagonal: mul(t.diagonal, c) }
      : { ...t, matrix: transpose(mul(c, transpose(t.matrix))) };
  };
  /** `a@t` for a matrix a. */
  const times = (a: Expr, t: Term): Term => ({
    factor: t.factor,
    matrix: t.matrix === undefined ? mul(a, t.diagonal) : matmul(a, t.matrix),
    diagonal: num(1),
  });
  const terms = pass<Term[] | undefined>([g], (node, of) => {
    if (node.kind === "sym") return node.name === v ? identity : undefined;
    if (!depends(node)) return undefined;
    if (shape(node).length !== 1)
      throw notMatrix(`has ${shape(node).length === 0 ? "a scalar" : "a matrix"} that depends on ${v}`);
    switch (node.kind) {
      case "add":
      case "mul":
      case "pow":
      case "call":
        return partials(node, depends).flatMap(({ child, partial }) => {
          if (shape(child).length !== 1)
            throw notMatrix(
              `has ${shape(child).length === 0 ? "a scalar" : "a matrix"} that depends on ${v}`,
            );
          return of(child)!.map((t) => scaled(t, partial));
        });
      case "matmul": {
        const [a, b] = [node.left, node.right];
        if (!depends(a) && shape(a).length === 2) return of(b)!.map((t) => times(a, t));
        if (!depends(b) && shape(b).length === 2) return of(a)!.map((t) => times(transpose(b), t));
        throw notMatrix(`has a product of two vectors that both depend on ${v}`);
      }
      case "transpose":
        return of(node.arg);
      default:
        throw notMatrix(
          `has ${node.kind === "along" ? node.op : node.kind} of something that depends on ${v}`,
        );
    }
  })(g);
  if (terms === undefined) return num(0);
  if (terms.some((t) => t.matrix === undefined))
    throw notMatrix(
      `holds ${v} itself, times a scalar or entry by entry, whose Hessian is a diagonal matrix (the identity, for ${v}^2) that the language has no name for`,
    );
  // plain matrices before their transposes: (Q + Q')/2
  const sorted = [...terms].sort(
    (p, q) => Number(p.matrix!.kind === "transpose") - Number(q.matrix!.kind === "transpose"),
  );
  const [first] = sorted;
  if (sorted.every((t) => t.factor === first!.factor))
    return mul(first!.factor, addAll(sorted.map((t) => t.matrix!)));
  return addAll(sorted.map((t) => mul(t.factor, t.matrix!)));
}

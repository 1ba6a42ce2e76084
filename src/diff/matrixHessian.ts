/**
 * Hessians in matrix form. A block by a scalar parameter is the matrix-form gradient of that parameter's
 * (scalar) partial derivative. A block by two vector parameters u, v is written where the gradient by u is
 * linear in v, `g = M@v + (terms free of v)`: then the block is M, read off the gradient's tree (`Q@x` gives
 * Q, `x'@Q` gives Q'). Anything else — a block between matrices, a gradient not linear in v, or a multiple of
 * the identity, which the language has no name for — is a SymgradError that says so.
 */
import {
  addAll,
  children,
  type Expr,
  formatShape,
  matmul,
  mul,
  mulAll,
  num,
  pass,
  type ShapeEnv,
  transpose,
} from "../expr/index.js";
import { SymgradError } from "../text/symgradError.js";
import { matrixGradient, shapeContext } from "./matrixReverse.js";

/** One term `factor * matrix` of a coefficient matrix M; `matrix` undefined is the identity. */
interface Term {
  readonly factor: Expr;
  readonly matrix: Expr | undefined;
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
      h[j]![i] = i === j ? h[i]![j]! : transpose(h[i]![j]!);
    }
  });
  return h;
}

/** M in `g = M@v + c` (g the gradient by u), or a SymgradError. */
function coefficient(g: Expr, u: string, v: string, shape: (e: Expr) => readonly unknown[]): Expr {
  const notLinear = (why: string) =>
    new SymgradError(
      `the Hessian by ${u} and ${v} is not a matrix formula: the gradient by ${u} ${why}; a Hessian in matrix form needs a gradient that is a matrix times ${v} plus terms free of ${v}`,
    );
  const terms = pass<Term[] | undefined>([g], (node, of) => {
    if (node.kind === "sym") return node.name === v ? [{ factor: num(1), matrix: undefined }] : undefined;
    const kids = children(node);
    if (!kids.some((k) => of(k) !== undefined)) return undefined;
    switch (node.kind) {
      case "add":
        return kids.flatMap((k) => of(k) ?? []);
      case "mul": {
        const varying = kids.filter((k) => of(k) !== undefined);
        const others = kids.filter((k) => of(k) === undefined);
        if (varying.length > 1 || others.some((k) => shape(k).length > 0))
          throw notLinear(`multiplies ${v} entry by entry`);
        return of(varying[0]!)!.map((t) => ({ factor: mulAll([...others, t.factor]), matrix: t.matrix }));
      }
      case "matmul": {
        const [a, b] = [node.left, node.right];
        if (of(b) && !of(a) && shape(a).length === 2 && shape(b).length === 1)
          return of(b)!.map((t) => ({ factor: t.factor, matrix: t.matrix ? matmul(a, t.matrix) : a }));
        if (of(a) && !of(b) && shape(a).length === 1 && shape(b).length === 2)
          return of(a)!.map((t) => ({
            factor: t.factor,
            matrix: t.matrix ? matmul(transpose(b), t.matrix) : transpose(b),
          }));
        throw notLinear(
          `has a product of ${formatShape(shape(a) as never)} and ${formatShape(shape(b) as never)} that depends on ${v}`,
        );
      }
      case "transpose":
        if (shape(node.arg).length <= 1) return of(node.arg);
        throw notLinear(`transposes a matrix that depends on ${v}`);
      default:
        throw notLinear(`is not linear in ${v} (${node.kind === "call" ? node.fn.name : node.kind})`);
    }
  })(g);
  if (terms === undefined) return num(0);
  if (terms.some((t) => t.matrix === undefined))
    throw notLinear(`holds a multiple of ${v} itself, whose Hessian is a multiple of the identity matrix`);
  // plain matrices before their transposes: (Q + Q')/2
  const sorted = [...terms].sort(
    (p, q) => Number(p.matrix!.kind === "transpose") - Number(q.matrix!.kind === "transpose"),
  );
  const [first] = sorted;
  if (sorted.every((t) => t.factor === first!.factor))
    return mul(first!.factor, addAll(sorted.map((t) => t.matrix!)));
  return addAll(sorted.map((t) => mul(t.factor, t.matrix!)));
}

/**
 * The differentiation stage: derivatives, gradients and Hessians as simplified trees. Single derivatives
 * use forward mode; gradients use symbolic reverse mode (all partials in one sweep over the shared tree).
 * A formula with vectors or matrices (a name of such a shape, or `@`, `'`, a reduction along a dimension,
 * `rows`/`cols`) is differentiated in matrix form instead: one expression per parameter, of its shape.
 */
import { type Expr, freeSymbols, isShapedNode, likelyData, type ShapeEnv, walk } from "../expr/index.js";
import { matrixForm, simplify, simplifyAll, simplifyShaped } from "../simplify/index.js";
import { SymgradError } from "../text/symgradError.js";
import { differentiate } from "./forward.js";
import { matrixHessian } from "./matrixHessian.js";
import { matrixGradient } from "./matrixReverse.js";
import { reverseGradient } from "./reverse.js";

/** Options naming the data columns, which are constants with respect to parameters, and the shapes. */
export interface DiffOptions {
  /**
   * The data columns; when left out, the names whose shape has the data rows (`"n"`), and `x`, `y` (and
   * `x1`, `y_2`, …) inside `sum`/`mean`, are data.
   */
  readonly data?: Iterable<string>;
  /**
   * The shape of each name. A formula with a vector or matrix name, or with `@`, `'`, a reduction along a
   * dimension or `rows`/`cols`, is differentiated in matrix form and needs them.
   */
  readonly shapes?: ShapeEnv;
}

/** The parameters of `e`: its names that are not data, in order of first appearance. */
export function parameters(e: Expr, options: DiffOptions = {}): string[] {
  const { shapes } = options;
  const rows = shapes ? freeSymbols(e).filter((n) => (shapes(n) ?? []).includes("n")) : [];
  const data = new Set(options.data ?? [...likelyData(e), ...rows]);
  return freeSymbols(e).filter((n) => !data.has(n));
}

/**
 * The shapes to differentiate `e` in matrix form with, or undefined for today's scalar path: a formula whose
 * names are scalars and data columns (`(n)`) and that has no vector or matrix node keeps it.
 */
function matrixShapes(e: Expr, options: DiffOptions): ShapeEnv | undefined {
  const { shapes } = options;
  const nodes = walk(e);
  const shapedName =
    shapes !== undefined &&
    nodes.some((n) => n.kind === "sym" && (shapes(n.name) ?? []).some((d) => d !== "n"));
  if (shapedName) return shapes;
  if (!nodes.some(isShapedNode)) return undefined;
  if (shapes === undefined)
    throw new SymgradError(
      "a formula with vectors or matrices (@, ', rows, cols, or a reduction along a dimension) is differentiated in matrix form: give the shapes of its names (option shapes)",
    );
  return shapes;
}

/** Simplified matrix-form results, tidied to read as matrixcalculus.org writes them. */
function tidy(exprs: readonly Expr[], shapes: ShapeEnv): Expr[] {
  return matrixForm(simplifyShaped(exprs, shapes), shapes);
}

/**
 * ∂e/∂name, simplified. The formula is simplified first (equal wherever it is defined, so with the same
 * derivative there): a part that only looks variable, such as `c - c` in `(c - c)^a`, becomes the constant
 * it is, and the chain rule does not multiply an infinite outer derivative by its zero inner one. With
 * vectors or matrices (see `DiffOptions.shapes`), `e` must be a scalar and the result has `name`'s shape
 * (or is a scalar, the same for every entry).
 */
export function derivative(e: Expr, name: string, options: DiffOptions = {}): Expr {
  const shapes = matrixShapes(e, options);
  if (shapes) return tidy(matrixGradient(simplifyShaped([e], shapes)[0]!, [name], shapes), shapes)[0]!;
  return simplify(differentiate(simplify(e), name));
}

/**
 * The partial derivatives of `e` with respect to `names` (by default its parameters, in order of first
 * appearance), simplified, in the order of `names`; `e` is simplified first, as in `derivative`. With
 * vectors or matrices, one expression per name in matrix form (`X'@(2*(X@w - y))/rows(X)`).
 */
export function gradient(e: Expr, names?: readonly string[], options: DiffOptions = {}): Expr[] {
  const wrt = names ?? parameters(e, options);
  const shapes = matrixShapes(e, options);
  if (shapes) return tidy(matrixGradient(simplifyShaped([e], shapes)[0]!, wrt, shapes), shapes);
  return simplifyAll(reverseGradient(simplify(e), wrt));
}

/**
 * The matrix of second partial derivatives, simplified; symmetric, each pair computed once (so
 * `h[i][j] === h[j][i]`). With vectors, `h[i][j]` is a block in matrix form (`(Q + Q')/2`), with
 * `h[j][i]` its transpose; where a block cannot be written as one formula, a SymgradError says why.
 */
export function hessian(e: Expr, names?: readonly string[], options: DiffOptions = {}): Expr[][] {
  const wrt = names ?? parameters(e, options);
  const shapes = matrixShapes(e, options);
  if (shapes) {
    const [cost] = simplifyShaped([e], shapes) as [Expr];
    // from the tidied gradient: logistic regression's X'@(sigmoid(X@w) - y) has the short Jacobian
    const first = tidy(matrixGradient(cost, wrt, shapes), shapes);
    return matrixHessian(cost, wrt, first, shapes).map((row) => tidy(row, shapes));
  }
  const first = gradient(e, wrt);
  const pairs: [number, number][] = wrt.flatMap((_, i) =>
    wrt.slice(i).map((__, k): [number, number] => [i, i + k]),
  );
  const entries = simplifyAll(pairs.map(([i, j]) => differentiate(first[i]!, wrt[j]!)));
  const h: Expr[][] = wrt.map(() => []);
  pairs.forEach(([i, j], k) => {
    h[i]![j] = entries[k]!;
    h[j]![i] = entries[k]!;
  });
  return h;
}

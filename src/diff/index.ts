/**
 * The differentiation stage: derivatives, gradients and Hessians as simplified trees. Single derivatives
 * use forward mode; gradients use symbolic reverse mode (all partials in one sweep over the shared tree).
 */
import { type Expr, freeSymbols, likelyData } from "../expr/index.js";
import { simplify, simplifyAll } from "../simplify/index.js";
import { differentiate } from "./forward.js";
import { reverseGradient } from "./reverse.js";

/** Options naming the data columns, which are constants with respect to parameters. */
export interface DiffOptions {
  /** The data columns; when left out, `x`, `y` (and `x1`, `y_2`, …) inside `sum`/`mean` are data. */
  readonly data?: Iterable<string>;
}

/** The parameters of `e`: its names that are not data, in order of first appearance. */
export function parameters(e: Expr, options: DiffOptions = {}): string[] {
  const data = new Set(options.data ?? likelyData(e));
  return freeSymbols(e).filter((n) => !data.has(n));
}

/**
 * ∂e/∂name, simplified. The formula is simplified first (equal wherever it is defined, so with the same
 * derivative there): a part that only looks variable, such as `c - c` in `(c - c)^a`, becomes the constant
 * it is, and the chain rule does not multiply an infinite outer derivative by its zero inner one.
 */
export function derivative(e: Expr, name: string): Expr {
  return simplify(differentiate(simplify(e), name));
}

/**
 * The partial derivatives of `e` with respect to `names` (by default its parameters, in order of first
 * appearance), simplified, in the order of `names`; `e` is simplified first, as in `derivative`.
 */
export function gradient(e: Expr, names?: readonly string[], options: DiffOptions = {}): Expr[] {
  return simplifyAll(reverseGradient(simplify(e), names ?? parameters(e, options)));
}

/**
 * The matrix of second partial derivatives, simplified; symmetric, each pair computed once (so
 * `h[i][j] === h[j][i]`).
 */
export function hessian(e: Expr, names?: readonly string[], options: DiffOptions = {}): Expr[][] {
  const wrt = names ?? parameters(e, options);
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

/**
 * The contract between a cost and the optimizers: a function of a parameter vector that gives its value,
 * gradient and (optionally) Hessian. `compile` produces it from a formula; tests and benchmarks may write one
 * by hand. Parameter vectors are Float64Arrays in the order of `params`.
 */

/** A differentiable scalar function of named parameters, as the optimizers see it. */
export interface Objective {
  /** Parameter names, in the order of every vector passed in or out. */
  readonly params: readonly string[];
  /** The cost at `p`. */
  value(p: Float64Array): number;
  /** Writes the gradient at `p` into `out`. */
  gradient(p: Float64Array, out: Float64Array): void;
  /** Writes the gradient at `p` into `out` and returns the cost, in one pass. */
  valueAndGradient(p: Float64Array, out: Float64Array): number;
  /** Writes the Hessian at `p` into `out`, row-major n×n; absent when not compiled. */
  hessian?(p: Float64Array, out: Float64Array): void;
  /** Number of data rows the cost reduces over; absent for a cost without data. */
  readonly rows?: number;
  /**
   * Restricts every reduction to the given rows (a mini-batch: `mean` divides by its size), or restores all
   * rows when given undefined. Present only when `rows` is.
   */
  useRows?(rows: Uint32Array | undefined): void;
  /** For a cost that is a sum of squares Σ R_k², its residuals; method "lm" needs them. */
  readonly leastSquares?: ResidualFunctions;
}

/** The residuals R of a cost Σ R_k² and their exact Jacobian. */
export interface ResidualFunctions {
  /** m, the number of residuals. */
  readonly count: number;
  /** Writes R(p) into `r` (length m). */
  residuals(p: Float64Array, r: Float64Array): void;
  /** Writes R(p) into `r` and the m×n Jacobian into `jacobian`, column-major (J[i + j·m]). */
  jacobian(p: Float64Array, r: Float64Array, jacobian: Float64Array): void;
}

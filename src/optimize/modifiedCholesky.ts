/**
 * Cholesky factorization with an added multiple of the identity, Nocedal & Wright, Algorithm 3.3: factor
 * A + τI = LLᵀ for the smallest τ in 0, then τ₀ = β − min aᵢᵢ, then doubling, that succeeds (β = 1e-3).
 * Input is a finite symmetric n×n matrix, row-major; output is L (row-major, lower triangle used) and τ.
 * Newton's method solves with it so that an indefinite Hessian still yields a descent direction.
 */

import { OptimizeError } from "./optimizeError.js";

const beta = 1e-3;
/** τ doubles at most this often; by then it is infinite, which makes any finite matrix succeed. */
const maxAttempts = 2100;

/** Factors A + τI = LLᵀ into `l` with the τ of Algorithm 3.3, which it returns. */
export function modifiedCholesky(a: Float64Array, n: number, l: Float64Array): number {
  let minDiagonal = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) minDiagonal = Math.min(minDiagonal, a[i * n + i]!);
  let tau = minDiagonal > 0 ? 0 : beta - minDiagonal;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (cholesky(a, n, tau, l)) return tau;
    tau = Math.max(2 * tau, beta);
  }
  throw new OptimizeError(`the Hessian could not be factored even with ${tau} added to its diagonal`);
}

/** Writes the Cholesky factor of A + τI into `l`; false when a pivot is not positive. */
function cholesky(a: Float64Array, n: number, tau: number, l: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j]! + tau;
    for (let k = 0; k < j; k++) pivot -= l[j * n + k]! ** 2;
    if (!(pivot > 0)) return false;
    const root = Math.sqrt(pivot);
    l[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = sum / root;
    }
  }
  return true;
}

/** Solves LLᵀx = b by forward and back substitution, writing x into `out` (which may alias b). */
export function solveCholesky(l: Float64Array, n: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * out[k]!;
    out[i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = out[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * out[k]!;
    out[i] = sum / l[i * n + i]!;
  }
}

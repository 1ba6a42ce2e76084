/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * "Matrix Computations", 4th ed., §8.5): plane rotations zero the off-diagonal entries sweep by sweep until
 * they are negligible. Accurate to a few ulps of the largest eigenvalue, O(n³) a sweep: meant for the n×n
 * Hessians and JᵀJ of a fit (n up to a few hundred), not for large matrices.
 */

/** Eigenvalues in increasing order, and the unit eigenvector of each (vectors[k] belongs to values[k]). */
export interface Eigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array[];
}

/** The eigen-decomposition of the symmetric n×n row-major matrix `a` (which is not modified). */
export function symmetricEigen(a: ArrayLike<number>, n: number): Eigen {
  const m = Float64Array.from({ length: n * n }, (_, k) => {
    const i = Math.floor(k / n);
    const j = k % n;
    return (a[i * n + j]! + a[j * n + i]!) / 2;
  });
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = m[i * n + j]! ** 2;
        total += x;
        if (i !== j) off += x;
      }
    if (off <= Number.EPSILON ** 2 * total || off === 0) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        // the rotation that zeroes m[p][q] (Golub & Van Loan, Algorithm 8.5.1)
        const tau = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((i, j) => m[i * n + i]! - m[j * n + j]!);
  return {
    values: Float64Array.from(order, (k) => m[k * n + k]!),
    vectors: order.map((k) => Float64Array.from({ length: n }, (_, i) => v[i * n + k]!)),
  };
}

/**
 * Solving a small dense linear system A·x = b by Gaussian elimination with partial pivoting. L-BFGS-B uses it
 * on matrices of order 2k (twice the memory, 20 by default), some of them indefinite, so Cholesky will not
 * do. Input A (row-major, n × n, left unchanged) and b; output x. A singular pivot gives a zero there.
 */

/** Writes the solution of A·x = b into `x`; A (n × n, row-major) and b are not modified. */
export function solveDense(a: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  const lu = a.slice(0, n * n);
  x.set(b.subarray(0, n));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(lu[r * n + col]!) > Math.abs(lu[pivot * n + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const t = lu[col * n + c]!;
        lu[col * n + c] = lu[pivot * n + c]!;
        lu[pivot * n + c] = t;
      }
      const t = x[col]!;
      x[col] = x[pivot]!;
      x[pivot] = t;
    }
    const p = lu[col * n + col]!;
    if (p === 0) continue;
    for (let r = col + 1; r < n; r++) {
      const factor = lu[r * n + col]! / p;
      if (factor === 0) continue;
      for (let c = col; c < n; c++) lu[r * n + c]! -= factor * lu[col * n + c]!;
      x[r]! -= factor * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let c = r + 1; c < n; c++) sum -= lu[r * n + c]! * x[c]!;
    const p = lu[r * n + r]!;
    x[r] = p === 0 ? 0 : sum / p;
  }
}

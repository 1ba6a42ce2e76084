/**
 * Householder QR with column pivoting, and the least-squares solve with a diagonal damping term that a
 * Levenberg–Marquardt step needs: MINPACK's qrfac and qrsolv (Moré, Garbow & Hillstrom, "User Guide for
 * MINPACK-1", 1980), with 0-based indices. Matrices are column-major Float64Arrays with a leading dimension
 * (`a[i + j·lda]`); every routine works in place and allocates nothing.
 */

const EPSILON = Number.EPSILON;

/** ‖a[from..to) with stride‖₂, scaled so that squaring neither overflows nor underflows. */
export function columnNorm(a: Float64Array, from: number, to: number): number {
  let largest = 0;
  for (let i = from; i < to; i++) largest = Math.max(largest, Math.abs(a[i]!));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let i = from; i < to; i++) sum += (a[i]! / largest) ** 2;
  return largest * Math.sqrt(sum);
}

/** The pivoted factorization A·P = Q·R of an m×n matrix (m ≥ n), as `qrFactor` leaves it. */
export interface PivotedQR {
  /** Column j of P is column ipvt[j] of the identity. */
  readonly ipvt: Int32Array;
  /** The diagonal of R. */
  readonly rdiag: Float64Array;
  /** The norms of the columns of the matrix before factoring. */
  readonly acnorm: Float64Array;
}

/**
 * Factors the m×n matrix `a` (leading dimension m, m ≥ n) in place: afterwards its strict upper triangle
 * holds R's and its lower trapezoid the Householder vectors of Q; R's diagonal is in `qr.rdiag`. Columns
 * are pivoted so that |R's diagonal| does not increase. `work` has length n.
 */
export function qrFactor(m: number, n: number, a: Float64Array, qr: PivotedQR, work: Float64Array): void {
  const { ipvt, rdiag, acnorm } = qr;
  for (let j = 0; j < n; j++) {
    acnorm[j] = columnNorm(a, j * m, (j + 1) * m);
    rdiag[j] = acnorm[j]!;
    work[j] = rdiag[j]!;
    ipvt[j] = j;
  }
  for (let j = 0; j < Math.min(m, n); j++) {
    let kmax = j;
    for (let k = j; k < n; k++) if (rdiag[k]! > rdiag[kmax]!) kmax = k;
    if (kmax !== j) {
      for (let i = 0; i < m; i++) {
        const t = a[i + j * m]!;
        a[i + j * m] = a[i + kmax * m]!;
        a[i + kmax * m] = t;
      }
      rdiag[kmax] = rdiag[j]!;
      work[kmax] = work[j]!;
      const k = ipvt[j]!;
      ipvt[j] = ipvt[kmax]!;
      ipvt[kmax] = k;
    }
    // the Householder transformation that reduces column j to a multiple of the j-th unit vector
    const jj = j + j * m;
    let ajnorm = columnNorm(a, jj, (j + 1) * m);
    if (ajnorm !== 0) {
      if (a[jj]! < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[i + j * m]! /= ajnorm;
      a[jj]! += 1;
      for (let k = j + 1; k < n; k++) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += a[i + j * m]! * a[i + k * m]!;
        const t = sum / a[jj]!;
        for (let i = j; i < m; i++) a[i + k * m]! -= t * a[i + j * m]!;
        if (rdiag[k] !== 0) {
          // downdate the remaining column norm; recompute it when cancellation has eaten its digits
          const r = a[j + k * m]! / rdiag[k]!;
          rdiag[k]! *= Math.sqrt(Math.max(0, 1 - r * r));
          if (0.05 * (rdiag[k]! / work[k]!) ** 2 <= EPSILON) {
            rdiag[k] = columnNorm(a, j + 1 + k * m, (k + 1) * m);
            work[k] = rdiag[k]!;
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
}

/**
 * Given the n×n upper triangle R of A·P = Q·R (in `r`, leading dimension ldr), the diagonal D and the first
 * n entries of Qᵀb, solves A·x = b, D·x = 0 in the least-squares sense (qrsolv). It writes x, the diagonal
 * of the upper triangular S with Pᵀ(AᵀA + DD)P = SᵀS into `sdiag`, and S's strict upper triangle,
 * transposed, into r's strict lower triangle (R's upper triangle is kept). A singular S gives the
 * solution with the singular components set to zero. `work` has length n.
 */
export function qrSolve(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sdiag: Float64Array,
  work: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ldr] = r[j + i * ldr]!;
    x[j] = r[j + j * ldr]!;
    work[j] = qtb[j]!;
  }
  // eliminate D's rows with Givens rotations
  for (let j = 0; j < n; j++) {
    const l = ipvt[j]!;
    if (diag[l] !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = diag[l]!;
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        if (sdiag[k] === 0) continue;
        const kk = k + k * ldr;
        let cos: number;
        let sin: number;
        if (Math.abs(r[kk]!) >= Math.abs(sdiag[k]!)) {
          const tan = sdiag[k]! / r[kk]!;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        } else {
          const cotan = r[kk]! / sdiag[k]!;
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        }
        r[kk] = cos * r[kk]! + sin * sdiag[k]!;
        const t = cos * work[k]! + sin * qtbpj;
        qtbpj = -sin * work[k]! + cos * qtbpj;
        work[k] = t;
        for (let i = k + 1; i < n; i++) {
          const u = cos * r[i + k * ldr]! + sin * sdiag[i]!;
          sdiag[i] = -sin * r[i + k * ldr]! + cos * sdiag[i]!;
          r[i + k * ldr] = u;
        }
      }
    }
    sdiag[j] = r[j + j * ldr]!;
    r[j + j * ldr] = x[j]!;
  }
  // back substitution, dropping the singular part
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) work[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += r[i + j * ldr]! * work[i]!;
    work[j] = (work[j]! - sum) / sdiag[j]!;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]!] = work[j]!;
}

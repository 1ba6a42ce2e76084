/**
 * Dense vector arithmetic on Float64Arrays, the few operations the optimizers share. Inputs are vectors of
 * equal length; results are scalars or are written into an output vector that may alias an input. Nothing
 * here allocates.
 */

/** The inner product aᵀb. */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The Euclidean norm ‖a‖₂. */
export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** The Euclidean distance ‖a − b‖₂. */
export function distance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Writes `a − b` into `out`. */
export function subtract(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
}

/** Writes `-a` into `out`. */
export function negate(a: Float64Array, out: Float64Array): void {
  for (let i = 0; i < a.length; i++) out[i] = -a[i]!;
}

/**
 * Copies `from` into `to` (of the same length). A loop: TypedArray.prototype.set costs a call into the
 * runtime, hundreds of nanoseconds, more than a whole step of a small problem.
 */
export function copy(from: Float64Array, to: Float64Array): void {
  for (let i = 0; i < from.length; i++) to[i] = from[i]!;
}

/** True when a and b hold the same numbers entry by entry. */
export function sameVector(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

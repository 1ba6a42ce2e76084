/**
 * Bound constraints lower_i ≤ x_i ≤ upper_i as a box, with the operations the projected methods need:
 * projection, the step along the projected path P(x + αp) and the projected gradient; L-BFGS-B reads the
 * bounds themselves.
 * Input is the per-index bounds of the options (undefined = free); a box without bounds is all-infinite,
 * and then every operation is exact identity arithmetic, so unbounded runs pay nothing in precision.
 */
import { OptimizeError } from "./optimizeError.js";

/** The feasible box of a run; infinite sides where a parameter is free. */
export class Box {
  /** Lower bounds, −∞ where free. */
  readonly lower: Float64Array;
  /** Upper bounds, +∞ where free. */
  readonly upper: Float64Array;
  /** True when some parameter has a finite bound. */
  readonly bounded: boolean;

  constructor(bounds: readonly (readonly [number, number] | undefined)[], params: readonly string[]) {
    const n = params.length;
    if (bounds.length > n) {
      throw new OptimizeError(`bounds has ${bounds.length} entries but the objective has ${n} parameters`);
    }
    this.lower = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    bounds.forEach((bound, i) => {
      if (bound === undefined) return;
      const [lo, hi] = bound;
      if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
        throw new OptimizeError(`bounds for ${params[i]} must satisfy lower ≤ upper, got [${lo}, ${hi}]`);
      }
      this.lower[i] = lo;
      this.upper[i] = hi;
    });
    this.bounded = this.lower.some(Number.isFinite) || this.upper.some(Number.isFinite);
  }

  /** Moves `x` to the nearest point of the box, in place. */
  project(x: Float64Array): void {
    if (!this.bounded) return;
    for (let i = 0; i < x.length; i++) x[i] = Math.min(this.upper[i]!, Math.max(this.lower[i]!, x[i]!));
  }

  /** Writes P(x + αp), the projected path of Bertsekas (1982), into `out`. */
  moveTo(out: Float64Array, x: Float64Array, alpha: number, p: Float64Array): void {
    for (let i = 0; i < x.length; i++) {
      out[i] = Math.min(this.upper[i]!, Math.max(this.lower[i]!, x[i]! + alpha * p[i]!));
    }
  }

  /**
   * The norm of the projected gradient x − P(x − g), written as in L-BFGS-B's `projgr` (Byrd, Lu, Nocedal &
   * Zhu 1995) so that it equals ‖g‖₂ exactly for free parameters.
   */
  projectedGradientNorm(x: Float64Array, g: Float64Array): number {
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const gi = g[i]!;
      const pg = gi < 0 ? Math.max(x[i]! - this.upper[i]!, gi) : Math.min(x[i]! - this.lower[i]!, gi);
      sum += pg * pg;
    }
    return Math.sqrt(sum);
  }
}

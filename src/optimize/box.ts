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
    // plain loops: fill, forEach and some are calls into the runtime, a microsecond per run in all
    const lower = new Float64Array(n);
    const upper = new Float64Array(n);
    let bounded = false;
    for (let i = 0; i < n; i++) {
      const bound = bounds[i];
      const lo = bound === undefined ? Number.NEGATIVE_INFINITY : bound[0];
      const hi = bound === undefined ? Number.POSITIVE_INFINITY : bound[1];
      if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
        throw new OptimizeError(`bounds for ${params[i]} must satisfy lower ≤ upper, got [${lo}, ${hi}]`);
      }
      lower[i] = lo;
      upper[i] = hi;
      if (Number.isFinite(lo) || Number.isFinite(hi)) bounded = true;
    }
    this.lower = lower;
    this.upper = upper;
    this.bounded = bounded;
  }

  /** Moves `x` to the nearest point of the box, in place. */
  project(x: Float64Array): void {
    if (!this.bounded) return;
    for (let i = 0; i < x.length; i++) x[i] = Math.min(this.upper[i]!, Math.max(this.lower[i]!, x[i]!));
  }

  /** Writes P(x + αp), the projected path of Bertsekas (1982), into `out`. */
  moveTo(out: Float64Array, x: Float64Array, alpha: number, p: Float64Array): void {
    if (!this.bounded) {
      // what the clamp to ±∞ gives, bit for bit (NaN and −0 included), without it
      for (let i = 0; i < x.length; i++) out[i] = x[i]! + alpha * p[i]!;
      return;
    }
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

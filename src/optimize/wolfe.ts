/**
 * A line search for the strong Wolfe conditions, Nocedal & Wright, Algorithms 3.5 (bracketing) and 3.6
 * (zoom), with c₁ = 1e-4 and c₂ = 0.9. Input is φ(α) = f(x + αp) with its slope φ′(α), as one Line (every
 * trial gives both, as valueAndGradient does), and φ(0), φ′(0) < 0. Output is a step α > 0 that
 * satisfies both conditions, or the best step with sufficient decrease when the trial budget runs out, or 0
 * when no trial decreased φ. A NaN or infinite trial value counts as a step that is too long.
 * Near a minimum, differences of φ drown in rounding while φ′ stays accurate, so, after Hager & Zhang
 * (2005, "approximate Wolfe conditions"), values within `noise`·|φ(0)| of each other count as equal, and
 * the slope test φ′(α) ≤ (1 − 2c₁)|φ′(0)| (Armijo for the quadratic through φ′) stands in for sufficient
 * decrease there. Without this, L-BFGS stalled above a gradient norm of 1e-8 on most 50-dimensional
 * quadratics in the tests.
 */

import type { Box } from "./box.js";
import type { Run } from "./run.js";
import { dot, sameVector } from "./vector.js";

/** φ along a line, one trial at a time: `at(α)` returns φ(α) and leaves φ′(α) in `slope`. */
export interface Line {
  at(alpha: number): number;
  readonly slope: number;
}

const c1 = 1e-4;
const c2 = 0.9;
const maxTrials = 30;
/** Bracketing grows the step by this factor while the slope stays steeply negative. */
const expansion = 2;
/** Zoom trials closer than this fraction of the bracket to its ends are replaced by bisection. */
const margin = 0.1;
/** Relative size of rounding error in φ: a few thousand ulps. */
const noise = 1e-12;

/**
 * The strong Wolfe search along one Line (see the file header). One object serves every search of a run,
 * and its trial points are plain numbers, so a search allocates nothing.
 */
export class WolfeSearch {
  private value0 = 0;
  private slope0 = 0;
  /** Values within this much of each other count as equal. */
  private tie = 0;
  private trials = 0;

  constructor(private readonly line: Line) {}

  /**
   * A step length satisfying the strong Wolfe conditions from φ(0) = `value0`, φ′(0) = `slope0` < 0,
   * starting from `alpha1`. With a finite `maxStep` (L-BFGS-B: the longest step that stays in the box) the
   * bracketing never goes past it, and returns it when φ still falls steeply there, as Moré & Thuente's
   * dcsrch does at stpmax.
   */
  search(value0: number, slope0: number, alpha1: number, maxStep = Number.POSITIVE_INFINITY): number {
    const { line } = this;
    this.value0 = value0;
    this.slope0 = slope0;
    this.tie = noise * Math.abs(value0);
    this.trials = 0;
    // Algorithm 3.5: grow the step until it brackets a Wolfe point or is one.
    let previous = 0;
    let previousValue = value0;
    let previousSlope = slope0;
    let alpha = Math.min(alpha1, maxStep);
    while (this.trials < maxTrials) {
      const value = line.at(alpha);
      const slope = line.slope;
      this.trials++;
      if (!this.sufficient(alpha, value, slope) || (previous > 0 && value >= previousValue + this.tie)) {
        return this.zoom(previous, previousValue, previousSlope, alpha, value, slope);
      }
      if (this.curvature(slope)) return alpha;
      if (slope >= 0) return this.zoom(alpha, value, slope, previous, previousValue, previousSlope);
      if (alpha >= maxStep) return alpha;
      previous = alpha;
      previousValue = value;
      previousSlope = slope;
      alpha = Math.min(alpha * expansion, maxStep);
    }
    return previous;
  }

  /**
   * Algorithm 3.6: shrinks the bracket [lo, hi] around a Wolfe point; lo always has sufficient decrease and
   * the lowest value seen, and φ′(lo)·(hi − lo) < 0.
   */
  private zoom(
    lo: number,
    loValue: number,
    loSlope: number,
    hi: number,
    hiValue: number,
    hiSlope: number,
  ): number {
    while (this.trials < maxTrials) {
      const alpha = interpolate(lo, loValue, loSlope, hi, hiValue, hiSlope);
      if (alpha === lo || alpha === hi) break;
      const value = this.line.at(alpha);
      const slope = this.line.slope;
      this.trials++;
      if (!this.sufficient(alpha, value, slope) || value >= loValue + this.tie) {
        hi = alpha;
        hiValue = value;
        hiSlope = slope;
      } else {
        if (this.curvature(slope)) return alpha;
        if (slope * (hi - lo) >= 0) {
          hi = lo;
          hiValue = loValue;
          hiSlope = loSlope;
        }
        lo = alpha;
        loValue = value;
        loSlope = slope;
      }
    }
    return lo;
  }

  private sufficient(alpha: number, value: number, slope: number): boolean {
    return (
      value <= this.value0 + c1 * alpha * this.slope0 ||
      (value <= this.value0 + this.tie && slope <= (2 * c1 - 1) * this.slope0)
    );
  }

  private curvature(slope: number): boolean {
    return Math.abs(slope) <= -c2 * this.slope0;
  }
}

/**
 * The minimizer of the cubic that matches φ and φ′ at both ends a and b (Nocedal & Wright, eq. 3.59), or
 * the midpoint when that cubic has none or it lies within `margin` of an end.
 */
function interpolate(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const d2 = Math.sign(b - a) * Math.sqrt(d1 * d1 - da * db);
  const alpha = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
  const low = Math.min(a, b);
  const width = Math.abs(b - a);
  const inside = alpha >= low + margin * width && alpha <= low + (1 - margin) * width;
  return inside ? alpha : (a + b) / 2;
}

/**
 * The strong Wolfe search of a run along φ(α) = f(P(x + αp)), evaluated through the Run (each trial
 * counted, with its gradient, so the accepted point is a cache hit) into its trial vectors. Made once per
 * run, for every search.
 */
export class LineSearch {
  private readonly line: RunLine;
  private readonly wolfe: WolfeSearch;

  constructor(run: Run, box: Box) {
    this.line = new RunLine(run, box);
    this.wolfe = new WolfeSearch(this.line);
  }

  /** A step length along p from x with cost f and gradient g (see WolfeSearch.search). */
  along(
    x: Float64Array,
    f: number,
    g: Float64Array,
    p: Float64Array,
    alpha1: number,
    maxStep = Number.POSITIVE_INFINITY,
  ): number {
    this.line.through(x, p);
    const alpha = this.wolfe.search(f, dot(g, p), alpha1, maxStep);
    // A step too small to change x in floating point makes no progress, and the direction would repeat
    // forever (the zero step teaches a quasi-Newton rule nothing): count it as a failed search.
    return alpha > 0 && this.line.moves(alpha) ? alpha : 0;
  }
}

/** φ(α) = f(P(x + αp)) through the Run; `through` sets x and p before each search. */
class RunLine implements Line {
  slope = 0;
  private x: Float64Array;
  private p: Float64Array;

  constructor(
    private readonly run: Run,
    private readonly box: Box,
  ) {
    this.x = run.trial;
    this.p = run.trial;
  }

  /** Makes this the line from `x` along `p`. */
  through(x: Float64Array, p: Float64Array): void {
    this.x = x;
    this.p = p;
  }

  /** True when the step α lands on a point other than x. */
  moves(alpha: number): boolean {
    const { run, x } = this;
    this.box.moveTo(run.trial, x, alpha, this.p);
    return !sameVector(run.trial, x);
  }

  at(alpha: number): number {
    const { run, p } = this;
    this.box.moveTo(run.trial, this.x, alpha, p);
    const value = run.valueAndGradient(run.trial, run.trialGradient);
    this.slope = dot(run.trialGradient, p);
    return value;
  }
}

/**
 * A line search for the strong Wolfe conditions, Nocedal & Wright, Algorithms 3.5 (bracketing) and 3.6
 * (zoom), with c₁ = 1e-4 and c₂ = 0.9. Input is φ(α) = f(x + αp) with its slope φ′(α), as one function of
 * α (every trial gives both, as valueAndGradient does), and φ(0), φ′(0) < 0. Output is a step α > 0 that
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
import { dot } from "./vector.js";

/** φ and φ′ at one step length. */
export interface LinePoint {
  readonly value: number;
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
 * A step length satisfying the strong Wolfe conditions (see the file header), starting from `alpha1`. With a
 * finite `maxStep` (L-BFGS-B: the longest step that stays in the box) the bracketing never goes past it, and
 * returns it when φ still falls steeply there, as Moré & Thuente's dcsrch does at stpmax.
 */
export function strongWolfe(
  phi: (alpha: number) => LinePoint,
  start: LinePoint,
  alpha1: number,
  maxStep = Number.POSITIVE_INFINITY,
): number {
  let trials = 0;
  const tie = noise * Math.abs(start.value);
  const sufficient = (alpha: number, point: LinePoint) =>
    point.value <= start.value + c1 * alpha * start.slope ||
    (point.value <= start.value + tie && point.slope <= (2 * c1 - 1) * start.slope);
  const curvature = (point: LinePoint) => Math.abs(point.slope) <= -c2 * start.slope;

  // Algorithm 3.6: shrink the bracket [lo, hi] around a Wolfe point; lo always has sufficient decrease and
  // the lowest value seen, and φ′(lo)·(hi − lo) < 0.
  const zoom = (lo: number, atLo: LinePoint, hi: number, atHi: LinePoint): number => {
    while (trials < maxTrials) {
      const alpha = interpolate(lo, atLo, hi, atHi);
      if (alpha === lo || alpha === hi) break;
      const point = phi(alpha);
      trials++;
      if (!sufficient(alpha, point) || point.value >= atLo.value + tie) {
        hi = alpha;
        atHi = point;
      } else {
        if (curvature(point)) return alpha;
        if (point.slope * (hi - lo) >= 0) {
          hi = lo;
          atHi = atLo;
        }
        lo = alpha;
        atLo = point;
      }
    }
    return lo;
  };

  // Algorithm 3.5: grow the step until it brackets a Wolfe point or is one.
  let previous = 0;
  let atPrevious = start;
  let alpha = Math.min(alpha1, maxStep);
  while (trials < maxTrials) {
    const point = phi(alpha);
    trials++;
    if (!sufficient(alpha, point) || (previous > 0 && point.value >= atPrevious.value + tie)) {
      return zoom(previous, atPrevious, alpha, point);
    }
    if (curvature(point)) return alpha;
    if (point.slope >= 0) return zoom(alpha, point, previous, atPrevious);
    if (alpha >= maxStep) return alpha;
    previous = alpha;
    atPrevious = point;
    alpha = Math.min(alpha * expansion, maxStep);
  }
  return previous;
}

/**
 * The minimizer of the cubic that matches φ and φ′ at both ends (Nocedal & Wright, eq. 3.59), or the
 * midpoint when that cubic has none or it lies within `margin` of an end.
 */
function interpolate(a: number, atA: LinePoint, b: number, atB: LinePoint): number {
  const d1 = atA.slope + atB.slope - (3 * (atA.value - atB.value)) / (a - b);
  const d2 = Math.sign(b - a) * Math.sqrt(d1 * d1 - atA.slope * atB.slope);
  const alpha = b - (b - a) * ((atB.slope + d2 - d1) / (atB.slope - atA.slope + 2 * d2));
  const low = Math.min(a, b);
  const width = Math.abs(b - a);
  const inside = alpha >= low + margin * width && alpha <= low + (1 - margin) * width;
  return inside ? alpha : (a + b) / 2;
}

/**
 * `strongWolfe` for φ(α) = f(P(x + αp)) evaluated through the Run (each trial counted, with its gradient, so
 * the accepted point is a cache hit), from x with cost f and gradient g.
 */
export function wolfeAlong(
  run: Run,
  box: Box,
  start: { readonly x: Float64Array; readonly f: number; readonly g: Float64Array; readonly p: Float64Array },
  alpha1: number,
  maxStep = Number.POSITIVE_INFINITY,
): number {
  const { x, f, g, p } = start;
  const { trial, trialGradient } = run;
  return strongWolfe(
    (alpha) => {
      box.moveTo(trial, x, alpha, p);
      const value = run.valueAndGradient(trial, trialGradient);
      return { value, slope: dot(trialGradient, p) };
    },
    { value: f, slope: dot(g, p) },
    alpha1,
    maxStep,
  );
}

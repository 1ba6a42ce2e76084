/**
 * The generalized Cauchy point of L-BFGS-B, Byrd, Lu, Nocedal & Zhu (1995), Algorithm CP: the first local
 * minimizer of the quadratic model m(z) = gᵀ(z − x) + ½(z − x)ᵀB(z − x) along the projected steepest-descent
 * path P(x − tg). The path is piecewise linear; it is walked breakpoint by breakpoint (in sorted order),
 * updating m′ and m″ in O(k) per breakpoint from W's row and M (eqs. 4.9–4.10). Output is the point, the
 * vector c = Wᵀ(x_cp − x) the subspace step needs, and which variables are still free there.
 */
import type { Box } from "./box.js";
import type { CompactHessian } from "./compactHessian.js";

/** The Cauchy point x_cp with c = Wᵀ(x_cp − x). */
export interface CauchyPoint {
  readonly point: Float64Array;
  readonly c: Float64Array;
}

/** Algorithm CP from `x` with gradient `g`, in the box, for the compact matrix `b`. */
export function cauchyPoint(x: Float64Array, g: Float64Array, box: Box, b: CompactHessian): CauchyPoint {
  const n = x.length;
  const width = b.width;
  const { lower, upper } = box;
  const theta = b.theta;
  const point = x.slice();
  const c = new Float64Array(width);
  const d = new Float64Array(n);
  const breaks: { index: number; t: number }[] = [];
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const t =
      gi < 0 ? (x[i]! - upper[i]!) / gi : gi > 0 ? (x[i]! - lower[i]!) / gi : Number.POSITIVE_INFINITY;
    if (t > 0) d[i] = -gi;
    if (t > 0 && t < Number.POSITIVE_INFINITY) breaks.push({ index: i, t });
  }
  breaks.sort((p, q) => p.t - q.t);
  const w = new Float64Array(width);
  const p = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    if (d[i] === 0) continue;
    b.row(i, w);
    for (let j = 0; j < width; j++) p[j]! += w[j]! * d[i]!;
  }
  const mv = new Float64Array(width);
  let slope = 0;
  for (let i = 0; i < n; i++) slope -= d[i]! * d[i]!;
  if (slope === 0) return { point, c };
  b.timesM(p, mv);
  let curvature = -theta * slope - dotN(p, mv, width);
  const initialCurvature = curvature;
  let tMin = -slope / curvature;
  let tOld = 0;
  for (const { index, t } of breaks) {
    const dt = t - tOld;
    if (tMin < dt) break;
    // The path reaches variable `index`'s bound before the model's minimum: fix it there and go on.
    const gb = g[index]!;
    point[index] = d[index]! > 0 ? upper[index]! : lower[index]!;
    const zb = point[index]! - x[index]!;
    for (let j = 0; j < width; j++) c[j]! += dt * p[j]!;
    b.row(index, w);
    b.timesM(c, mv);
    const wMc = dotN(w, mv, width);
    b.timesM(p, mv);
    const wMp = dotN(w, mv, width);
    b.timesM(w, mv);
    const wMw = dotN(w, mv, width);
    slope += dt * curvature + gb * gb + theta * gb * zb - gb * wMc;
    curvature -= theta * gb * gb + 2 * gb * wMp + gb * gb * wMw;
    // Rounding can make m″ tiny or negative although B is positive definite (L-BFGS-B's safeguard).
    curvature = Math.max(Number.EPSILON * initialCurvature, curvature);
    for (let j = 0; j < width; j++) p[j]! += gb * w[j]!;
    d[index] = 0;
    tMin = -slope / curvature;
    tOld = t;
  }
  tMin = Math.max(tMin, 0);
  tOld += tMin;
  for (let i = 0; i < n; i++) if (d[i] !== 0) point[i] = x[i]! + tOld * d[i]!;
  box.project(point);
  for (let j = 0; j < width; j++) c[j]! += tMin * p[j]!;
  return { point, c };
}

function dotN(a: Float64Array, b: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * L-BFGS-B's subspace minimization, the direct primal method of Byrd, Lu, Nocedal & Zhu (1995), §5.1, with
 * the projection of Morales & Nocedal (2011): from the Cauchy point x_cp, minimize the quadratic model over
 * the variables that are free there (not on a bound), holding the others. The reduced Newton step
 * d = −B̂⁻¹r with B̂ = ZᵀBZ is formed by the Sherman–Morrison–Woodbury formula from W's free rows and M, so
 * only a 2k × 2k system is solved. The step is projected into the box; if that point is not downhill from
 * x, it is instead cut back to the largest feasible fraction of d (the 1995 paper's rule).
 */
import type { Box } from "./box.js";
import type { CauchyPoint } from "./cauchy.js";
import type { CompactHessian } from "./compactHessian.js";
import { solveDense } from "./denseSolve.js";

/** The point x̄ that the line search of iteration k aims at, from `x` (gradient `g`) and its Cauchy point. */
export function subspaceMinimum(
  x: Float64Array,
  g: Float64Array,
  box: Box,
  b: CompactHessian,
  cauchy: CauchyPoint,
): Float64Array {
  const { point, c } = cauchy;
  const n = x.length;
  const width = b.width;
  const { lower, upper } = box;
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (point[i]! > lower[i]! && point[i]! < upper[i]!) free.push(i);
  if (free.length === 0 || b.pairs === 0) return point;
  const theta = b.theta;
  // The reduced gradient of the model at x_cp: r = Zᵀ(g + θ(x_cp − x) − W·M·c).
  const mc = new Float64Array(width);
  b.timesM(c, mc);
  const w = new Float64Array(width);
  const r = new Float64Array(free.length);
  const v = new Float64Array(width);
  const wtw = new Float64Array(width * width);
  free.forEach((i, f) => {
    b.row(i, w);
    let wmc = 0;
    for (let j = 0; j < width; j++) wmc += w[j]! * mc[j]!;
    r[f] = g[i]! + theta * (point[i]! - x[i]!) - wmc;
    for (let j = 0; j < width; j++) {
      v[j]! += w[j]! * r[f]!;
      for (let l = 0; l < width; l++) wtw[j * width + l]! += w[j]! * w[l]!;
    }
  });
  // B̂⁻¹ = I/θ + (1/θ²)·ZᵀW·(I − M·WᵀZZᵀW/θ)⁻¹·M·WᵀZ.
  const mv = new Float64Array(width);
  b.timesM(v, mv);
  const m = b.matrixM;
  const system = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      let sum = 0;
      for (let l = 0; l < width; l++) sum += m[i * width + l]! * wtw[l * width + j]!;
      system[i * width + j] = (i === j ? 1 : 0) - sum / theta;
    }
  }
  const solved = new Float64Array(width);
  solveDense(system, width, mv, solved);
  const step = new Float64Array(free.length);
  free.forEach((i, f) => {
    b.row(i, w);
    let wv = 0;
    for (let j = 0; j < width; j++) wv += w[j]! * solved[j]!;
    step[f] = -r[f]! / theta - wv / (theta * theta);
  });
  const projected = point.slice();
  free.forEach((i, f) => {
    projected[i] = Math.min(upper[i]!, Math.max(lower[i]!, point[i]! + step[f]!));
  });
  let slope = 0;
  for (let i = 0; i < n; i++) slope += (projected[i]! - x[i]!) * g[i]!;
  if (slope < 0) return projected;
  // Not downhill after projection: the largest α ≤ 1 that keeps x_cp + α·d inside the box.
  let alpha = 1;
  free.forEach((i, f) => {
    const di = step[f]!;
    if (di < 0) alpha = Math.min(alpha, (lower[i]! - point[i]!) / di);
    else if (di > 0) alpha = Math.min(alpha, (upper[i]! - point[i]!) / di);
  });
  const cut = point.slice();
  free.forEach((i, f) => {
    cut[i] = point[i]! + alpha * step[f]!;
  });
  box.project(cut);
  return cut;
}

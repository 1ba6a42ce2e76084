/**
 * L-BFGS-B, Byrd, Lu, Nocedal & Zhu (1995) with the subspace projection of Morales & Nocedal (2011): the
 * limited-memory quasi-Newton method for bounds l ≤ x ≤ u that method "lbfgs" runs when there are bounds
 * (and that the augmented Lagrangian runs for its subproblems). Each iteration finds the generalized Cauchy
 * point (cauchy.ts), minimizes the model over the variables free there (subspace.ts), and searches the step
 * along d = x̄ − x for the strong Wolfe conditions (wolfe.ts), never past the box. The first step, and any
 * after the memory is reset, is one unit long in x, as in the Fortran code's lnsrlb.
 */
import type { Box } from "./box.js";
import { cauchyPoint } from "./cauchy.js";
import { CompactHessian } from "./compactHessian.js";
import { Iterate } from "./iterate.js";
import type { OptimizeResult } from "./result.js";
import type { Run } from "./run.js";
import { subspaceMinimum } from "./subspace.js";
import { dot, norm, subtract } from "./vector.js";
import { LineSearch } from "./wolfe.js";

/**
 * Runs L-BFGS-B with `memory` pairs from `start` (inside the box) until the Run stops it. A run may start from
 * the curvature pairs `b` that an earlier run on a similar function left (the augmented Lagrangian's
 * subproblems), and leaves its own there.
 */
export function runLbfgsb(
  run: Run,
  box: Box,
  memory: number,
  start: Float64Array,
  b = new CompactHessian(memory),
): OptimizeResult {
  const d = new Float64Array(start.length);
  const iterate = new Iterate(run, box, start);
  const line = new LineSearch(run, box);
  let k = 0;
  for (; !run.visit(k, iterate.x, iterate.f, iterate.g); k++) {
    const { x, f, g } = iterate;
    let alpha = 0;
    // A failed search with curvature pairs is retried once from B = I, as L-BFGS-B refreshes its memory.
    for (let attempt = 0; attempt < 2 && alpha === 0; attempt++) {
      if (attempt > 0) {
        if (b.pairs === 0) break;
        b.reset();
      }
      const target = subspaceMinimum(x, g, box, b, cauchyPoint(x, g, box, b));
      subtract(target, x, d);
      if (!(dot(d, g) < 0)) continue;
      alpha = search(line, box, x, f, g, d, b.pairs === 0);
    }
    if (alpha === 0) {
      run.failedSearch(k, x, f, g);
      break;
    }
    iterate.advance(alpha, d);
    b.update(iterate.s, iterate.y);
  }
  return run.result(k, iterate.x, iterate.f, iterate.g);
}

/**
 * The step along d: strong Wolfe, never past the longest step that stays in the box. Without curvature
 * pairs the first trial is one unit long in x (L-BFGS-B's lnsrlb), and x̄ itself at most.
 */
function search(
  line: LineSearch,
  box: Box,
  x: Float64Array,
  f: number,
  g: Float64Array,
  d: Float64Array,
  uninformed: boolean,
): number {
  const maxStep = uninformed ? 1 : longestStep(box, x, d);
  if (maxStep <= 0) return 0;
  const alpha0 = uninformed ? Math.min(1, 1 / norm(d)) : 1;
  return line.along(x, f, g, d, alpha0, maxStep);
}

/** The largest α with x + αd inside the box (infinite when no bound lies ahead). */
function longestStep(box: Box, x: Float64Array, d: Float64Array): number {
  let alpha = Number.POSITIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    const di = d[i]!;
    if (di < 0) alpha = Math.min(alpha, (box.lower[i]! - x[i]!) / di);
    else if (di > 0) alpha = Math.min(alpha, (box.upper[i]! - x[i]!) / di);
  }
  return alpha;
}

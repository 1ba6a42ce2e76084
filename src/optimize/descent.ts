/**
 * The loop of the line-search methods (lbfgs, bfgs, newton), Nocedal & Wright's generic line-search method:
 * at iterate x_k a DirectionRule gives p_k, a line search gives α_k, and x_{k+1} = x_k + α_k·p_k. Without
 * bounds the search is strong Wolfe (wolfe.ts); with bounds (lbfgs only) variables on a bound that the
 * gradient pushes against are held fixed (Bertsekas 1982), and the search backtracks along P(x + αp)
 * (armijo.ts). A direction that is not downhill, or a failed search, falls back once to steepest descent.
 */
import { projectedArmijo } from "./armijo.js";
import type { Box } from "./box.js";
import { Iterate } from "./iterate.js";
import type { OptimizeResult } from "./result.js";
import type { Run } from "./run.js";
import { dot, negate, norm } from "./vector.js";
import { wolfeAlong } from "./wolfe.js";

/** How a line-search method chooses its direction and learns from its steps. */
export interface DirectionRule {
  /** True once the rule has curvature information; until then the first trial step is scaled to length 1. */
  readonly informed: boolean;
  /** Writes the search direction for gradient `g` at `x` (iteration k) into `p`; false if the run stopped. */
  direction(g: Float64Array, p: Float64Array, x: Float64Array, k: number): boolean;
  /** Learns from the step s = x_{k+1} − x_k and the gradient change y = ∇f_{k+1} − ∇f_k. */
  update(s: Float64Array, y: Float64Array): void;
  /** Forgets all curvature information. */
  reset(): void;
}

/** Runs `rule` from `start` (inside the box) until the Run stops it. */
export function runDescent(run: Run, box: Box, rule: DirectionRule, start: Float64Array): OptimizeResult {
  const n = start.length;
  const free = new Float64Array(n);
  const p = new Float64Array(n);
  const iterate = new Iterate(run, box, start);
  let k = 0;
  for (; !run.visit(k, iterate.x, iterate.f, iterate.g); k++) {
    const { x, f, g } = iterate;
    // The gradient with the bound-active variables held fixed (all of it when there are no bounds).
    for (let i = 0; i < n; i++) free[i] = box.bounded && box.isActive(i, x, g) ? 0 : g[i]!;
    if (!rule.direction(free, p, x, k)) break;
    holdActive(box, x, g, p);
    let steepest = !(dot(g, p) < 0);
    if (steepest) {
      rule.reset();
      negate(free, p);
    }
    let alpha = search(run, box, x, f, g, p, rule.informed && !steepest);
    if (alpha === 0 && !steepest) {
      rule.reset();
      negate(free, p);
      steepest = true;
      alpha = search(run, box, x, f, g, p, false);
    }
    if (alpha === 0) {
      run.failedSearch(k, x, f, g);
      break;
    }
    iterate.advance(alpha, p);
    rule.update(iterate.s, iterate.y);
  }
  return run.result(k, iterate.x, iterate.f, iterate.g);
}

/** Zeroes the direction on variables that sit on a bound the gradient pushes against. */
function holdActive(box: Box, x: Float64Array, g: Float64Array, p: Float64Array): void {
  if (!box.bounded) return;
  for (let i = 0; i < p.length; i++) if (box.isActive(i, x, g)) p[i] = 0;
}

/**
 * A step length along p: the unit step first when the direction carries curvature information (Nocedal &
 * Wright §3.5), else a first step of length 1 in x, as L-BFGS-B takes; 0 when no step lowers the cost.
 */
function search(
  run: Run,
  box: Box,
  x: Float64Array,
  f: number,
  g: Float64Array,
  p: Float64Array,
  informed: boolean,
): number {
  const alpha0 = informed ? 1 : Math.min(1, 1 / norm(p));
  if (box.bounded) return projectedArmijo(run, box, { x, f, g, p, alpha0 });
  return wolfeAlong(run, box, { x, f, g, p }, alpha0);
}

/**
 * The loop of the line-search methods without bounds (lbfgs, bfgs, newton; lbfgs with bounds is L-BFGS-B,
 * lbfgsb.ts), Nocedal & Wright's generic line-search method: at iterate x_k a DirectionRule gives p_k, a
 * strong Wolfe search (wolfe.ts) gives α_k, and x_{k+1} = x_k + α_k·p_k. A direction that is not downhill,
 * or a failed search, falls back once to steepest descent.
 */
import type { Box } from "./box.js";
import { Iterate } from "./iterate.js";
import type { OptimizeResult } from "./result.js";
import type { Run } from "./run.js";
import { dot, negate, norm } from "./vector.js";
import { LineSearch } from "./wolfe.js";

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

/** Runs `rule` from `start` until the Run stops it; the box must be unbounded. */
export function runDescent(run: Run, box: Box, rule: DirectionRule, start: Float64Array): OptimizeResult {
  const p = new Float64Array(start.length);
  const iterate = new Iterate(run, box, start);
  const line = new LineSearch(run, box);
  let k = 0;
  for (; !run.visit(k, iterate.x, iterate.f, iterate.g); k++) {
    const { x, f, g } = iterate;
    if (!rule.direction(g, p, x, k)) break;
    let steepest = !(dot(g, p) < 0);
    if (steepest) {
      rule.reset();
      negate(g, p);
    }
    let alpha = search(line, x, f, g, p, rule.informed && !steepest);
    if (alpha === 0 && !steepest) {
      rule.reset();
      negate(g, p);
      steepest = true;
      alpha = search(line, x, f, g, p, false);
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

/**
 * A step length along p: the unit step first when the direction carries curvature information (Nocedal &
 * Wright §3.5), else a first step of length 1 in x, as L-BFGS-B takes; 0 when no step lowers the cost.
 */
function search(
  line: LineSearch,
  x: Float64Array,
  f: number,
  g: Float64Array,
  p: Float64Array,
  informed: boolean,
): number {
  return line.along(x, f, g, p, informed ? 1 : Math.min(1, 1 / norm(p)));
}

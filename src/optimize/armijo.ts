/**
 * Backtracking line search for the Armijo (sufficient decrease) condition, Nocedal & Wright, Algorithm 3.1
 * with c₁ = 1e-4 and contraction ρ = 1/2, in the projected form of Bertsekas (1982): along the path
 * x(α) = P(x + αp) it accepts the first α = α₀, α₀/2, … with f(x(α)) ≤ f(x) + c₁·∇f(x)ᵀ(x(α) − x).
 * A NaN or infinite trial cost counts as too long a step. Output is α, or 0 when no trial decreased f.
 */
import type { Box } from "./box.js";
import type { Run } from "./run.js";

const c1 = 1e-4;
const maxTrials = 50;

/** Where the search starts and goes: x, its cost f and gradient g, direction p, first trial step alpha0. */
export interface ArmijoStart {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly p: Float64Array;
  readonly alpha0: number;
}

/**
 * The first step α₀·2⁻ʲ along P(x + αp) that decreases the cost enough, or 0 if none of the first 50 does.
 * Trial points are evaluated with their gradient, so evaluating the accepted point again is a cache hit.
 */
export function projectedArmijo(run: Run, box: Box, start: ArmijoStart): number {
  const { x, f, g, p } = start;
  const trial = new Float64Array(x.length);
  const trialGradient = new Float64Array(x.length);
  let alpha = start.alpha0;
  for (let j = 0; j < maxTrials; j++, alpha /= 2) {
    box.moveTo(trial, x, alpha, p);
    let predicted = 0;
    for (let i = 0; i < x.length; i++) predicted += g[i]! * (trial[i]! - x[i]!);
    // Once the path no longer moves x, no smaller step will either.
    if (predicted === 0) return 0;
    if (run.valueAndGradient(trial, trialGradient) <= f + c1 * predicted) return alpha;
  }
  return 0;
}

/**
 * The L-BFGS direction, Nocedal & Wright, Algorithm 7.4 (two-loop recursion) with the initial matrix
 * H⁰ = γI, γ = sᵀy / yᵀy of the newest pair (eq. 7.20). It keeps the `memory` most recent pairs
 * s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k and skips a pair whose curvature sᵀy is not positive enough to keep
 * the implied inverse Hessian positive definite (as L-BFGS-B does).
 */
import type { DirectionRule } from "./descent.js";
import { copy, dot } from "./vector.js";

/** The L-BFGS search direction −H∇f from the last `memory` steps. */
export function lbfgs(n: number, memory: number): DirectionRule {
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  // vectors of pairs dropped (the oldest, or all on reset), reused for new pairs: no allocation per step
  const spare: Float64Array[] = [];
  const stored = (v: Float64Array) => {
    const kept = spare.pop() ?? new Float64Array(n);
    copy(v, kept);
    return kept;
  };
  return {
    get informed() {
      return s.length > 0;
    },
    direction(g, p) {
      // p plays q, then r, of Algorithm 7.4, and is negated at the end.
      copy(g, p);
      for (let i = s.length - 1; i >= 0; i--) {
        alpha[i] = rho[i]! * dot(s[i]!, p);
        for (let j = 0; j < n; j++) p[j]! -= alpha[i]! * y[i]![j]!;
      }
      const newest = s.length - 1;
      const gamma = newest < 0 ? 1 : dot(s[newest]!, y[newest]!) / dot(y[newest]!, y[newest]!);
      for (let j = 0; j < n; j++) p[j]! *= gamma;
      for (let i = 0; i < s.length; i++) {
        const beta = rho[i]! * dot(y[i]!, p);
        for (let j = 0; j < n; j++) p[j]! += s[i]![j]! * (alpha[i]! - beta);
      }
      for (let j = 0; j < n; j++) p[j] = -p[j]!;
      return true;
    },
    update(step, change) {
      const curvature = dot(step, change);
      if (!(curvature > Number.EPSILON * dot(change, change))) return;
      if (s.length === memory) {
        spare.push(s.shift()!, y.shift()!);
        rho.shift();
      }
      s.push(stored(step));
      y.push(stored(change));
      rho.push(1 / curvature);
    },
    reset() {
      for (const v of s) spare.push(v);
      for (const v of y) spare.push(v);
      s.length = 0;
      y.length = 0;
      rho.length = 0;
    },
  };
}

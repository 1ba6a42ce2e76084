/**
 * The L-BFGS direction, Nocedal & Wright, Algorithm 7.4 (two-loop recursion) with the initial matrix
 * H⁰ = γI, γ = sᵀy / yᵀy of the newest pair (eq. 7.20). It keeps the `memory` most recent pairs
 * s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k and skips a pair whose curvature sᵀy is not positive enough to keep
 * the implied inverse Hessian positive definite (as L-BFGS-B does).
 */
import type { DirectionRule } from "./descent.js";
import { dot } from "./vector.js";

/** The L-BFGS search direction −H∇f from the last `memory` steps. */
export function lbfgs(n: number, memory: number): DirectionRule {
  // The pairs live in rings of `memory` slots of n entries, allocated once: slot (newest − t) mod memory
  // holds the pair t steps old, so nothing is allocated or moved per step. The four arrays share one buffer:
  // a typed array beyond 64 bytes is allocated outside V8's heap, which took microseconds each run.
  const size = Float64Array.BYTES_PER_ELEMENT;
  const buffer = new ArrayBuffer((2 * memory * n + 2 * memory) * size);
  const s = new Float64Array(buffer, 0, memory * n);
  const y = new Float64Array(buffer, memory * n * size, memory * n);
  const rho = new Float64Array(buffer, 2 * memory * n * size, memory);
  const alpha = new Float64Array(buffer, (2 * memory * n + memory) * size, memory);
  let count = 0;
  let newest = memory - 1;
  return {
    get informed() {
      return count > 0;
    },
    direction(g, p) {
      // p plays q, then r, of Algorithm 7.4, and is negated at the end. The loops walk the ring by hand
      // (slot k of the pair `age` steps old is newest − age, wrapped), with no calls inside.
      for (let j = 0; j < n; j++) p[j] = g[j]!;
      for (let age = 0, k = newest; age < count; age++, k = k === 0 ? memory - 1 : k - 1) {
        let sp = 0;
        for (let j = 0; j < n; j++) sp += s[k * n + j]! * p[j]!;
        const a = rho[k]! * sp;
        alpha[k] = a;
        for (let j = 0; j < n; j++) p[j]! -= a * y[k * n + j]!;
      }
      let gamma = 1;
      if (count > 0) {
        let sy = 0;
        let yy = 0;
        for (let j = 0; j < n; j++) sy += s[newest * n + j]! * y[newest * n + j]!;
        for (let j = 0; j < n; j++) yy += y[newest * n + j]! * y[newest * n + j]!;
        gamma = sy / yy;
      }
      for (let j = 0; j < n; j++) p[j]! *= gamma;
      const oldest = (newest - count + 1 + memory) % memory;
      for (let age = count - 1, k = oldest; age >= 0; age--, k = k === memory - 1 ? 0 : k + 1) {
        let yp = 0;
        for (let j = 0; j < n; j++) yp += y[k * n + j]! * p[j]!;
        const step = alpha[k]! - rho[k]! * yp;
        for (let j = 0; j < n; j++) p[j]! += s[k * n + j]! * step;
      }
      for (let j = 0; j < n; j++) p[j] = -p[j]!;
      return true;
    },
    update(step, change) {
      const curvature = dot(step, change);
      if (!(curvature > Number.EPSILON * dot(change, change))) return;
      newest = (newest + 1) % memory;
      for (let j = 0; j < n; j++) {
        s[newest * n + j] = step[j]!;
        y[newest * n + j] = change[j]!;
      }
      rho[newest] = 1 / curvature;
      count = Math.min(count + 1, memory);
    },
    reset() {
      count = 0;
    },
  };
}

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
  return new Lbfgs(n, memory);
}

/**
 * A class, not an object literal of closures: a literal with a getter is built by the runtime, property by
 * property, microseconds per run.
 */
class Lbfgs implements DirectionRule {
  informed = false;
  // The pairs live in rings of `memory` slots of n entries, allocated once: slot (newest − t) mod memory
  // holds the pair t steps old, so nothing is allocated or moved per step. Plain arrays of doubles, not
  // Float64Arrays: a typed array beyond 64 bytes is allocated outside V8's heap, microseconds per run.
  private readonly s: number[];
  private readonly y: number[];
  private readonly rho: number[];
  private readonly alpha: number[];
  /** How many slots hold pairs, and the newest one's. */
  private count = 0;
  private newest: number;
  /**
   * γ of eq. 7.20, sᵀy / yᵀy of the newest pair, from the dot products `update` computes anyway; NaN before
   * the first pair, a double from the start so that V8 never changes the field's representation (a
   * deoptimization of the hot methods).
   */
  private gamma = Number.NaN;
  /** How many pairs the rings hold at most. */
  private readonly memory: number;

  constructor(
    private readonly n: number,
    memory: number,
  ) {
    // The settings hand `memory` over as a double (10.0, as the field also holds NaN for other methods);
    // as a small integer the ring's index arithmetic stays in integers, and V8 does not deoptimize the
    // methods when it first meets the double. The same number either way.
    const slots = memory | 0;
    this.memory = slots === memory ? slots : memory;
    this.s = doubles(memory * n);
    this.y = doubles(memory * n);
    this.rho = doubles(memory);
    this.alpha = doubles(memory);
    this.newest = this.memory - 1;
  }

  direction(g: Float64Array, p: Float64Array): boolean {
    const { n, count } = this;
    if (count === 0 || n === 0) {
      for (let j = 0; j < n; j++) p[j] = -g[j]!;
      return true;
    }
    // p plays q, then r, of Algorithm 7.4, and is negated at the end. Each pass over p updates it for one
    // pair and sums, in the order a loop of its own would, the dot product the next pair needs; the ring is
    // walked by hand (the pair `age` steps old is in slot newest − age, wrapped). For a few parameters the
    // chain of dependent sums is what costs, so the state is read into locals once, and each sum starts
    // from its first product rather than from 0: one addition less on the chain per pass. The sums then
    // differ from the textbook's 0 + t₀ + t₁ + … only when every term is −0 (theirs +0, as 0 + −0 = +0,
    // ours −0), which `dot === 0 ? 0 : dot` undoes, so p stays the same bit for bit; that test is a
    // predicted branch beside the chain, not a step in it (written out: as a function it ran slower).
    const { s, y, rho, alpha, gamma } = this;
    const last = this.memory - 1;
    let k = this.newest;
    p[0] = g[0]!;
    let dot = s[k * n]! * g[0]!;
    for (let j = 1; j < n; j++) {
      const q = g[j]!;
      p[j] = q;
      dot += s[k * n + j]! * q;
    }
    for (let age = 0; ; age++) {
      const a = rho[k]! * (dot === 0 ? 0 : dot);
      alpha[k] = a;
      const from = k * n;
      if (age === count - 1) {
        for (let j = 0; j < n; j++) p[j]! -= a * y[from + j]!;
        break;
      }
      k = k === 0 ? last : k - 1;
      const to = k * n;
      const q0 = p[0]! - a * y[from]!;
      p[0] = q0;
      dot = s[to]! * q0;
      for (let j = 1; j < n; j++) {
        const q = p[j]! - a * y[from + j]!;
        p[j] = q;
        dot += s[to + j]! * q;
      }
    }
    // k is now the oldest slot
    const r0 = p[0]! * gamma;
    p[0] = r0;
    dot = y[k * n]! * r0;
    for (let j = 1; j < n; j++) {
      const r = p[j]! * gamma;
      p[j] = r;
      dot += y[k * n + j]! * r;
    }
    for (let age = count - 1; ; age--) {
      const step = alpha[k]! - rho[k]! * (dot === 0 ? 0 : dot);
      const from = k * n;
      if (age === 0) {
        for (let j = 0; j < n; j++) p[j] = -(p[j]! + s[from + j]! * step);
        break;
      }
      k = k === last ? 0 : k + 1;
      const to = k * n;
      const r0 = p[0]! + s[from]! * step;
      p[0] = r0;
      dot = y[to]! * r0;
      for (let j = 1; j < n; j++) {
        const r = p[j]! + s[from + j]! * step;
        p[j] = r;
        dot += y[to + j]! * r;
      }
    }
    return true;
  }

  update(step: Float64Array, change: Float64Array): void {
    const { n, memory } = this;
    const sy = dot(step, change);
    const yy = dot(change, change);
    if (!(sy > Number.EPSILON * yy)) return;
    const newest = this.newest === memory - 1 ? 0 : this.newest + 1;
    for (let j = 0; j < n; j++) {
      this.s[newest * n + j] = step[j]!;
      this.y[newest * n + j] = change[j]!;
    }
    this.rho[newest] = 1 / sy;
    this.gamma = sy / yy;
    this.newest = newest;
    this.count = Math.min(this.count + 1, memory);
    this.informed = true;
  }

  reset(): void {
    this.count = 0;
    this.informed = false;
  }
}

/**
 * An array of `length` NaNs, which the rings overwrite before they read. A double from the start, so V8
 * stores the array as doubles at once, never as small integers to convert at the first pair.
 */
function doubles(length: number): number[] {
  const array = new Array<number>(length);
  for (let i = 0; i < length; i++) array[i] = Number.NaN;
  return array;
}

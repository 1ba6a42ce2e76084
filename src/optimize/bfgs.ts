/**
 * The BFGS direction p = −H∇f with a dense inverse-Hessian approximation H, Nocedal & Wright, Algorithm 6.1:
 * update (6.17) H⁺ = (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ with ρ = 1/yᵀs, and H = I scaled by yᵀs / yᵀy before the
 * first update (eq. 6.20). A pair with yᵀs not safely positive is skipped so H stays positive definite.
 */
import type { DirectionRule } from "./descent.js";
import { dot } from "./vector.js";

/** The BFGS search direction, from a dense n×n inverse Hessian approximation. */
export function bfgs(n: number): DirectionRule {
  return new Bfgs(n);
}

/**
 * A class, not an object literal of closures: a literal with a getter is built by the runtime, property by
 * property, microseconds per run.
 */
class Bfgs implements DirectionRule {
  informed = false;
  private readonly h: Float64Array;
  private readonly hy: Float64Array;

  constructor(private readonly n: number) {
    this.h = new Float64Array(n * n);
    this.hy = new Float64Array(n);
    this.identity(1);
  }

  direction(g: Float64Array, p: Float64Array): boolean {
    const { n, h } = this;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum -= h[i * n + j]! * g[j]!;
      p[i] = sum;
    }
    return true;
  }

  update(s: Float64Array, y: Float64Array): void {
    const { n, h, hy } = this;
    const ys = dot(y, s);
    const yy = dot(y, y);
    if (!(ys > Number.EPSILON * yy)) return;
    if (!this.informed) this.identity(ys / yy);
    this.informed = true;
    // Expanded (6.17), H symmetric: H⁺ = H − ρ(Hy·sᵀ + s·(Hy)ᵀ) + (ρ²·yᵀHy + ρ)·ssᵀ.
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += h[i * n + j]! * y[j]!;
      hy[i] = sum;
    }
    const rho = 1 / ys;
    const scale = rho * rho * dot(y, hy) + rho;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        h[i * n + j]! += -rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + scale * s[i]! * s[j]!;
      }
    }
  }

  reset(): void {
    this.identity(1);
    this.informed = false;
  }

  private identity(scale: number): void {
    const { n, h } = this;
    // a loop: TypedArray.prototype.fill is a call into the runtime, more than a whole small update
    for (let i = 0; i < n * n; i++) h[i] = 0;
    for (let i = 0; i < n; i++) h[i * n + i] = scale;
  }
}

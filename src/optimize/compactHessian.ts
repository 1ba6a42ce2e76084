/**
 * The limited-memory BFGS matrix in compact form, B = θI − W·M·Wᵀ (Byrd, Nocedal & Schnabel 1994; Byrd, Lu,
 * Nocedal & Zhu 1995, §3): W = [Y, θS] is n × 2k for the k ≤ `memory` newest pairs s = x_{j+1} − x_j,
 * y = ∇f_{j+1} − ∇f_j, θ = yᵀy / sᵀy of the newest pair, and M = [[−D, Lᵀ], [L, θSᵀS]]⁻¹ with D = diag(sᵢᵀyᵢ)
 * and L the strictly lower triangle of SᵀY. A pair whose curvature sᵀy is not safely positive is skipped, so
 * B stays positive definite. L-BFGS-B's Cauchy point and subspace step read B only through W's rows and M.
 */
import { solveDense } from "./denseSolve.js";
import { dot } from "./vector.js";

/** The compact L-BFGS matrix of the newest `memory` pairs. */
export class CompactHessian {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  /** The scale θ of B's identity part; 1 before the first pair. */
  theta = 1;
  /** M, 2k × 2k row-major. */
  private m = new Float64Array(0);

  constructor(private readonly memory: number) {}

  /** k: the number of pairs kept. */
  get pairs(): number {
    return this.s.length;
  }

  /** 2k: the length of W's rows and the order of M. */
  get width(): number {
    return 2 * this.s.length;
  }

  /**
   * Learns the pair (s, y); false when it was skipped for lack of positive curvature, or because it is so
   * small that θ or M would not be finite (s of 1e-162 has sᵀs below the smallest double).
   */
  update(step: Float64Array, change: Float64Array): boolean {
    const curvature = dot(step, change);
    const yy = dot(change, change);
    const theta = yy / curvature;
    if (!(curvature > Number.EPSILON * yy) || !(theta > 0 && Number.isFinite(theta))) return false;
    const dropped = this.s.length === this.memory ? [this.s.shift()!, this.y.shift()!] : undefined;
    this.s.push(step.slice());
    this.y.push(change.slice());
    const previousTheta = this.theta;
    this.theta = theta;
    this.formM();
    if (this.m.every(Number.isFinite)) return true;
    this.s.pop();
    this.y.pop();
    if (dropped) {
      this.s.unshift(dropped[0]);
      this.y.unshift(dropped[1]);
    }
    this.theta = previousTheta;
    this.formM();
    return false;
  }

  /** Forgets every pair: B = I. */
  reset(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.theta = 1;
    this.m = new Float64Array(0);
  }

  /** Writes row i of W = [Y, θS] into `out` (length 2k). */
  row(i: number, out: Float64Array): void {
    const k = this.s.length;
    for (let j = 0; j < k; j++) {
      out[j] = this.y[j]![i]!;
      out[k + j] = this.theta * this.s[j]![i]!;
    }
  }

  /** Writes M·v into `out` (both of length 2k; they must not alias). */
  timesM(v: Float64Array, out: Float64Array): void {
    const w = this.width;
    for (let i = 0; i < w; i++) {
      let sum = 0;
      for (let j = 0; j < w; j++) sum += this.m[i * w + j]! * v[j]!;
      out[i] = sum;
    }
  }

  /** M as a row-major 2k × 2k matrix (read only). */
  get matrixM(): Float64Array {
    return this.m;
  }

  /** Forms M by inverting the small middle matrix [[−D, Lᵀ], [L, θSᵀS]] column by column. */
  private formM(): void {
    const k = this.s.length;
    const w = 2 * k;
    const middle = new Float64Array(w * w);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const sy = dot(this.s[i]!, this.y[j]!);
        if (i === j) middle[i * w + j] = -sy;
        if (i > j) {
          middle[(k + i) * w + j] = sy; // L
          middle[j * w + (k + i)] = sy; // Lᵀ
        }
        middle[(k + i) * w + (k + j)] = this.theta * dot(this.s[i]!, this.s[j]!);
      }
    }
    this.m = new Float64Array(w * w);
    const unit = new Float64Array(w);
    const column = new Float64Array(w);
    for (let j = 0; j < w; j++) {
      unit.fill(0);
      unit[j] = 1;
      solveDense(middle, w, unit, column);
      for (let i = 0; i < w; i++) this.m[i * w + j] = column[i]!;
    }
  }
}

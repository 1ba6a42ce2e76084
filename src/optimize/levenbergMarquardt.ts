/**
 * Levenberg–Marquardt for a cost Σ R_k(x)² with the exact Jacobian: Moré's trust-region form with MINPACK's
 * scaling (Moré, "The Levenberg–Marquardt algorithm: implementation and theory", 1978; MINPACK's lmder and
 * lmpar). Each iteration factors the Jacobian with column pivoting, finds the damping parameter that puts
 * the step on the boundary of the scaled trust region ‖D·p‖ ≤ Δ, and grows or shrinks Δ by how well the
 * linear model predicted the reduction. Rank-deficient Jacobians are handled by the pivoted QR (the step
 * keeps to the determined directions). Input is a Run (bookkeeping and the common stopping tests), the
 * residual functions and a start; output is the Run's result.
 */
import type { ResidualFunctions } from "./objective.js";
import { columnNorm, type PivotedQR, qrFactor, qrSolve } from "./qr.js";
import type { OptimizeResult } from "./result.js";
import type { Run } from "./run.js";
import { format } from "./run.js";
import type { Settings } from "./settings.js";

/** MINPACK's constants: the initial step bound factor, and the trust-region update thresholds. */
const FACTOR = 100;
const DWARF = Number.MIN_VALUE;
const EPSILON = Number.EPSILON;
/** The relative reduction (ftol) and relative step (xtol) below which the run has converged, by default: MINPACK's recommended √ε. */
const DEFAULT_TOLERANCE = Math.sqrt(Number.EPSILON);

/** Minimizes Σ R_k² from `x` (overwritten with the final point). */
export function levenbergMarquardt(
  run: Run,
  settings: Settings,
  ls: ResidualFunctions,
  x: Float64Array,
): OptimizeResult {
  const n = x.length;
  // MINPACK needs at least as many residuals as parameters; zero residuals pad the rest
  const m = Math.max(ls.count, n);
  const ftol = settings.costTolerance || DEFAULT_TOLERANCE;
  const xtol = settings.stepTolerance || DEFAULT_TOLERANCE;
  const fvec = new Float64Array(m);
  const trial = new Float64Array(m);
  const fjac = new Float64Array(m * n);
  const raw = m === ls.count ? fjac : new Float64Array(ls.count * n);
  const qr: PivotedQR = { ipvt: new Int32Array(n), rdiag: new Float64Array(n), acnorm: new Float64Array(n) };
  const diag = new Float64Array(n);
  const qtf = new Float64Array(n);
  const step = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const scaled = new Float64Array(n);
  const grad = new Float64Array(n);
  const work = [new Float64Array(n), new Float64Array(n), new Float64Array(m)] as const;
  const sdiag = new Float64Array(n);

  const residuals = (p: Float64Array, out: Float64Array) => {
    run.evaluations++;
    ls.residuals(p, out);
    return sumOfSquares(out, ls.count);
  };
  const jacobian = (p: Float64Array) => {
    run.gradientEvaluations++;
    ls.jacobian(p, fvec, raw);
    if (raw !== fjac) {
      fjac.fill(0);
      for (let j = 0; j < n; j++) fjac.set(raw.subarray(j * ls.count, (j + 1) * ls.count), j * m);
    }
    // ∇f = 2·Jᵀ·R, for the common stopping tests and the history
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += fjac[i + j * m]! * fvec[i]!;
      grad[j] = 2 * sum;
    }
  };

  let f = residuals(x, fvec);
  let fnorm = Math.sqrt(f);
  let par = 0;
  let delta = 0;
  let xnorm = 0;
  let k = 0;
  for (;;) {
    jacobian(x);
    if (run.visit(k, x, f, grad)) return run.result(k, x, f, grad);
    qrFactor(m, n, fjac, qr, work[0]);
    if (k === 0) {
      // scale by the norms of the initial Jacobian's columns (MINPACK's mode 1)
      for (let j = 0; j < n; j++) diag[j] = qr.acnorm[j] === 0 ? 1 : qr.acnorm[j]!;
      for (let j = 0; j < n; j++) scaled[j] = diag[j]! * x[j]!;
      xnorm = columnNorm(scaled, 0, n);
      delta = FACTOR * xnorm || FACTOR;
    }
    // Qᵀ·fvec, first n entries, and R's diagonal back in place
    const qtfull = work[2];
    qtfull.set(fvec);
    for (let j = 0; j < n; j++) {
      const jj = j + j * m;
      if (fjac[jj] !== 0) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += fjac[i + j * m]! * qtfull[i]!;
        const t = -sum / fjac[jj]!;
        for (let i = j; i < m; i++) qtfull[i]! += fjac[i + j * m]! * t;
      }
      fjac[jj] = qr.rdiag[j]!;
      qtf[j] = qtfull[j]!;
    }
    // the largest cosine between the residual vector and a column of the Jacobian
    let gnorm = 0;
    if (fnorm !== 0) {
      for (let j = 0; j < n; j++) {
        const l = qr.ipvt[j]!;
        if (qr.acnorm[l] === 0) continue;
        let sum = 0;
        for (let i = 0; i <= j; i++) sum += fjac[i + j * m]! * (qtf[i]! / fnorm);
        gnorm = Math.max(gnorm, Math.abs(sum / qr.acnorm[l]!));
      }
    }
    if (gnorm <= EPSILON) {
      run.stop(
        "gradient-tolerance",
        `Converged: the residuals are orthogonal to the Jacobian's columns (cosine ${format(gnorm)}) after ${k} iterations.`,
      );
      return run.result(k, x, f, grad);
    }
    for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j]!, qr.acnorm[j]!);

    // the inner loop: shrink the trust region until a step reduces the cost
    for (;;) {
      par = lmpar(n, fjac, m, qr.ipvt, diag, qtf, delta, par, step, sdiag, work[0], work[1]);
      for (let j = 0; j < n; j++) {
        step[j] = -step[j]!;
        xTrial[j] = x[j]! + step[j]!;
        scaled[j] = diag[j]! * step[j]!;
      }
      const pnorm = columnNorm(scaled, 0, n);
      if (k === 0) delta = Math.min(delta, pnorm);
      const fTrial = residuals(xTrial, trial);
      const fnorm1 = Math.sqrt(fTrial);
      // actual and predicted relative reductions of the sum of squares
      const actred = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) ** 2 : -1;
      const jp = work[1];
      for (let j = 0; j < n; j++) {
        jp[j] = 0;
        const t = step[qr.ipvt[j]!]!;
        for (let i = 0; i <= j; i++) jp[i]! += fjac[i + j * m]! * t;
      }
      const t1 = columnNorm(jp, 0, n) / fnorm;
      const t2 = (Math.sqrt(par) * pnorm) / fnorm;
      const prered = t1 * t1 + (t2 * t2) / 0.5;
      const dirder = -(t1 * t1 + t2 * t2);
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let t = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || t < 0.1) t = 0.1;
        delta = t * Math.min(delta, pnorm / 0.1);
        par /= t;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      const accepted = ratio >= 1e-4;
      if (accepted) {
        x.set(xTrial);
        fvec.set(trial);
        for (let j = 0; j < n; j++) scaled[j] = diag[j]! * x[j]!;
        xnorm = columnNorm(scaled, 0, n);
        f = fTrial;
        fnorm = fnorm1;
        k++;
      }
      const stop = converged(actred, prered, ratio, delta, xnorm, ftol, xtol, k);
      if (stop !== undefined) {
        run.stop(stop[0], stop[1]);
        if (accepted) jacobian(x);
        return run.result(k, x, f, grad);
      }
      if (accepted) break;
      if (run.evaluations >= settings.maxEvaluations) {
        run.stop(
          "max-evaluations",
          `Stopped after ${run.evaluations} evaluations (maxEvaluations) at iteration ${k}.`,
        );
        return run.result(k, x, f, grad);
      }
    }
  }
}

function sumOfSquares(r: Float64Array, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += r[i]! * r[i]!;
  return sum;
}

/** MINPACK's convergence tests after a trial step, as a status and a sentence; undefined to go on. */
function converged(
  actred: number,
  prered: number,
  ratio: number,
  delta: number,
  xnorm: number,
  ftol: number,
  xtol: number,
  k: number,
): [Parameters<Run["stop"]>[0], string] | undefined {
  const reduction = (tol: number) => Math.abs(actred) <= tol && prered <= tol && 0.5 * ratio <= 1;
  if (reduction(Math.max(ftol, EPSILON)))
    return [
      "cost-tolerance",
      `Converged: a step can reduce the sum of squares by at most ${format(Math.max(prered, Math.abs(actred)))} ` +
        `of itself, within the tolerance ${Math.max(ftol, EPSILON)}, after ${k} iterations.`,
    ];
  if (delta <= Math.max(xtol, EPSILON) * xnorm)
    return [
      "step-tolerance",
      `Converged: the trust region is within ${Math.max(xtol, EPSILON)} of the scaled parameters' norm ` +
        `after ${k} iterations.`,
    ];
  return undefined;
}

/**
 * MINPACK's lmpar: the damping λ ≥ 0 such that the solution p of min ‖A·p − b‖² + λ‖D·p‖² has
 * ‖D·p‖ within 10% of Δ (or λ = 0 when the Gauss–Newton step is already inside), by a safeguarded Newton
 * iteration on λ (at most 10 steps), given the pivoted QR of A in `r` (leading dimension ldr) and Qᵀb.
 * Writes p into `x` and S's diagonal into `sdiag`; returns λ.
 */
function lmpar(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  parIn: number,
  x: Float64Array,
  sdiag: Float64Array,
  wa1: Float64Array,
  wa2: Float64Array,
): number {
  // the Gauss–Newton direction; least-squares solution when R is singular. MINPACK tests for an exact 0;
  // rounding leaves ~ε·|r₀₀| where a column depends on the others, and dividing by that sends the step far
  // along a direction the data do not determine, so such a diagonal counts as 0 here
  const negligible = Number.EPSILON * n * Math.abs(r[0]!);
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j]!;
    if (Math.abs(r[j + j * ldr]!) <= negligible && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    wa1[j]! /= r[j + j * ldr]!;
    const t = wa1[j]!;
    for (let i = 0; i < j; i++) wa1[i]! -= r[i + j * ldr]! * t;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]!] = wa1[j]!;
  for (let j = 0; j < n; j++) wa2[j] = diag[j]! * x[j]!;
  let dxnorm = columnNorm(wa2, 0, n);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // a lower bound from the Newton step when R has full rank, an upper bound from the gradient
  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) wa1[j] = diag[ipvt[j]!]! * (wa2[ipvt[j]!]! / dxnorm);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += r[i + j * ldr]! * wa1[i]!;
      wa1[j] = (wa1[j]! - sum) / r[j + j * ldr]!;
    }
    const t = columnNorm(wa1, 0, n);
    parl = fp / delta / t / t;
  }
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += r[i + j * ldr]! * qtb[i]!;
    wa1[j] = sum / diag[ipvt[j]!]!;
  }
  const gnorm = columnNorm(wa1, 0, n);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
  let par = Math.min(Math.max(parIn, parl), paru);
  if (par === 0) par = gnorm / dxnorm;

  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const s = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = s * diag[j]!;
    qrSolve(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
    for (let j = 0; j < n; j++) wa2[j] = diag[j]! * x[j]!;
    dxnorm = columnNorm(wa2, 0, n);
    const previous = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= previous && previous < 0) || iter === 10)
      return par;
    // Newton's correction of λ
    for (let j = 0; j < n; j++) wa1[j] = diag[ipvt[j]!]! * (wa2[ipvt[j]!]! / dxnorm);
    for (let j = 0; j < n; j++) {
      wa1[j]! /= sdiag[j]!;
      const t = wa1[j]!;
      for (let i = j + 1; i < n; i++) wa1[i]! -= r[i + j * ldr]! * t;
    }
    const t = columnNorm(wa1, 0, n);
    const parc = fp / delta / t / t;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
}

/**
 * General constraints by the bound-constrained augmented Lagrangian method of Conn, Gould & Toint (LANCELOT;
 * Nocedal & Wright, Algorithm 17.4), with inequalities in the Powell–Hestenes–Rockafellar form:
 *   L_A(x; λ, ρ) = f(x) + Σ_eq (λh + ½ρh²) + Σ_ineq (max(0, λ + ρh)² − λ²) / (2ρ),   h = c oriented as ≤ 0.
 * Each outer iteration minimizes L_A over the box with L-BFGS-B to the tolerance ω; when the violation
 * measure (|h|, or |max(h, −λ/ρ)| for inequalities) is within η the multipliers are updated
 * (λ ← λ + ρh, kept ≥ 0 for inequalities) and η, ω tighten (η/ρ^0.9, ω/ρ), else ρ grows tenfold and η, ω
 * restart from 1/ρ^0.1, 1/ρ. A ρ past 1e12 with the constraints still violated means no feasible point was
 * found, and so does a violation that three tenfold raises of ρ in a row did not lower by 1%: the run
 * ends "infeasible" at the smallest violation it reached. Each subproblem starts from the L-BFGS-B memory
 * of the one before and may take at most 500 iterations.
 */
import type { Box } from "./box.js";
import { CompactHessian } from "./compactHessian.js";
import type { Constraint, ConstraintResult } from "./constraint.js";
import { runLbfgsb } from "./lbfgsb.js";
import type { Objective } from "./objective.js";
import type { HistoryEntry, OptimizeResult, Status } from "./result.js";
import { convergedStatuses, format, Run } from "./run.js";
import type { Settings } from "./settings.js";

const initialPenalty = 10;
const penaltyGrowth = 10;
const maxPenalty = 1e12;
/** Iterations one subproblem may take: more rarely help, as a subproblem is solved again with new λ, ρ. */
const innerIterations = 500;
/** Penalty increases in a row that must each cut the violation by this factor, or the run is infeasible. */
const stallIncreases = 3;
const stallFactor = 0.99;
/** An inequality within this of holding with equality counts as active (and a bound then gets a multiplier). */
const activeTolerance = 1e-6;
/** Multipliers are kept within this magnitude (as ALGENCAN does), so a hopeless run cannot overflow. */
const maxMultiplier = 1e20;

/** Minimizes `objective` from `x` (inside the box) subject to `settings.constraints`. */
export function runAugmentedLagrangian(
  objective: Objective,
  settings: Settings,
  box: Box,
  x: Float64Array,
): OptimizeResult {
  const n = x.length;
  const general = settings.constraints.filter((c) => !c.bound);
  const m = general.length;
  const orientation = general.map((c) => (c.relation === ">=" ? -1 : 1));
  const equality = general.map((c) => c.relation === "==");
  const lambda = new Float64Array(m);
  const h = new Float64Array(m);
  const scratch = new Float64Array(n);
  let rho = initialPenalty;
  // Successive subproblems differ only in λ and ρ, so each starts from the curvature pairs of the last
  // (about half the evaluations on the Hock–Schittkowski set).
  const curvature = new CompactHessian(settings.memory);

  const augmented: Objective = {
    params: objective.params,
    value: (p) => augmented.valueAndGradient(p, new Float64Array(n)),
    gradient: (p, out) => void augmented.valueAndGradient(p, out),
    valueAndGradient(p, out) {
      let value = objective.valueAndGradient(p, out);
      for (let j = 0; j < m; j++) {
        const hj = orientation[j]! * general[j]!.valueAndGradient(p, scratch);
        const shifted = lambda[j]! + rho * hj;
        const weight = equality[j] ? shifted : Math.max(0, shifted);
        value += equality[j]
          ? lambda[j]! * hj + 0.5 * rho * hj * hj
          : (weight * weight - lambda[j]! * lambda[j]!) / (2 * rho);
        const scale = weight * orientation[j]!;
        if (scale !== 0) for (let i = 0; i < n; i++) out[i]! += scale * scratch[i]!;
      }
      return value;
    },
  };

  const optimality = settings.tolerance;
  const feasibility = settings.constraintTolerance;
  let omega = m === 0 ? optimality : Math.max(1 / rho, optimality);
  let eta = Math.max(rho ** -0.1, feasibility);
  const counts = { iterations: 0, evaluations: 0, gradientEvaluations: 0 };
  const history: HistoryEntry[] = [];
  let status: Status | undefined;
  let message = "";
  let gradientNorm = Number.NaN;
  // The violation measure at the last outer iteration that raised ρ, and how many raises in a row left it
  // (nearly) where it was.
  let lastFailure = Number.POSITIVE_INFINITY;
  let stalls = 0;
  for (let outer = 1; status === undefined; outer++) {
    const inner = runLbfgsb(
      new Run(
        augmented,
        {
          ...settings,
          tolerance: omega,
          costTolerance: 0,
          stepTolerance: 0,
          maxIterations: Math.min(innerIterations, settings.maxIterations - counts.iterations),
          maxEvaluations: settings.maxEvaluations - counts.evaluations,
          historyEvery: 0,
          onIteration: undefined,
        },
        box,
        undefined,
      ),
      box,
      settings.memory,
      x,
      curvature,
    );
    counts.iterations += inner.iterations;
    counts.evaluations += inner.evaluations;
    counts.gradientEvaluations += inner.gradientEvaluations;
    x = inner.x;
    gradientNorm = inner.gradientNorm;
    if (inner.status === "not-finite") {
      status = "not-finite";
      message = inner.message;
      break;
    }
    let measure = 0;
    for (let j = 0; j < m; j++) {
      h[j] = orientation[j]! * general[j]!.valueAndGradient(x, scratch);
      const v = equality[j] ? Math.abs(h[j]!) : Math.abs(Math.max(h[j]!, -lambda[j]! / rho));
      measure = Math.max(measure, v);
    }
    const worst = mostViolated(settings.constraints, x, scratch);
    const cost = objective.value(x);
    counts.evaluations++;
    if (settings.historyEvery > 0) history.push(entry(counts.iterations, cost, gradientNorm, x));
    const info = { iteration: counts.iterations, cost, gradientNorm, params: x.slice() };
    if (settings.onIteration?.(info) === false) {
      status = "stopped";
      message = `Stopped by onIteration after ${outer} outer iterations.`;
      break;
    }
    // An inner run that can lower L_A no further has met its tolerance as well as floating point allows.
    const solved = convergedStatuses.includes(inner.status) || inner.status === "line-search-failed";
    if (measure <= eta) {
      for (let j = 0; j < m; j++) {
        const updated = lambda[j]! + rho * h[j]!;
        lambda[j] = Math.min(maxMultiplier, Math.max(equality[j] ? -maxMultiplier : 0, updated));
      }
      if (worst.violation <= feasibility && solved && omega <= optimality) {
        status = "optimal";
        message =
          `Optimal: every constraint holds within ${format(feasibility)} (largest violation ${format(worst.violation)}) ` +
          `and the projected gradient of the Lagrangian is ${format(gradientNorm)}, after ${outer} outer ` +
          `and ${counts.iterations} L-BFGS-B iterations.`;
        break;
      }
      eta = Math.max(eta / rho ** 0.9, feasibility);
      omega = Math.max(omega / rho, optimality);
    } else {
      stalls = measure > stallFactor * lastFailure ? stalls + 1 : 0;
      lastFailure = measure;
      if (rho >= maxPenalty || stalls >= stallIncreases) {
        status = "infeasible";
        message =
          `Infeasible: no point found satisfies every constraint; the smallest violation found is ` +
          `${format(worst.violation)}, of '${worst.text}', after ${outer} outer iterations.`;
        break;
      }
      rho *= penaltyGrowth;
      eta = Math.max(rho ** -0.1, feasibility);
      omega = Math.max(1 / rho, optimality);
    }
    const exhausted =
      counts.iterations >= settings.maxIterations
        ? "max-iterations"
        : counts.evaluations >= settings.maxEvaluations
          ? "max-evaluations"
          : undefined;
    if (status === undefined && exhausted !== undefined) {
      status = exhausted;
      const limit = exhausted === "max-iterations" ? "maxIterations" : "maxEvaluations";
      message =
        `Stopped at the iteration limit (${limit}) after ${counts.iterations} L-BFGS-B iterations and ` +
        `${counts.evaluations} evaluations; the largest constraint violation is ${format(worst.violation)}` +
        `${worst.violation > 0 ? `, of '${worst.text}'` : ""}.`;
    }
  }
  const constraints = report(objective, settings.constraints, general, lambda, orientation, x, settings, box);
  const cost = objective.value(x);
  counts.evaluations++;
  if (settings.historyEvery > 0 && history.at(-1)?.iteration !== counts.iterations)
    history.push(entry(counts.iterations, cost, gradientNorm, x));
  const final = status ?? "stopped";
  return {
    x,
    cost,
    gradientNorm: constraints.gradientNorm,
    iterations: counts.iterations,
    evaluations: counts.evaluations,
    gradientEvaluations: counts.gradientEvaluations,
    hessianEvaluations: 0,
    converged: convergedStatuses.includes(final),
    status: final,
    message,
    history,
    constraints: constraints.results,
    maxViolation: constraints.results.reduce((v, c) => Math.max(v, c.violation), 0),
  };

  function entry(iteration: number, cost: number, norm: number, p: Float64Array): HistoryEntry {
    return { iteration, cost, gradientNorm: norm, params: Array.from(p) };
  }
}

/** The violation of a constraint with value c. */
function violation(relation: Constraint["relation"], c: number): number {
  return relation === "<=" ? Math.max(0, c) : relation === ">=" ? Math.max(0, -c) : Math.abs(c);
}

/** The constraint that is violated most at x (first of equals), with its violation. */
function mostViolated(
  constraints: readonly Constraint[],
  x: Float64Array,
  scratch: Float64Array,
): { text: string; violation: number } {
  let worst = { text: "", violation: 0 };
  for (const c of constraints) {
    const v = violation(c.relation, c.valueAndGradient(x, scratch));
    if (v > worst.violation) worst = { text: c.text, violation: v };
  }
  return worst;
}

/**
 * Every constraint at x with its multiplier, and the projected gradient norm of the Lagrangian there. The
 * penalized constraints carry λ; a bound's multiplier is what balances the rest of the Lagrangian's
 * gradient along the bound's normal (zero when it is inactive).
 */
function report(
  objective: Objective,
  constraints: readonly Constraint[],
  general: readonly Constraint[],
  lambda: Float64Array,
  orientation: readonly number[],
  x: Float64Array,
  settings: Settings,
  box: Box,
): { results: ConstraintResult[]; gradientNorm: number } {
  const n = x.length;
  const lagrangianGradient = new Float64Array(n);
  const scratch = new Float64Array(n);
  objective.valueAndGradient(x, lagrangianGradient);
  general.forEach((c, j) => {
    c.valueAndGradient(x, scratch);
    for (let i = 0; i < n; i++) lagrangianGradient[i]! += lambda[j]! * orientation[j]! * scratch[i]!;
  });
  const results = constraints.map((c): ConstraintResult => {
    const value = c.valueAndGradient(x, scratch);
    const sign = c.relation === ">=" ? -1 : 1;
    const active =
      c.relation === "==" || sign * value >= -Math.max(activeTolerance, settings.constraintTolerance);
    let multiplier = 0;
    const j = general.indexOf(c);
    if (j >= 0) multiplier = lambda[j]!;
    else if (active) {
      let along = 0;
      let length = 0;
      for (let i = 0; i < n; i++) {
        along += lagrangianGradient[i]! * sign * scratch[i]!;
        length += scratch[i]! * scratch[i]!;
      }
      multiplier = length === 0 ? 0 : -along / length;
      if (c.relation !== "==") multiplier = Math.max(0, multiplier);
    }
    return { text: c.text, value, violation: violation(c.relation, value), multiplier, active };
  });
  return { results, gradientNorm: box.projectedGradientNorm(x, lagrangianGradient) };
}

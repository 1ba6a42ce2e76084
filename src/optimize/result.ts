/**
 * What a run returns, in the spirit of scipy's OptimizeResult: the final point with its cost, why the run
 * stopped (a status code and a sentence), how much work it took, and the recorded history. Every count
 * includes every call the optimizer made, line-search trials and mini-batches included.
 */

import type { ConstraintResult } from "./constraint.js";

/**
 * Why a run stopped. The first three, and "optimal" (a constrained run that satisfies every constraint and
 * the optimality tolerance), mean convergence; the others do not. "infeasible": the constrained run could
 * not satisfy some constraint; its point is the smallest violation found.
 */
export type Status =
  | "gradient-tolerance"
  | "cost-tolerance"
  | "step-tolerance"
  | "max-iterations"
  | "max-evaluations"
  | "stopped"
  /** The user interrupted the run (Ctrl-C in the CLI); the result is the last iterate. */
  | "interrupted"
  | "not-finite"
  | "diverged"
  /** The cost fell without bound while the parameters ran off: the cost may have no minimum. */
  | "unbounded"
  | "line-search-failed"
  | "optimal"
  | "infeasible";

/** One recorded iterate: the cost and gradient norm at `params`, before the step of that iteration. */
export interface HistoryEntry {
  /** The iteration number k (the epoch in mini-batch runs); the entry describes x_k. */
  readonly iteration: number;
  /** f(x_k), over all data rows. */
  readonly cost: number;
  /** ‖∇f(x_k)‖₂, or the norm of the projected gradient when there are bounds. */
  readonly gradientNorm: number;
  /** x_k, in the order of `objective.params`. */
  readonly params: number[];
}

/** The outcome of `optimize`. */
export interface OptimizeResult {
  /** The final point. */
  readonly x: Float64Array;
  /** The cost at `x`. */
  readonly cost: number;
  /** The gradient norm at `x` (projected when there are bounds). */
  readonly gradientNorm: number;
  /** Steps taken (epochs in mini-batch runs). */
  readonly iterations: number;
  /** Calls of `value` or `valueAndGradient`, mini-batch calls included. */
  readonly evaluations: number;
  /** Calls of `gradient` or `valueAndGradient`. */
  readonly gradientEvaluations: number;
  /** Calls of `hessian`. */
  readonly hessianEvaluations: number;
  /** True when a tolerance was met (status gradient-, cost- or step-tolerance). */
  readonly converged: boolean;
  /** Why the run stopped. */
  readonly status: Status;
  /** One or two sentences saying why the run stopped, for people. */
  readonly message: string;
  /** Every `historyEvery`-th iterate, and the final one (constrained runs: one per outer iteration). */
  readonly history: HistoryEntry[];
  /** Each constraint at `x`, in the order given; only for runs with constraints. */
  readonly constraints?: ConstraintResult[];
  /** The largest violation among `constraints`; only for runs with constraints. */
  readonly maxViolation?: number;
}

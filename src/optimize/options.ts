/**
 * The options of `optimize`, as users write them: everything optional except the starting point. Defaults
 * depend on the method and are resolved in settings.ts; this file only names and documents them. Hyper-
 * parameter defaults follow PyTorch's torch.optim for the first-order methods.
 */

import type { Constraint } from "./constraint.js";

/** The minimization methods: first-order step rules, then line-search methods. */
export type Method =
  | "gd"
  | "momentum"
  | "nesterov"
  | "adagrad"
  | "rmsprop"
  | "adam"
  | "adamw"
  | "lbfgs"
  | "bfgs"
  | "newton"
  | "lm";

/** Every method, first-order ones first. */
export const METHODS: readonly Method[] = [
  "gd",
  "momentum",
  "nesterov",
  "adagrad",
  "rmsprop",
  "adam",
  "adamw",
  "lbfgs",
  "bfgs",
  "newton",
  "lm",
];

/**
 * The method a user's name means: any letter case, and `sgd` (PyTorch's name) for `gd`; undefined for a name
 * that is no method.
 */
export function methodNamed(name: string): Method | undefined {
  const lower = name.toLowerCase();
  if (lower === "sgd") return "gd";
  return METHODS.find((method) => method === lower);
}

/** What `onIteration` sees at each iterate x_k (each epoch in mini-batch runs). */
export interface IterationInfo {
  /** k: the number of steps (epochs) taken so far. */
  readonly iteration: number;
  /** f(x_k) over all data rows. */
  readonly cost: number;
  /** ‖∇f(x_k)‖₂ (projected when there are bounds). */
  readonly gradientNorm: number;
  /** A copy of x_k. */
  readonly params: Float64Array;
}

/** How to minimize; only `init` is required. A hyper-parameter given for a method without it is an error. */
export interface OptimizeOptions {
  /** The starting point, one value per parameter; projected into `bounds` if outside. */
  init: Float64Array | readonly number[];
  /** Default "lbfgs". Read in any letter case, and `sgd` as `gd`. */
  method?: Method;
  /** Step size of the first-order methods. Default 0.01; 0.001 for adam and adamw. */
  learningRate?: number;
  /** Steps (epochs with `batchSize`) to take at most. Default 1000. */
  maxIterations?: number;
  /** Cost evaluations allowed, checked between iterations. Default: no limit. */
  maxEvaluations?: number;
  /**
   * Stop when the gradient norm is at most this. Default 1e-8 for lbfgs, bfgs, newton and gd with armijo
   * (which also stop at an exactly zero gradient); default 0 for the other methods, where 0 turns it off.
   */
  tolerance?: number;
  /**
   * Stop when one iteration changes the cost by at most `costTolerance · max(|f_k|, |f_k−1|, 1)`.
   * Default 0 (off) for every method: the gradient tolerance decides convergence. For "lm" it is also
   * MINPACK's ftol, the relative reduction of the sum of squares a step may achieve (default √ε).
   */
  costTolerance?: number;
  /**
   * Stop when one iteration moves x by at most `stepTolerance · max(‖x_k‖, 1)`. Default 0 (off). For "lm"
   * it is also MINPACK's xtol, on the trust region relative to the scaled parameters (default √ε).
   */
  stepTolerance?: number;
  /** For "gd" only: "armijo" searches each step by backtracking (Nocedal & Wright, Algorithm 3.1). */
  lineSearch?: "none" | "armijo";
  /** Momentum factor μ of "momentum" and "nesterov". Default 0.9 (PyTorch requires it to be given). */
  momentum?: number;
  /** Dampening of "momentum" (PyTorch's SGD). Default 0. */
  dampening?: number;
  /** First-moment decay of adam and adamw. Default 0.9. */
  beta1?: number;
  /** Second-moment decay of adam and adamw. Default 0.999. */
  beta2?: number;
  /** Denominator guard: default 1e-10 for adagrad, 1e-8 for rmsprop, adam and adamw. */
  epsilon?: number;
  /** Smoothing constant of rmsprop. Default 0.99. */
  alpha?: number;
  /** Decoupled weight decay of adamw. Default 0.01. */
  weightDecay?: number;
  /** Number of (s, y) pairs lbfgs keeps. Default 10. */
  memory?: number;
  /**
   * A box per parameter index: `[lower, upper]` (either may be infinite) or undefined for a free parameter.
   * Supported by the first-order methods and lbfgs; bfgs and newton throw.
   */
  bounds?: readonly (readonly [number, number] | undefined)[];
  /**
   * General constraints c(x) ≤ 0, ≥ 0 or = 0, met by an augmented Lagrangian around L-BFGS-B; lbfgs only.
   * With constraints, `tolerance` (default 1e-6) bounds the projected gradient of the Lagrangian and
   * `maxIterations` (default 10000) counts L-BFGS-B iterations over all subproblems.
   */
  constraints?: readonly Constraint[];
  /** The largest constraint violation an "optimal" point may have. Default 1e-8. */
  constraintTolerance?: number;
  /** Rows per mini-batch, for first-order methods on an objective with data rows. Default: all rows. */
  batchSize?: number;
  /** Seed of the mini-batch shuffle. Default 0. */
  seed?: number;
  /** Record every k-th iterate in `history` (the final one always); 0 records nothing. Default 1. */
  historyEvery?: number;
  /**
   * Called at every finite iterate, the last included. Returning `false` stops the run (status "stopped");
   * any other return value, or none, lets it go on.
   */
  onIteration?: (info: IterationInfo) => unknown;
}

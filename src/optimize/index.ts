/**
 * The optimize stage: minimizes an Objective (value, gradient, optional Hessian, optional data rows) with
 * first-order methods as PyTorch defines them (gd, momentum, nesterov, adagrad, rmsprop, adam, adamw) or
 * line-search methods (lbfgs, bfgs, newton), with optional bounds and mini-batches. Input is an Objective
 * and options; output is an OptimizeResult that always says why the run stopped.
 */
export type { Constraint, ConstraintResult } from "./constraint.js";
export { mulberry32 } from "./miniBatches.js";
export type { Objective, ResidualFunctions } from "./objective.js";
export { optimize } from "./optimize.js";
export { OptimizeError } from "./optimizeError.js";
export {
  type IterationInfo,
  METHODS,
  type Method,
  methodNamed,
  type OptimizeOptions,
} from "./options.js";
export type { HistoryEntry, OptimizeResult, Status } from "./result.js";
export { isFirstOrder } from "./settings.js";
export { type Eigen, symmetricEigen } from "./symmetricEigen.js";

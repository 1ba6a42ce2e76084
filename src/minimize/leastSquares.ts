/**
 * Least squares in the minimize stage: a compiled cost with its residuals attached, so that method "lm" can
 * run on it, and the residual functions (weighted residuals R with Σ R_k² = cost) compiled from the terms
 * `sumOfSquares` found.
 */
import {
  type CompiledObjective,
  type CompiledResiduals,
  type CompileOptions,
  compileResiduals,
} from "../compile/index.js";
import type { SquaredTerm } from "../expr/index.js";
import type { Objective } from "../optimize/index.js";

/** `objective` as an Objective whose `leastSquares` are the compiled residuals of `terms`. */
export function withResiduals(
  objective: CompiledObjective,
  terms: readonly SquaredTerm[],
  options: CompileOptions,
): Objective & { readonly leastSquares: CompiledResiduals } {
  return {
    params: objective.params,
    value: (p) => objective.value(p),
    gradient: (p, out) => objective.gradient(p, out),
    valueAndGradient: (p, out) => objective.valueAndGradient(p, out),
    hessian: (p, out) => objective.hessian(p, out),
    leastSquares: compileResiduals(terms, options),
  };
}

/**
 * General constraints as the optimizer sees them: a differentiable function c(x) = lhs − rhs of the
 * parameter vector that must stay ≤ 0, ≥ 0 or = 0, and what a constrained run reports about each at its
 * final point. `minimize` builds them from formulas (the gradient from the symbolic differentiator).
 */

/** One constraint lhs ⋈ rhs, as c(x) = lhs − rhs ⋈ 0. */
export interface Constraint {
  /** How the constraint reads, e.g. "x1 + x2 <= 1"; results and messages name it so. */
  readonly text: string;
  /** ⋈: c(x) ≤ 0, c(x) ≥ 0 or c(x) = 0. */
  readonly relation: "<=" | ">=" | "==";
  /** Writes ∇c(x) into `out` and returns c(x). */
  valueAndGradient(x: Float64Array, out: Float64Array): number;
  /**
   * True when the bounds already enforce this constraint exactly (one parameter against a constant): the
   * run reports it, with its multiplier, but does not penalize it.
   */
  readonly bound?: boolean;
}

/** A constraint at the final point. */
export interface ConstraintResult {
  /** The constraint as written. */
  readonly text: string;
  /** c(x) = lhs − rhs at the final point. */
  readonly value: number;
  /** How far it is from holding: max(0, c) for ≤, max(0, −c) for ≥, |c| for ==. */
  readonly violation: number;
  /**
   * Its Lagrange multiplier λ (∇f + Σλ∇c = 0 with c oriented as ≤ 0 for inequalities): ≥ 0 for an
   * inequality, 0 when it is inactive; how much the optimal cost would fall per unit of loosening.
   */
  readonly multiplier: number;
  /** True for an equality, and for an inequality that holds with equality (within the tolerance). */
  readonly active: boolean;
}

/**
 * Shape checking while a formula is built: each operator and call, as the CST visitor builds it, has its
 * shape worked out from its operands' (memoised, so the whole formula is one linear pass) and a mistake is
 * reported at that operator or call, with src/expr's message naming both shapes. Sums and products are
 * checked operand by operand, so `a + B + c` points at the `+` where the shapes stop fitting.
 */
import {
  broadcast,
  type Expr,
  formatShape,
  type Shape,
  type ShapeEnv,
  ShapeError,
  shapes,
  trapFix,
} from "../expr/index.js";
import type { Span } from "./error.js";

/** Reports a shape mistake at a place; never returns. */
export type ShapeFailure = (message: string, span: Span) => never;

/** The shapes of the nodes built so far, from one ShapeEnv, and where mistakes go. */
export class ShapeCheck {
  private readonly memo = new Map<Expr, Shape>();

  constructor(
    readonly env: ShapeEnv,
    private readonly fail: ShapeFailure,
  ) {}

  /** The shape of `e`, whose operands were checked already; a mistake in `e` itself is reported at `span`. */
  of(e: Expr, span: Span): Shape {
    try {
      return shapes([e], this.env, this.memo)(e);
    } catch (error) {
      if (error instanceof ShapeError) this.fail(error.message, span);
      throw error;
    }
  }

  /**
   * Reports `built` at `span` when the smart constructors folded it to a number (`0*X` is 0, `y^0` is 1)
   * although its operands have `shape`: a number has no shape, so the fold would change what it broadcasts
   * with (`w + 0*X` would be a vector, not a matrix) and how many entries a `sum` counts (`sum(X^0)`).
   */
  keepsShape(built: Expr, shape: Shape, span: Span): void {
    if (built.kind !== "num" || shape.length === 0) return;
    this.fail(
      `this is exactly ${built.value} in every entry of its ${formatShape(shape)} shape, which symgrad folds to the number ${built.value}, losing the shape; leave it out or write the number`,
      span,
    );
  }

  /**
   * numpy's broadcast of two operand shapes, reported at the operator's `span` when they do not fit;
   * `operands` (asked only then) are those broadcast so far, for the mend of the (n) against (n,1) trap.
   */
  broadcast(a: Shape, b: Shape, operand: Expr, span: Span, operands: () => readonly Expr[]): Shape {
    try {
      return broadcast(a, b, operand, () => trapFix(operands(), (e) => this.memo.get(e) ?? []));
    } catch (error) {
      if (error instanceof ShapeError) this.fail(error.message, span);
      throw error;
    }
  }
}

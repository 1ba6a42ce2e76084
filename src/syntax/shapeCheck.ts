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
import { declareInProgram, type Span, type UndeclaredShape, undeclaredShapeMessage } from "./error.js";

/**
 * Reports a shape mistake at a place; never returns. `undeclared` says when a parameter without a declared
 * shape caused it (the message already says so, in a program's words).
 */
export type ShapeFailure = (message: string, span: Span, undeclared?: UndeclaredShape) => never;

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
      if (!(error instanceof ShapeError)) throw error;
      const undeclared = this.undeclaredOperand(error.node);
      if (undeclared) this.fail(undeclaredShapeMessage(undeclared, declareInProgram), span, undeclared);
      return this.fail(error.message, span);
    }
  }

  /**
   * When `@` failed because an operand is a name without a shape (a parameter nobody gave one, taken for a
   * number): that name, and the vector the other side's inner size asks for.
   */
  private undeclaredOperand(node: Expr): UndeclaredShape | undefined {
    if (node.kind !== "matmul") return undefined;
    const undeclared = (e: Expr) => e.kind === "sym" && this.env(e.name) === undefined;
    const [name, other, inner] = undeclared(node.right)
      ? [node.right, node.left, (s: Shape) => s.at(-1)]
      : undeclared(node.left)
        ? [node.left, node.right, (s: Shape) => s[0]]
        : [];
    if (name?.kind !== "sym") return undefined;
    const otherShape = this.memo.get(other!) ?? [];
    const size = inner!(otherShape);
    // a size of data rows is no parameter's: the mistake is elsewhere
    if (size === "n") return undefined;
    const problem = `@ needs a vector or matrix on both sides, not ${formatShape(this.memo.get(node.left) ?? [])} @ ${formatShape(this.memo.get(node.right) ?? [])}`;
    return { name: name.name, fits: typeof size === "number" ? [size] : undefined, problem };
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

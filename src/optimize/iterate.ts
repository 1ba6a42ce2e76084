/**
 * The moving state of a line-search loop (descent.ts, lbfgsb.ts): the iterate x_k with its cost and
 * gradient, and, after each move, the step s = x_{k+1} − x_k and gradient change y = ∇f_{k+1} − ∇f_k that
 * quasi-Newton rules learn from. The next iterate is evaluated into a second buffer and the two are swapped,
 * so nothing is allocated per iteration.
 */
import type { Box } from "./box.js";
import type { Run } from "./run.js";
import { subtract } from "./vector.js";

/** x_k, f(x_k), ∇f(x_k), and the last move's s and y. */
export class Iterate {
  x: Float64Array;
  g: Float64Array;
  f: number;
  readonly s: Float64Array;
  readonly y: Float64Array;
  private next: Float64Array;
  private nextGradient: Float64Array;

  /** Evaluates the starting point `x` (inside the box) through the Run. */
  constructor(
    private readonly run: Run,
    private readonly box: Box,
    x: Float64Array,
  ) {
    const n = x.length;
    this.x = x;
    this.g = new Float64Array(n);
    this.next = new Float64Array(n);
    this.nextGradient = new Float64Array(n);
    this.s = new Float64Array(n);
    this.y = new Float64Array(n);
    this.f = run.valueAndGradient(x, this.g);
  }

  /** Moves to P(x + αp), evaluated through the Run (a cache hit after the line search), and fills s and y. */
  advance(alpha: number, p: Float64Array): void {
    this.box.moveTo(this.next, this.x, alpha, p);
    const f = this.run.valueAndGradient(this.next, this.nextGradient);
    subtract(this.next, this.x, this.s);
    subtract(this.nextGradient, this.g, this.y);
    const x = this.x;
    this.x = this.next;
    this.next = x;
    const g = this.g;
    this.g = this.nextGradient;
    this.nextGradient = g;
    this.f = f;
  }
}

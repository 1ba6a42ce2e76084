/**
 * A printed piece and how tightly it binds, shared by the text and LaTeX printers: a piece that binds more
 * loosely than its place requires gets parentheses.
 */
import type { Expr } from "../expr/index.js";

/** Binding strength of what a printed piece is, loosest first. */
export enum Prec {
  Add = 1,
  Mul = 2,
  Unary = 3,
  Pow = 4,
  Atom = 5,
}

/** Printed text and its binding strength. */
export interface Piece {
  readonly text: string;
  readonly prec: Prec;
  /** Set for the name of a shared subexpression, which is printed as it is, never taken apart. */
  readonly alias?: true;
}

/** Names given to shared subexpressions, looked up as a printer meets each node. */
export interface Aliases {
  /** The name of `e`, if it has one (a printer asks when it prints `e`). */
  get(e: Expr): string | undefined;
  /** Whether `e` has a name, without printing it (a printer need not look inside a named node). */
  has(e: Expr): boolean;
}

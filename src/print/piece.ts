/**
 * A printed piece and how tightly it binds, shared by the text and LaTeX printers: a piece that binds more
 * loosely than its place requires gets parentheses.
 */

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
}

/**
 * The expression stage: immutable hash-consed nodes, their smart constructors, exact rationals and the
 * table of functions. Every later stage builds and reads trees only through this entry.
 */
export * from "./expr.js";
export { FUNCTIONS, type FunctionDef, ln } from "./functions.js";
export { columnsOutsideReductions } from "./outsideReductions.js";
export type { Rational } from "./rational.js";
export { decimalText, parseDecimal } from "./rational.js";
export { replace } from "./replace.js";
export {
  broadcast,
  type Dim,
  formatShape,
  hasRows,
  isShapedNode,
  type Shape,
  type ShapedKind,
  type ShapeEnv,
  ShapeError,
  shapeOf,
  shapes,
  trapFix,
  unlowered,
} from "./shape.js";
export { type SquaredTerm, sumOfSquares } from "./sumOfSquares.js";
export {
  children,
  freeSymbols,
  likelyData,
  likelyDataOf,
  type Memo,
  pass,
  size,
  type WalkOptions,
  walk,
  walkAll,
} from "./walk.js";

/**
 * The expression stage: immutable hash-consed nodes, their smart constructors, exact rationals and the
 * table of functions. Every later stage builds and reads trees only through this entry.
 */
export * from "./expr.js";
export { FUNCTIONS, type FunctionDef, ln } from "./functions.js";
export type { Rational } from "./rational.js";
export { decimalText, parseDecimal } from "./rational.js";
export { children, freeSymbols, likelyData, size, walk, walkAll } from "./walk.js";

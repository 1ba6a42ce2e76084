/**
 * The syntax stage: text → expression tree (formulas and program files), with positioned, friendly errors.
 */

/** Re-exported from src/expr, where the rule now lives, for code that imported it from here. */
export { columnsOutsideReductions } from "../expr/index.js";
export {
  type ParseConstraintOptions,
  type ParsedConstraint,
  parseConstraint,
  type Relation,
} from "./constraint.js";
export { ParseError, type Span } from "./error.js";
export { type ParsedFormula, type ParseOptions, parse, parseWithSpans } from "./parse.js";
export { type DataStatement, type Program, parseProgram } from "./program.js";
export { MAX_DEPTH } from "./tokenize.js";

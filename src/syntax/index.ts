/**
 * The syntax stage: text → expression tree (formulas and program files), with positioned, friendly errors.
 */

export {
  type ParseConstraintOptions,
  type ParsedConstraint,
  parseConstraint,
  type Relation,
} from "./constraint.js";
export { MAX_PARAMETER_ENTRIES, type ParamDeclaration } from "./declarations.js";
export {
  type DeclareShape,
  ParseError,
  type Span,
  type UndeclaredShape,
  withShapeAdvice,
} from "./error.js";
export { guessShapes } from "./guessShapes.js";
export { type ParsedFormula, type ParseOptions, parse, parseWithSpans } from "./parse.js";
export { type DataStatement, type Program, parseProgram, shapesOf } from "./program.js";
export { MAX_DEPTH } from "./tokenize.js";

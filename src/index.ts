/**
 * symgrad's public API: parse a formula, print it, evaluate it, differentiate it, compile it, minimize it.
 */

export {
  type CompiledObjective,
  CompileError,
  type CompileOptions,
  compile,
  EvaluateError,
  evaluate,
  type Precision,
  type Values,
} from "./compile/index.js";
export {
  type CsvOptions,
  CsvReader,
  type CsvReaderOptions,
  DataError,
  readCsv,
  readCsvFile,
} from "./data/index.js";
export { type DiffOptions, derivative, gradient, hessian, parameters } from "./diff/index.js";
export type { Expr, FunctionDef, ReduceOp } from "./expr/index.js";
export {
  add,
  call,
  constant,
  div,
  FUNCTIONS,
  freeSymbols,
  mul,
  neg,
  num,
  pow,
  REDUCTIONS,
  reduce,
  size,
  sub,
  sym,
} from "./expr/index.js";
export {
  CheckError,
  type CheckGradientOptions,
  type CheckGradientResult,
  type ConstraintTree,
  checkGradient,
  defaultMethod,
  type GradientCheck,
  MinimizeError,
  type MinimizeHistoryEntry,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  programData,
  type RunProgramOptions,
  runProgram,
  runProgramFile,
  type Verdict,
} from "./minimize/index.js";
export {
  type Constraint,
  type ConstraintResult,
  type HistoryEntry,
  type IterationInfo,
  type Method,
  type Objective,
  OptimizeError,
  type OptimizeOptions,
  type OptimizeResult,
  optimize,
  type Status,
} from "./optimize/index.js";
export {
  type CostAlongOptions,
  type CostContourOptions,
  type CostHistoryOptions,
  costAlongSpec,
  costContourSpec,
  costHistorySpec,
  type ModelFitOptions,
  modelFitSpec,
  type OptimizerRun,
  PlotError,
  paddedRange,
  plotCostAlong,
  plotCostContour,
  plotCostHistory,
  plotModelFit,
  svgToPng,
} from "./plot/index.js";
export { type FormatOptions, format } from "./print/index.js";
export { simplify } from "./simplify/index.js";
export {
  type DataStatement,
  type ParseConstraintOptions,
  type ParsedConstraint,
  ParseError,
  type ParseOptions,
  type Program,
  parse,
  parseConstraint,
  parseProgram,
  type Span,
} from "./syntax/index.js";
export { type SourcePlace, SymgradError } from "./text/symgradError.js";

/** The minimize stage: formulas and program files in, fitted parameters out. */

export { entriesOf, type ParamValue, type Tensor, type TensorInput } from "../compile/index.js";
export {
  CheckError,
  type CheckGradientOptions,
  type CheckGradientResult,
  checkGradient,
  type GradientCheck,
  type Verdict,
} from "./checkGradient.js";
export { type ColumnSlip, columnSlip, columnSlipMessage } from "./columnNames.js";
export type { ConstraintTree } from "./constraints.js";
export { type EpochRow, EpochRows } from "./epochRows.js";
export {
  defaultMethod,
  MinimizeError,
  type MinimizeHistoryEntry,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  type Named,
} from "./minimize.js";
export {
  programData,
  programStart,
  type RunProgramOptions,
  runProgram,
  runProgramFile,
} from "./program.js";

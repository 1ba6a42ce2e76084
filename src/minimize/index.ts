/** The minimize stage: formulas and program files in, fitted parameters out. */

export type { ConstraintTree } from "./constraints.js";
export {
  defaultMethod,
  MinimizeError,
  type MinimizeHistoryEntry,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
} from "./minimize.js";
export { programData, type RunProgramOptions, runProgram, runProgramFile } from "./program.js";

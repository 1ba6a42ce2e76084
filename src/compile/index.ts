/**
 * The compile stage: the reference interpreter, and the code generator (compile.ts) tested against it: one
 * target-neutral plan (kernel.ts), rendered as JavaScript (jsRenderer.ts) or WebAssembly (wasm/).
 */

export { BACKENDS, type Backend, WASM_ROWS, WASM_ROWS_F32 } from "./backend.js";
export { withCheckedColumns } from "./binding.js";
export type { Precision } from "./codegen.js";
export { type CompileOptions, compile } from "./compile.js";
export type { CompiledObjective } from "./compiledObjective.js";
export { CompileError } from "./compileError.js";
export { EvaluateError, evaluate, lookup, type Values } from "./evaluate.js";
export { entryName, entryNames, type Lowered, lower, lowerScalar, needsLowering } from "./lower.js";
export { type CompiledResiduals, compileResiduals, type ResidualBlock } from "./residuals.js";
export {
  dataColumns,
  dataShapes,
  entriesOf,
  isShapedData,
  type LoweredProblem,
  lowerProblem,
  ParamLayout,
  type ParamValue,
  type TensorInput,
  tensorOf,
} from "./shaped.js";
export { evaluateTensor, type Tensor, type TensorLike, toTensor } from "./tensorEvaluate.js";
/** The WebAssembly encoder and API, also for the CLI's code cache check (cli/checksum.ts). */
export { FunctionBody, I32, ModuleBuilder, Op } from "./wasm/encoding.js";
export { webAssembly } from "./wasm/webAssembly.js";

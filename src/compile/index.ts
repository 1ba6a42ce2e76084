/**
 * The compile stage: the reference interpreter, and the code generator (compile.ts) tested against it: one
 * target-neutral plan (kernel.ts), rendered as JavaScript (jsRenderer.ts) or WebAssembly (wasm/).
 */

export { BACKENDS, type Backend, WASM_ROWS } from "./backend.js";
export type { Precision } from "./codegen.js";
export { type CompileOptions, compile } from "./compile.js";
export type { CompiledObjective } from "./compiledObjective.js";
export { CompileError } from "./compileError.js";
export { EvaluateError, evaluate, lookup, type Values } from "./evaluate.js";
export { type CompiledResiduals, compileResiduals, type ResidualBlock } from "./residuals.js";

/**
 * Which renderer compiles a cost: JavaScript, WebAssembly, or "auto": WebAssembly where it pays, that is
 * when the data has at least WASM_ROWS rows (below, the copies in and out of its memory at every call cost
 * more than its faster loop saves) and, in f64, no loop over the rows calls a JavaScript function at
 * every row (then both run at about the same speed), and JavaScript otherwise or whenever the WebAssembly renderer
 * cannot compile the formula (a formula too big for one function, data beyond 4 GiB). So "auto" never
 * fails where "js" would succeed. In f32 the threshold is WASM_ROWS_F32, past the 32 rows that the
 * JavaScript f32 code sums left to right as PyTorch does.
 */
import { BLOCK_F32, type Precision } from "./codegen.js";
import { CompileError } from "./compileError.js";
import { jsRenderer } from "./jsRenderer.js";
import type { KernelPlan, Renderer } from "./renderer.js";
import { callsJavaScriptPerRow } from "./wasm/emit.js";
import { wasmRenderer } from "./wasm/wasmRenderer.js";

/** The code generator to use: "js", "wasm", or "auto" (see `WASM_ROWS`). */
export type Backend = "js" | "wasm" | "auto";

/** The backends, for checking user input. */
export const BACKENDS: readonly Backend[] = ["js", "wasm", "auto"];

/**
 * Rows from which "auto" picks WebAssembly: the seed's step is as fast in both at about 20 rows, and 2.6
 * times as fast in WebAssembly at 100 (test/bench/wasm.bench.ts, see README's Benchmarks).
 */
export const WASM_ROWS = 100;

/**
 * Rows from which "auto" picks WebAssembly in f32: just past BLOCK_F32. Up to 32 rows the JavaScript f32
 * code sums left to right in float32, giving PyTorch's digits (the seed's table); f32x4 lanes sum in
 * another order, so "auto" keeps JavaScript there, although WebAssembly is already 1.5 to 1.7 times as
 * fast at 10 rows and 3 to 5 times at 32 to 50 (test/bench/wasm.bench.ts, see README's Benchmarks).
 */
export const WASM_ROWS_F32 = BLOCK_F32 + 1;

/**
 * The WebAssembly renderer, declining f64 plans whose loops call JavaScript at every row. In f32 such loops
 * still pay in WebAssembly (1.3 times as fast with `sin`): the JavaScript f32 code rounds every operation.
 */
const wasmWherePays: Renderer = {
  target: "wasm",
  render<Name extends string>(plan: KernelPlan<Name>) {
    for (const entry of plan.entries)
      if (plan.precision === "f64" && "plan" in entry.how && callsJavaScriptPerRow(entry.how.plan))
        throw new CompileError("a loop calls JavaScript at every row: no faster in WebAssembly");
    return wasmRenderer.render(plan);
  },
};

/**
 * Builds with the renderer `backend` asks for, given the number of data rows (undefined without data):
 * `build` renders and instantiates; with "auto" a CompileError from WebAssembly falls back to JavaScript.
 */
export function withBackend<T>(
  backend: Backend,
  rows: number | undefined,
  build: (renderer: Renderer) => T,
  precision: Precision = "f64",
): T {
  if (backend === "wasm") return build(wasmRenderer);
  if (backend === "auto" && (rows ?? 0) >= (precision === "f32" ? WASM_ROWS_F32 : WASM_ROWS))
    try {
      return build(wasmWherePays);
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
    }
  return build(jsRenderer);
}

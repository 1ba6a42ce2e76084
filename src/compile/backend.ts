/**
 * Which renderer compiles a cost: JavaScript, WebAssembly, or "auto", WebAssembly when the data is long
 * enough for its faster loop to pay for the copies in and out of its memory at every call, and JavaScript
 * otherwise or whenever the WebAssembly renderer cannot compile the formula (f32, a formula too big for one
 * function, data beyond 4 GiB), so that "auto" never fails where "js" would succeed.
 */
import { CompileError } from "./compileError.js";
import { jsRenderer } from "./jsRenderer.js";
import type { Renderer } from "./renderer.js";
import { wasmRenderer } from "./wasm/wasmRenderer.js";

/** The code generator to use: "js", "wasm", or "auto" (see `WASM_ROWS`). */
export type Backend = "js" | "wasm" | "auto";

/** The backends, for checking user input. */
export const BACKENDS: readonly Backend[] = ["js", "wasm", "auto"];

/**
 * Rows from which "auto" picks WebAssembly: below, per-call overhead dominates and the JavaScript code is as
 * fast (measured with test/bench/wasm.bench.ts, see README's Benchmarks).
 */
export const WASM_ROWS = 1000;

/**
 * Builds with the renderer `backend` asks for, given the number of data rows (undefined without data):
 * `build` renders and instantiates; with "auto" a CompileError from WebAssembly falls back to JavaScript.
 */
export function withBackend<T>(
  backend: Backend,
  rows: number | undefined,
  build: (renderer: Renderer) => T,
): T {
  if (backend === "wasm") return build(wasmRenderer);
  if (backend === "auto" && (rows ?? 0) >= WASM_ROWS)
    try {
      return build(wasmRenderer);
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
    }
  return build(jsRenderer);
}

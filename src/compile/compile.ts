/**
 * `compile`: formula → fast objective. The value and every partial derivative (from `gradient`) are
 * generated together, as JavaScript or WebAssembly (backend.ts), so subexpressions they share are computed
 * once and all reductions over the rows at one nesting level share one loop; `evaluate` is the reference
 * both are tested against.
 */
import { gradient } from "../diff/index.js";
import type { Expr } from "../expr/index.js";
import { type Backend, withBackend } from "./backend.js";
import { bindNames } from "./binding.js";
import type { Precision } from "./codegen.js";
import {
  CompiledCost,
  CompiledDataCost,
  type CompiledObjective,
  type MainEntry,
} from "./compiledObjective.js";
import { generateKernel } from "./kernel.js";

/** What a formula's names stand for. */
export interface CompileOptions {
  /** The parameters, in the order of every vector; a name the formula does not use has gradient 0. */
  readonly params: readonly string[];
  /** Data columns by name (a Map, or an object's own properties), all of one length (copied when compiling). */
  readonly data?: ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>;
  /**
   * The arithmetic: "f64" (JavaScript's numbers, the default), or "f32" like PyTorch's float32 tensors:
   * data and parameters rounded to float32, and every operation and partial sum rounded to float32.
   */
  readonly precision?: Precision;
  /**
   * The code generated: "js", "wasm" (WebAssembly with f64x2 SIMD; f64 only, a CompileError for what it
   * cannot compile), or "auto", the default: WebAssembly from `WASM_ROWS` data rows when it can, else JavaScript.
   */
  readonly backend?: Backend;
}

/**
 * Compiles the scalar cost `expr` into an objective over `options.params`. Throws a CompileError for a name
 * that is neither a parameter nor a column, a column of the wrong length or with non-finite values, or a
 * formula that uses a column outside `sum`/`mean`.
 */
export function compile(expr: Expr, options: CompileOptions): CompiledObjective {
  const binding = bindNames(expr, options.params, options.data);
  const partials = gradient(expr, binding.params);
  const { rows } = binding;
  return withBackend(options.backend ?? "auto", rows, (renderer) => {
    const kernel = generateKernel<MainEntry>(
      [
        { name: "value", returns: expr },
        { name: "gradient", writes: partials },
        { name: "valueAndGradient", returns: expr, writes: partials },
      ],
      binding,
      options.precision ?? "f64",
      renderer,
    );
    return rows === undefined
      ? new CompiledCost(expr, binding, kernel)
      : new CompiledDataCost(expr, { ...binding, rows }, kernel);
  });
}

/**
 * `compile`: formula → fast objective. The value and every partial derivative (from `gradient`) are
 * generated together as JavaScript, so subexpressions they share are computed once and all reductions over
 * the rows at one nesting level share one loop; `evaluate` is the reference it is tested against.
 */
import { gradient } from "../diff/index.js";
import type { Expr } from "../expr/index.js";
import { namedEntries } from "../text/byName.js";
import { bindNames } from "./binding.js";
import type { Precision } from "./codegen.js";
import {
  CompiledCost,
  CompiledDataCost,
  type CompiledObjective,
  type MainEntry,
} from "./compiledObjective.js";
import { generateKernel } from "./kernel.js";
import { lowerProblem, type TensorInput } from "./shaped.js";

/** What a formula's names stand for. */
export interface CompileOptions {
  /** The parameters, in the order of every vector; a name the formula does not use has gradient 0. */
  readonly params: readonly string[];
  /**
   * Data by name (a Map, or an object's own properties), copied when compiling: columns (arrays) all of one
   * length, matrices of data rows (arrays of rows, or `{ shape: [n, k], values }`), numbers.
   */
  readonly data?: ReadonlyMap<string, TensorInput> | Readonly<Record<string, TensorInput>>;
  /**
   * The shape of each vector or matrix parameter (`{ w: [3], W: [3, 2] }`; missing: a scalar). With vector
   * or matrix parameters or data, the objective's `params` (and every vector) are the entries in order:
   * `w[0]`, `w[1]`, …, `W[0,0]`, `W[0,1]`, … (row-major).
   */
  readonly shapes?: ReadonlyMap<string, readonly number[]> | Readonly<Record<string, readonly number[]>>;
  /**
   * The arithmetic: "f64" (JavaScript's numbers, the default), or "f32" like PyTorch's float32 tensors:
   * data and parameters rounded to float32, and every operation and partial sum rounded to float32.
   */
  readonly precision?: Precision;
}

/**
 * Compiles the scalar cost `expr` into an objective over `options.params`. Throws a CompileError for a name
 * that is neither a parameter nor a column, a column of the wrong length or with non-finite values, or a
 * formula that uses a column outside `sum`/`mean`.
 */
export function compile(expr: Expr, options: CompileOptions): CompiledObjective {
  const data = namedEntries(options.data ?? new Map<string, TensorInput>());
  const shaped = lowerProblem(expr, options.params, namedEntries(options.shapes ?? new Map()), data);
  if (shaped !== undefined)
    return compile(shaped.expr, { ...options, params: shaped.layout.entries, data: shaped.data, shapes: {} });
  const binding = bindNames(expr, options.params, data as Map<string, ArrayLike<number>>);
  const partials = gradient(expr, binding.params);
  const kernel = generateKernel<MainEntry>(
    [
      { name: "value", returns: expr },
      { name: "gradient", writes: partials },
      { name: "valueAndGradient", returns: expr, writes: partials },
    ],
    binding,
    options.precision ?? "f64",
  );
  const { rows } = binding;
  return rows === undefined
    ? new CompiledCost(expr, binding, kernel)
    : new CompiledDataCost(expr, { ...binding, rows }, kernel);
}

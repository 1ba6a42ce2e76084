/**
 * `compile`: formula → fast objective. The value and every partial derivative (from `gradient`) are
 * generated together, as JavaScript or WebAssembly (backend.ts), so subexpressions they share are computed
 * once and all reductions over the rows at one nesting level share one loop; `evaluate` is the reference
 * both are tested against.
 */
import { gradient } from "../diff/index.js";
import type { Expr } from "../expr/index.js";
import { namedEntries } from "../text/byName.js";
import { type Backend, withBackend } from "./backend.js";
import { type Binding, bindNames } from "./binding.js";
import type { Precision } from "./codegen.js";
import {
  CompiledCost,
  CompiledDataCost,
  type CompiledObjective,
  type MainEntry,
} from "./compiledObjective.js";
import { HoistedCost } from "./hoistedCost.js";
import { generateKernel, type Kernel } from "./kernel.js";
import { hoistMoments, sampleCentre } from "./moments.js";
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
  /**
   * Whether a reduction that is a polynomial in the data (`mean((W*x + b - y)^2)`) is rewritten as
   * coefficients times data moments computed once when the data is bound (see moments.ts), so that a step
   * costs O(terms) instead of a pass over the rows. By default where it pays (thousands of rows); `true`:
   * whenever the expansion is small enough; `false`: never. Never in f32, whose point is to round as
   * PyTorch's row-by-row float32 sums do.
   */
  readonly moments?: boolean;
  /**
   * The code generated: "js", "wasm" (WebAssembly with f64x2 SIMD, f32x4 in f32; a CompileError for what it
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
  const data = namedEntries(options.data ?? new Map<string, TensorInput>());
  const shaped = lowerProblem(expr, options.params, namedEntries(options.shapes ?? new Map()), data);
  if (shaped !== undefined)
    return compile(shaped.expr, { ...options, params: shaped.layout.entries, data: shaped.data, shapes: {} });
  const binding = bindNames(expr, options.params, data as Map<string, ArrayLike<number>>);
  const { rows } = binding;
  const precision = options.precision ?? "f64";
  const backend = options.backend ?? "auto";
  if (rows === undefined)
    return new CompiledCost(expr, binding, mainKernel(expr, binding, precision, backend));
  let plain: Kernel<MainEntry> | undefined;
  const rowLoop = () => {
    plain ??= mainKernel(expr, binding, precision, backend);
    return plain;
  };
  if (options.moments !== false && precision === "f64") {
    const columns = new Map([...binding.columnIndex].map(([name, k]) => [name, binding.columns[k]!]));
    const hoisted = hoistMoments(expr, {
      isParam: (name) => binding.paramIndex.has(name),
      isColumn: (name) => binding.columnIndex.has(name),
      rows,
      always: options.moments === true,
      centre: (atom) => sampleCentre(atom, columns, rows),
    });
    if (hoisted.sums.length > 0) return new HoistedCost(hoisted, { ...binding, rows }, rowLoop);
  }
  return new CompiledDataCost(expr, { ...binding, rows }, rowLoop(), rowLoop);
}

/** The kernel of `cost`'s value and gradient. */
function mainKernel(cost: Expr, binding: Binding, precision: Precision, backend: Backend): Kernel<MainEntry> {
  const partials = gradient(cost, binding.params);
  return withBackend(
    backend,
    binding.rows,
    (renderer) =>
      generateKernel<MainEntry>(
        [
          { name: "value", returns: cost },
          { name: "gradient", writes: partials },
          { name: "valueAndGradient", returns: cost, writes: partials },
        ],
        binding,
        precision,
        renderer,
      ),
    precision,
  );
}

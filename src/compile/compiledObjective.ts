/**
 * The objective `compile` returns. Its `value`, `gradient` and `valueAndGradient` are the generated
 * functions themselves (own properties, so a call goes straight into generated code); `useRows` gathers a
 * mini-batch into scratch columns and swaps in the same kernel instantiated over them. The Hessian kernel is
 * generated on first use, since a Hessian has n² entries.
 */
import { hessian } from "../diff/index.js";
import type { Expr } from "../expr/index.js";
import type { Binding } from "./binding.js";
import { CompileError } from "./compileError.js";
import { type Column, columnFor, generateKernel, type Instance, type Kernel } from "./kernel.js";

/**
 * A compiled cost: an `Objective` for the optimizers (same members, structurally) that also shows the
 * JavaScript it runs. Vectors are Float64Arrays in the order of `params`; `out` is written in place.
 */
export interface CompiledObjective {
  /** Parameter names, in the order of every vector passed in or out. */
  readonly params: readonly string[];
  /** The cost at `p`. */
  value(p: Float64Array): number;
  /** Writes the gradient at `p` into `out`. */
  gradient(p: Float64Array, out: Float64Array): void;
  /** Writes the gradient at `p` into `out` and returns the cost, in one pass over the data. */
  valueAndGradient(p: Float64Array, out: Float64Array): number;
  /** Writes the Hessian at `p` into `out`, row-major n×n (generated on the first call). */
  hessian(p: Float64Array, out: Float64Array): void;
  /** Number of data rows; absent for a cost without data. */
  readonly rows?: number;
  /**
   * Makes every reduction range over the given rows (duplicates count twice; `mean` divides by the batch
   * size), or over all rows again when given undefined. Present only when `rows` is.
   */
  useRows?(rows: Uint32Array | undefined): void;
  /** The generated JavaScript of value and gradient. */
  readonly source: string;
  /** The generated JavaScript of the Hessian (generating it if that has not happened yet). */
  readonly hessianSource: string;
}

/** The names of the main kernel's entry points. */
export type MainEntry = "value" | "gradient" | "valueAndGradient";

/** The kernels instantiated over one set of columns, bound to a number of their rows. */
export class Bound {
  private hessianInstance: Instance<"hessian"> | undefined;

  constructor(
    readonly columns: readonly Column[],
    readonly main: Instance<MainEntry>,
    private rows: number,
  ) {
    main.bind(rows);
  }

  bind(rows: number): void {
    this.rows = rows;
    this.main.bind(rows);
    this.hessianInstance?.bind(rows);
  }

  hessian(kernel: Kernel<"hessian">): Instance<"hessian"> {
    if (this.hessianInstance === undefined) {
      this.hessianInstance = kernel.instantiate(this.columns);
      this.hessianInstance.bind(this.rows);
    }
    return this.hessianInstance;
  }
}

/**
 * The data columns as float32; a value beyond float32's range (|x| > 3.4e38, finite in f64) is a
 * CompileError, since as float32 it would be Infinity and the cost NaN with no word about the data.
 */
function float32Columns(binding: Binding): Float32Array[] {
  const names = [...binding.columnIndex.keys()];
  return binding.columns.map((c, k) => {
    const column = Float32Array.from(c);
    for (let row = 0; row < column.length; row++)
      if (!Number.isFinite(column[row]!))
        throw new CompileError(
          `data column '${names[k]}' has ${c[row]} at row ${row + 1}, beyond float32's range (±3.4028235e38): precision f32 would read it as ${column[row]}`,
        );
    return column;
  });
}

/** A compiled cost without data. */
export class CompiledCost implements CompiledObjective {
  value: (p: Float64Array) => number;
  gradient: (p: Float64Array, out: Float64Array) => void;
  valueAndGradient: (p: Float64Array, out: Float64Array) => number;
  readonly params: readonly string[];
  protected current: Bound;
  protected readonly all: Bound;
  private hessianKernel: Kernel<"hessian"> | undefined;

  constructor(
    private readonly expr: Expr,
    protected readonly binding: Binding,
    protected readonly kernel: Kernel<MainEntry>,
  ) {
    this.params = binding.params;
    // f32 reads its data as float32, as a FloatTensor holds it
    const columns = kernel.precision === "f32" ? float32Columns(binding) : binding.columns;
    this.all = new Bound(columns, kernel.instantiate(columns), binding.rows ?? 1);
    this.current = this.all;
    ({ value: this.value, gradient: this.gradient, valueAndGradient: this.valueAndGradient } = this.all.main);
  }

  /** Routes the entry points to `bound`. */
  protected use(bound: Bound): void {
    this.current = bound;
    ({ value: this.value, gradient: this.gradient, valueAndGradient: this.valueAndGradient } = bound.main);
  }

  get source(): string {
    return this.kernel.source;
  }

  get hessianSource(): string {
    return this.hessianKernelOnce().source;
  }

  hessian(p: Float64Array, out: Float64Array): void {
    this.current.hessian(this.hessianKernelOnce()).hessian(p, out);
  }

  private hessianKernelOnce(): Kernel<"hessian"> {
    this.hessianKernel ??= generateKernel(
      [{ name: "hessian", writes: hessian(this.expr, this.params).flat() }],
      this.binding,
      this.kernel.precision,
    );
    return this.hessianKernel;
  }
}

/** A compiled cost over data rows, which can be restricted to mini-batches. */
export class CompiledDataCost extends CompiledCost {
  readonly rows: number;
  private batch: Bound | undefined;

  /**
   * `batchKernel`, when given, makes the kernel for mini-batches: the rows of a batch change at every step,
   * so a kernel that moves work from the steps to binding the rows (hoisted moments) would not pay there.
   */
  constructor(
    expr: Expr,
    binding: Binding & { readonly rows: number },
    kernel: Kernel<MainEntry>,
    private readonly batchKernel: () => Kernel<MainEntry> = () => kernel,
  ) {
    super(expr, binding, kernel);
    this.rows = binding.rows;
  }

  useRows(rows: Uint32Array | undefined): void {
    if (rows === undefined) {
      this.use(this.all);
      return;
    }
    if (rows.length === 0) throw new CompileError("useRows: the batch has no rows");
    for (const r of rows)
      if (r >= this.rows)
        throw new CompileError(`useRows: row ${r} is out of range (the data has ${this.rows} rows)`);
    if (this.batch === undefined || this.batch.columns.some((c) => c.length < rows.length)) {
      const size = Math.max(rows.length, this.rows);
      const columns = this.binding.columns.map(() => columnFor(this.kernel.precision, size));
      this.batch = new Bound(columns, this.batchKernel().instantiate(columns), rows.length);
    }
    this.binding.columns.forEach((from, k) => {
      const to = this.batch!.columns[k]!;
      for (let j = 0; j < rows.length; j++) to[j] = from[rows[j]!]!;
    });
    this.batch.bind(rows.length);
    this.use(this.batch);
  }
}

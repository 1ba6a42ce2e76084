/**
 * The seam between planning and code: a KernelPlan says, independently of any target, what a kernel
 * computes and where (entry points, each with its scheduled Plan; the data-only parts bound once into K;
 * where inputs and columns are read). A Renderer turns it into a runnable Kernel: JavaScript text
 * (jsRenderer.ts) or a WebAssembly module (wasm/). A new target is a new renderer, never a second compiler.
 */
import type { Expr } from "../expr/index.js";
import type { Precision } from "./codegen.js";
import type { Plan } from "./schedule.js";

/** An entry point as planned: its roots, and either its own plan or the entry whose work it reuses. */
export interface PlannedEntry<Name extends string> {
  readonly name: Name;
  /** Roots written into the output vector, in order. */
  readonly writes: readonly Expr[];
  /** The root returned, if any. */
  readonly returns?: Expr;
  /**
   * How it is computed: its own schedule, or (a big formula's gradient) by calling the entry `via`, which
   * writes the same outputs and also returns a value, so that the code is generated once.
   */
  readonly how: { readonly plan: Plan } | { readonly via: Name };
}

/** Where an input of a plan (a node known before the first statement, numbers aside) is read. */
export type InputSource = { readonly param: number } | { readonly constant: number };

/** Everything a renderer needs to generate a kernel, and nothing about any target. */
export interface KernelPlan<Name extends string> {
  readonly entries: readonly PlannedEntry<Name>[];
  /** The parts that depend on the data only: `constants[k]` is computed into slot k of K when rows are bound. */
  readonly constants: readonly Expr[];
  /** The schedule computing `constants` (its inputs are none: it reads columns and numbers only). */
  readonly bind: Plan;
  /** Where an input of an entry's plan is read: a parameter's index, or a slot of K. */
  input(e: Expr): InputSource;
  /** The position of a data column in the kernel's column list. */
  column(name: string): number;
  /** How many data columns the kernel reads, and parameters it is given. */
  readonly columns: number;
  readonly params: number;
  readonly precision: Precision;
}

/** A generated entry point: returns its value (NaN-free only where the formula is) and/or writes into `out`. */
export type EntryFunction = (p: Float64Array, out?: Float64Array) => number;

/** A kernel over given columns; `bind(rows)` sets how many rows of them to use and computes the data-only parts. */
export type Instance<Name extends string> = { bind(rows: number): void } & Record<Name, EntryFunction>;

/** A data column as a kernel reads it: Float32Array in f32 (see `columnFor`). */
export type Column = Float64Array | Float32Array;

/** An empty column of `rows` rows for `precision`. */
export const columnFor = (precision: Precision, rows: number): Column =>
  precision === "f32" ? new Float32Array(rows) : new Float64Array(rows);

/** The targets code is generated for. */
export type Target = "js" | "wasm";

/** Generated code, compiled once, to be instantiated over any columns of the bound shape. */
export interface Kernel<Name extends string> {
  /** The generated JavaScript, or a listing of the WebAssembly module. */
  readonly source: string;
  readonly precision: Precision;
  readonly target: Target;
  /**
   * The kernel over `columns`. The first `rows` rows of each are read when `bind(rows)` is called (a target
   * may copy them then), so columns filled after instantiating are seen at the next bind.
   */
  instantiate(columns: readonly Column[]): Instance<Name>;
}

/** A code generator for one target. */
export interface Renderer {
  readonly target: Target;
  /** The kernel for `plan`; throws a CompileError when the target cannot compute something the plan needs. */
  render<Name extends string>(plan: KernelPlan<Name>): Kernel<Name>;
}

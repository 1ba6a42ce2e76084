/**
 * Shaped problems at the edges of the scalar stack: data given as numbers, columns, arrays of rows or
 * `{ shape, values }`, and parameters of any shape, turned into what `compile` and the optimizers take — a
 * scalar formula (lowered), data columns by entry name (`X[:,0]`, …) and one flat vector of parameter
 * entries (`w[0]`, …, `W[1,2]`, row-major) — and the flat vector turned back into values of their shapes.
 */
import { type Expr, num, replace, type Shape, type ShapeEnv, sym } from "../expr/index.js";
import { CompileError } from "./compileError.js";
import { entryCount, entryNames, lowerScalar, needsLowering } from "./lower.js";
import { copyNumbers, copyNumbersInto } from "./numberArray.js";
import type { Tensor } from "./tensorEvaluate.js";

/** A value as the API takes it: a number, a column or vector, an array of rows, or a row-major tensor. */
export type TensorInput = number | ArrayLike<number> | readonly (readonly number[])[] | Tensor;

/** A parameter's value in a result: a number, an array (a vector), or an array of rows (a matrix). */
export type ParamValue = number | number[] | number[][];

const isTensor = (v: unknown): v is Tensor =>
  typeof v === "object" && v !== null && "shape" in v && "values" in v && !Array.isArray(v);

/** `v` as a Tensor of known shape; `what` names it in errors (`data 'X'`, `init of 'W'`). */
export function tensorOf(v: TensorInput, what: string): Tensor {
  if (typeof v === "number") return { shape: [], values: Float64Array.of(v) };
  if (isTensor(v)) {
    const { shape, values } = v;
    if (!Array.isArray(shape) || shape.length > 2 || !shape.every((d) => Number.isInteger(d) && d >= 0))
      throw new CompileError(`${what}: shape must be [], [k] or [m, k] with whole sizes`);
    const count = shape.reduce((p: number, d: number) => p * d, 1);
    if (values?.length !== count)
      throw new CompileError(
        `${what}: shape [${shape.join(", ")}] needs ${count} values, got ${values?.length}`,
      );
    return { shape: [...shape], values: copyNumbers(values, what, shape.length === 2 ? shape[1] : 0) };
  }
  checkKind(v, what);
  if (Array.isArray(v) && v.length > 0 && Array.isArray(v[0])) {
    const rows = v as readonly (readonly number[])[];
    const k = rows[0]!.length;
    const values = new Float64Array(rows.length * k);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!Array.isArray(row) || row.length !== k)
        throw new CompileError(
          `${what}: row ${i + 1} has ${Array.isArray(row) ? row.length : "no"} entries, but row 1 has ${k}`,
        );
      copyNumbersInto(row, `${what}: row ${i + 1}`, values, i * k);
    }
    return { shape: [rows.length, k], values };
  }
  return { shape: [v.length], values: copyNumbers(v, what) };
}

/** Throws unless `v` is something `tensorOf` takes, without reading its values. */
function checkKind(v: TensorInput, what: string): void {
  if (typeof v === "number" || isTensor(v)) return;
  if (v === null || typeof v !== "object" || typeof v.length !== "number")
    throw new CompileError(`${what} is not a number, an array, an array of rows or { shape, values }`);
}

/** Where each parameter's entries sit in the flat vector, and the way back to values of their shapes. */
export class ParamLayout {
  /** The flat entry names, in the order of the optimizer's vector. */
  readonly entries: readonly string[];
  private readonly offsets: readonly number[];

  constructor(
    readonly names: readonly string[],
    readonly shapes: readonly (readonly number[])[],
  ) {
    const offsets: number[] = [];
    const entries: string[] = [];
    for (let k = 0; k < names.length; k++) {
      offsets.push(entries.length);
      for (const e of entryNames(names[k]!, shapes[k]!)) entries.push(e);
    }
    this.offsets = offsets;
    this.entries = entries;
  }

  /**
   * The flat vector of `values` by name (a missing name is `fill`); a number fills every entry of its
   * parameter, anything else must have the parameter's shape. `what` names the option in errors.
   */
  flatten(values: ReadonlyMap<string, TensorInput>, what: string, fill = 0): Float64Array {
    const out = new Float64Array(this.entries.length).fill(fill);
    this.names.forEach((name, k) => {
      const given = values.get(name);
      if (given === undefined) return;
      const shape = this.shapes[k]!;
      const t = tensorOf(given, `${what} of '${name}'`);
      const offset = this.offsets[k]!;
      if (t.shape.length === 0) out.fill(t.values[0]!, offset, offset + entryCount(shape));
      else if (!sameShape(t.shape, shape))
        throw new CompileError(
          `${what} of '${name}' has shape [${t.shape.join(", ")}], but '${name}' has shape [${shape.join(", ")}]`,
        );
      else out.set(t.values, offset);
    });
    return out;
  }

  /** Where parameter `k`'s entries are in the flat vector: from `start`, `count` of them. */
  range(k: number): { readonly start: number; readonly count: number } {
    return { start: this.offsets[k]!, count: entryCount(this.shapes[k]!) };
  }

  /** The parameters' values of the flat vector `x`, by name, each in its shape (an object without prototype). */
  reshape(x: ArrayLike<number>): Record<string, ParamValue> {
    const out = Object.create(null) as Record<string, ParamValue>;
    this.names.forEach((name, k) => {
      const shape = this.shapes[k]!;
      const at = this.offsets[k]!;
      if (shape.length === 0) out[name] = x[at]!;
      else if (shape.length === 1) out[name] = Array.from({ length: shape[0]! }, (_, i) => x[at + i]!);
      else
        out[name] = Array.from({ length: shape[0]! }, (_, i) =>
          Array.from({ length: shape[1]! }, (__, j) => x[at + i * shape[1]! + j]!),
        );
    });
    return out;
  }
}

/** Every entry of parameters given by name in their shapes, by entry name (`b`, `w[0]`, `W[1,2]`), in order. */
export function entriesOf(params: Readonly<Record<string, ParamValue>>): [string, number][] {
  const out: [string, number][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number") out.push([name, value]);
    else {
      const flat = value.flat();
      const shape = Array.isArray(value[0]) ? [value.length, (value[0] as number[]).length] : [value.length];
      entryNames(name, shape).forEach((entry, k) => {
        out.push([entry, flat[k]!]);
      });
    }
  }
  return out;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** A shaped problem made scalar: what `compile` takes, and the layout of its parameters. */
export interface LoweredProblem {
  /** The cost as one scalar formula over entry names and data columns. */
  readonly expr: Expr;
  readonly layout: ParamLayout;
  /** The data columns by entry name (`X[:,0]`, `y`). */
  readonly data: ReadonlyMap<string, Float64Array>;
  /** The shape of every parameter and data name (data rows as `"n"`). */
  readonly env: ShapeEnv;
}

/** The data of a shaped problem, split into columns by entry name, with their shapes and constants. */
export function dataColumns(data: ReadonlyMap<string, TensorInput>): {
  readonly columns: Map<string, Float64Array>;
  readonly shapes: Map<string, Shape>;
  readonly constants: Map<string, number>;
} {
  const columns = new Map<string, Float64Array>();
  const shapes = new Map<string, Shape>();
  const constants = new Map<string, number>();
  for (const [name, value] of data) {
    const t = tensorOf(value, `data '${name}'`);
    if (t.shape.length === 0) {
      constants.set(name, t.values[0]!);
      shapes.set(name, []);
    } else if (t.shape.length === 1) {
      columns.set(name, t.values);
      shapes.set(name, ["n"]);
    } else {
      const [n, k] = t.shape as [number, number];
      const shape: Shape = ["n", k];
      entryNames(name, shape).forEach((entry, j) => {
        const column = new Float64Array(n);
        for (let i = 0; i < n; i++) column[i] = t.values[i * k + j]!;
        columns.set(entry, column);
      });
      shapes.set(name, shape);
    }
  }
  return { columns, shapes, constants };
}

/** The shape of each data value (a column `["n"]`, a matrix `["n", k]`, a number `[]`), without copying it. */
export function dataShapes(data: ReadonlyMap<string, TensorInput>): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const [name, v] of data)
    if (typeof v === "number") out.set(name, []);
    else if (isTensor(v))
      out.set(name, v.shape.length === 0 ? [] : v.shape.length === 1 ? ["n"] : ["n", v.shape[1]!]);
    else if (Array.isArray(v) && Array.isArray(v[0]))
      out.set(name, ["n", (v[0] as readonly number[]).length]);
    else out.set(name, ["n"]);
  return out;
}

/** True when the data hold something other than plain columns (a matrix, a number, a tensor). */
export function isShapedData(data: ReadonlyMap<string, unknown>): boolean {
  for (const v of data.values())
    if (typeof v === "number" || isTensor(v) || (Array.isArray(v) && Array.isArray(v[0]))) return true;
  return false;
}

/**
 * Lowers `expr` with parameters `params` of the given shapes (missing: scalar) and data of any accepted form.
 * Returns undefined when nothing is shaped, so that scalar formulas keep exactly today's path.
 * @throws ShapeError for a shape mistake, CompileError for data or shapes that cannot be used.
 */
export function lowerProblem(
  expr: Expr,
  params: readonly string[],
  paramShapes: ReadonlyMap<string, readonly number[]>,
  data: ReadonlyMap<string, TensorInput>,
): LoweredProblem | undefined {
  const both = params.filter((name) => data.has(name));
  if (both.length > 0)
    throw new CompileError(
      `${both.map((n) => `'${n}'`).join(", ")} cannot be both a parameter and a data column`,
    );
  // decided on the shapes alone: the columns are copied only for a problem that is lowered (a scalar one
  // keeps its data as given, which for a file of 10^7 rows saves copying every column)
  const flatParams = params.some((p) => (paramShapes.get(p) ?? []).length > 0);
  if (!flatParams && !isShapedData(data)) {
    for (const [name, value] of data) checkKind(value, `data '${name}'`);
    const shapes = dataShapes(data);
    if (!needsLowering([expr], (name) => paramShapes.get(name) ?? shapes.get(name))) return undefined;
  }
  const { columns, shapes, constants } = dataColumns(data);
  const env: ShapeEnv = (name) => paramShapes.get(name) ?? shapes.get(name);
  const substituted =
    constants.size === 0
      ? expr
      : replace(expr, new Map([...constants].map(([name, v]) => [sym(name).id, num(v)])));
  const layout = new ParamLayout(
    params,
    params.map((p) => paramShapes.get(p) ?? []),
  );
  return { expr: lowerScalar(substituted, env), layout, data: columns, env };
}

/**
 * Copying user arrays into Float64Arrays without JavaScript's coercions: `Float64Array.from` turns null,
 * "", " ", [] and false into 0, true into 1, "0x10" into 16 and [7] into 7, so data with a missing value
 * (JSON writes NaN as null) would be fitted as a 0 without a word. Typed arrays hold numbers already.
 */
import { CompileError } from "./compileError.js";

/** A Float64Array copy of `values`; a CompileError `${what}: …` names the first entry that is not a number. */
export function copyNumbers(values: ArrayLike<unknown>, what: string, columns = 0): Float64Array {
  if (ArrayBuffer.isView(values)) return Float64Array.from(values as ArrayLike<number>);
  return copyNumbersInto(values, what, new Float64Array(values.length), 0, columns);
}

/** `copyNumbers` into `out` from index `at` (a matrix's rows into one array, with no array per row). */
export function copyNumbersInto(
  values: ArrayLike<unknown>,
  what: string,
  out: Float64Array,
  at: number,
  columns = 0,
): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") {
      const where =
        columns > 0 ? `row ${Math.floor(i / columns) + 1}, value ${(i % columns) + 1}` : `value ${i + 1}`;
      throw new CompileError(`${what}: ${where} is ${describe(v)}, not a number`);
    }
    out[at + i] = v;
  }
  return out;
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (v === null || v === undefined || typeof v === "boolean") return String(v);
  return Array.isArray(v) ? "an array" : `a ${typeof v}`;
}

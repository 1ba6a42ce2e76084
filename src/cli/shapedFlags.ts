/**
 * Flags that give vectors and matrices as numpy writes them: `--init w=[0,0,0],W=[[1,2],[3,4]],b=0` (a
 * parameter's shape comes from its starting value, as in the API) and `--params "W[4,3],b[3],c"` (parameters
 * declared with their shapes, as a program's `param W[4, 3]`). Commas inside brackets belong to the value, so
 * a list is split only at the commas outside them; every mistake is a UsageError that names the flag.
 */
import type { Tensor } from "../compile/index.js";
import { readArray } from "../data/index.js";
import { UsageError } from "./args.js";

/** A name with the shape it was declared with (`undefined`: none given). */
export interface Declared {
  readonly name: string;
  readonly shape: readonly number[] | undefined;
}

const DECLARATION = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[([^[\]]*)\])?$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/s;

/** `a,[1,2],[[3]]` → `a`, `[1,2]`, `[[3]]`: the parts between the commas that stand outside brackets. */
export function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

/**
 * `W[4,3],b[3],c` → W (4×3), b (a vector of 3), c (no shape given). A size is a whole number of at least 1,
 * and there are one or two of them, as in a program's `param W[4, 3]`.
 */
export function declarations(text: string, flag: string): Declared[] {
  const seen = new Set<string>();
  return splitOutsideBrackets(text).map((part) => {
    const m = DECLARATION.exec(part);
    const sizes = m?.[2]?.split(",").map((d) => d.trim());
    const shape = sizes?.map((d) => (/^\d+$/.test(d) ? Number(d) : Number.NaN));
    if (!m || (shape && (shape.length > 2 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1))))
      throw new UsageError(
        `flag '--${flag}' needs names, each with its shape if it is a vector or a matrix, such as W[4,3],b[3],c; '${part}' is not one (a size is a whole number of at least 1)`,
      );
    if (seen.has(m[1]!)) throw new UsageError(`flag '--${flag}' gives '${m[1]}' twice`);
    seen.add(m[1]!);
    return { name: m[1]!, shape };
  });
}

/**
 * `w=[0,0,0],W=[[1,2],[3,4]],b=0` → the values by name, in order: a number, a vector or a matrix by rows.
 */
export function shapedAssignments(text: string, flag: string): [string, number | Tensor][] {
  const seen = new Set<string>();
  return splitOutsideBrackets(text).map((part) => {
    const m = ASSIGNMENT.exec(part);
    if (!m)
      throw new UsageError(
        `flag '--${flag}' needs name=value pairs such as b=0,w=[0,0,0],W=[[1,2],[3,4]]; '${part}' is not one`,
      );
    const value = readArray(m[2]!);
    if (!("shape" in value))
      throw new UsageError(`flag '--${flag}': the value of '${m[1]}': ${value.reason}`);
    if (seen.has(m[1]!)) throw new UsageError(`flag '--${flag}' gives '${m[1]}' twice`);
    seen.add(m[1]!);
    return [m[1]!, value.shape.length === 0 ? value.values[0]! : value];
  });
}

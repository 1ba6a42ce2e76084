/**
 * The header line of a CSV file: its names checked (present, not numbers, no two alike) and the columns to
 * read found among them, by name or by a filter. Input: the header's cells, trimmed; output: the names to
 * read and the position of each in a row, or a DataError at the header's line.
 */
import { suggest } from "../text/suggest.js";
import type { CsvOptions } from "./csv.js";
import { DataError } from "./dataError.js";
import { readNumber } from "./decimal.js";
import { quote } from "./quote.js";

/** Where a header is, for its errors. */
interface HeaderPlace {
  readonly source: string | undefined;
  readonly row: number;
}

/**
 * The columns to read from a header of `names`: those of `options.columns` in that order (each must be in
 * the header), or the header's names that `options.include` accepts (default: all), with their positions.
 */
export function headerColumns(
  names: readonly string[],
  { columns, include }: CsvOptions,
  where: HeaderPlace,
): { readonly wanted: readonly string[]; readonly indices: Int32Array<ArrayBuffer> } {
  checkNames(names, where);
  const wanted = columns ?? (include ? names.filter((name) => include(name)) : names);
  const position = new Map(names.map((name, i) => [name, i]));
  const indices = Int32Array.from(wanted, (name) => {
    const index = position.get(name);
    if (index !== undefined) return index;
    const near = suggest(name, names);
    const hint = near === undefined ? "" : `; did you mean ${quote(near)}?`;
    throw new DataError(`no such column in the header (${listed(names)})${hint}`, { ...where, column: name });
  });
  return { wanted, indices };
}

function checkNames(names: readonly string[], where: HeaderPlace): void {
  if (names.every((name) => typeof readNumber(name) === "number")) {
    const example = names.map((_, i) => (names.length === 1 ? "x" : `x${i + 1}`)).join(",");
    throw new DataError(
      `the first line must name the columns (e.g. "${example}"), but it holds numbers`,
      where,
    );
  }
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === "") throw new DataError(`column ${i + 1} has no name in the header`, where);
    const earlier = first.get(name);
    if (earlier !== undefined) {
      throw new DataError(
        `the header names two columns ${quote(name)} (columns ${earlier + 1} and ${i + 1})`,
        where,
      );
    }
    first.set(name, i);
  });
}

/** The header's names for a message: each quoted and cut, at most eight of them. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 8).map(quote);
  if (names.length > shown.length) shown.push(`and ${names.length - shown.length} more`);
  return shown.join(", ");
}

/**
 * Names that are almost a data column's. When data is given, every other name of the cost becomes a
 * parameter, so `x` written for a column `X`, or `lable` for `label`, would silently be fitted as a number
 * (a saddle at x = 0, a cost running to −∞). A name that matches a column the cost does not use, up to
 * letter case or within two edits, is taken for such a slip unless the caller declared its parameters.
 */
import { editDistance } from "../text/suggest.js";

/** The most edits between a parameter's name and an unused column's for the parameter to count as a slip. */
const SLIP_EDITS = 2;

/** A parameter name and the data column it was probably meant to be. */
export interface ColumnSlip {
  readonly name: string;
  readonly column: string;
}

/**
 * The first of `names` that is one of `columns` but for letter case, or within two edits of one (never a
 * complete rewrite: `b` is not a slip for `x`), with that column; undefined when there is none.
 */
export function columnSlip(names: Iterable<string>, columns: readonly string[]): ColumnSlip | undefined {
  for (const name of names) {
    const lower = name.toLowerCase();
    const column =
      columns.find((c) => c.toLowerCase() === lower) ??
      columns.find((c) => {
        const d = editDistance(name, c, SLIP_EDITS);
        return d <= SLIP_EDITS && d < Math.max(name.length, c.length);
      });
    if (column !== undefined) return { name, column };
  }
  return undefined;
}

/** What to tell a user about a slip; `declare` says how to make the name a parameter after all. */
export function columnSlipMessage({ name, column }: ColumnSlip, declare: string): string {
  return `'${name}' is not a data column; did you mean '${column}'? To fit a parameter '${name}', ${declare}`;
}

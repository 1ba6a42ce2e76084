/**
 * The last check before data meets a formula: every column has the same number of rows, and there is at
 * least one row. Columns may come from different places (a CSV file and flags), so this is separate from
 * reading them.
 */
import { DataError } from "./dataError.js";

/**
 * Returns the common number of rows; throws a {@link DataError} naming every column and its length otherwise.
 */
export function checkColumns(columns: Readonly<Record<string, ArrayLike<number>>>): number {
  const entries = Object.entries(columns);
  if (entries.length === 0) throw new DataError("no data columns");
  const lengths = new Set(entries.map(([, values]) => values.length));
  if (lengths.size > 1) {
    const list = entries.map(([name, values]) => `${name}: ${values.length}`).join(", ");
    throw new DataError(`data columns differ in length (${list})`);
  }
  const [rows] = lengths;
  if (rows === 0)
    throw new DataError(`data columns have no rows (${entries.map(([name]) => name).join(", ")})`);
  return rows!;
}

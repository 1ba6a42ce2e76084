/**
 * The regression summary `--stats` prints after a fit: one row per parameter (estimate, standard error,
 * 95% interval) for a least-squares fit to data, the residual standard error, degrees of freedom and R²,
 * and for any cost the Hessian's smallest eigenvalue and condition number.
 */
import { entriesOf, type MinimizeResult, type ParamValue } from "../minimize/index.js";
import { shortNumber } from "../terminal/index.js";

/** The summary of `result.statistics` as lines of text (empty when there are none). */
export function statisticsTable(result: MinimizeResult<ParamValue>): string {
  const s = result.statistics;
  if (s === undefined) return "";
  const lines: string[] = [];
  const num = (v: number) => shortNumber(v, 4);
  if (s.standardErrors && s.confidenceIntervals) {
    // one row per entry of a vector or matrix parameter (`w[0]`), as the statistics name them
    const rows = entriesOf(result.params).map(([name, value]) => {
      const [lo, hi] = s.confidenceIntervals![name]!;
      return [name, num(value), num(s.standardErrors![name]!), `${num(lo)} to ${num(hi)}`];
    });
    const table = [["", "estimate", "std. error", "95% interval"], ...rows];
    const widths = table[0]!.map((_, k) => Math.max(...table.map((row) => row[k]!.length)));
    for (const row of table)
      lines.push(
        row
          .map((cell, k) => cell.padEnd(widths[k]!))
          .join("  ")
          .trimEnd(),
      );
    const r2 = s.rSquared === undefined ? "" : `, R² ${num(s.rSquared)}`;
    lines.push(
      `residual standard error ${num(s.residualStandardError!)} on ${s.dof} degrees of freedom${r2}`,
    );
  }
  lines.push(
    `Hessian: smallest eigenvalue ${num(s.smallestEigenvalue)}, condition number ${num(s.conditionNumber)}`,
  );
  if (result.unidentified && result.unidentified.length > 0)
    lines.push(`not identified: ${result.unidentified.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

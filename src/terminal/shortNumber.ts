/**
 * Numbers for people reading a terminal: a few significant digits, no trailing zeros, exponent notation only
 * for very large or very small magnitudes. Used by the progress bar and the chart's axis labels so that a
 * cost reads the same in both.
 */

/** `n` with at most `digits` significant digits: 0.0123457, 1234.57, 1.23457e-7, 1.2e+9. */
export function shortNumber(n: number, digits = 6): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const magnitude = Math.abs(n);
  const text =
    magnitude >= 1e-4 && magnitude < 10 ** digits ? n.toPrecision(digits) : n.toExponential(digits - 1);
  const [mantissa, exponent] = text.split("e") as [string, string | undefined];
  const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

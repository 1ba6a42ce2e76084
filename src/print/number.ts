/**
 * How numbers print: integers without `.0`, terminating fractions as exact decimals (`0.1`), other
 * rationals as `n/d`, f64 values in JavaScript's shortest round-trip form, constants by name, and the
 * undefined value as `0/0` (which the parser rejects, pointing at it).
 */
import { decimalText, type Num } from "../expr/index.js";

/** The text of |n| (sign left to the caller) and whether it reads as a quotient (`1/3`). */
export function magnitudeText(n: Num): { text: string; quotient: boolean } {
  if (Number.isNaN(n.value)) return { text: "0/0", quotient: true }; // UNDEFINED
  if (n.constant) return { text: n.constant, quotient: false };
  if (n.exact) {
    const abs = { n: Math.abs(n.exact.n), d: n.exact.d };
    const decimal = decimalText(abs);
    return decimal ? { text: decimal, quotient: false } : { text: `${abs.n}/${abs.d}`, quotient: true };
  }
  return { text: String(Math.abs(n.value)), quotient: false };
}

/** True for a number below zero (constants are positive). */
export function isNegative(n: Num): boolean {
  return n.value < 0;
}

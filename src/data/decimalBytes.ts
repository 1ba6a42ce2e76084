/**
 * The fast path of reading a number from bytes, for the common cells of a big CSV file (`3.25`, `-0.5e-3`,
 * `1.234000000000000000e+00`): a decimal with at most 15 significant digits and a power of ten within ±22,
 * whose value one multiplication or division of two exact doubles gives correctly rounded (Clinger 1990,
 * "How to read floating point numbers accurately", the fast path). Every other cell (more digits, a large
 * exponent) is read by `Number()` of its text, and anything that is not plainly a decimal is left to
 * decimal.ts, which says why.
 */

/** 10^0 … 10^22, every one exactly representable as a double. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

const SIGNIFICANT = 15;

/** Reads decimals that start at a given byte and tells where each ends. */
export class DecimalScanner {
  /** The offset after the decimal last read. */
  end = 0;
  /** Whether the text last read is a decimal the fast path cannot compute (then `Number()` of its text). */
  slow = false;

  /**
   * The value of the decimal (`[+-]digits[.digits][e[+-]digits]`, no spaces) that starts at `from`,
   * exactly as `Number()` reads it, ending at the first byte that cannot continue it (at most at `to`; see
   * {@link end}); NaN when there is none, or when the fast path cannot compute it (then {@link slow} is set).
   */
  scan(bytes: Uint8Array, from: number, to: number): number {
    // the common cell first (`8.276`, `-17.5`): digits and a point, at most 15 of them significant counting
    // trailing zeros, so that the digits as one integer are exact; anything else is read by `scanAny`
    let i = from;
    let negative = false;
    if (i < to && (bytes[i] === 0x2d || bytes[i] === 0x2b)) negative = bytes[i++] === 0x2d;
    let digitsValue = 0;
    let significant = 0;
    let digits = 0;
    let pointAt = -1;
    for (; i < to; i++) {
      const d = bytes[i]! - 0x30;
      if (d >= 0 && d <= 9) {
        digitsValue = digitsValue * 10 + d;
        // a long number (`String(x)` writes 17 digits) goes to scanAny as soon as it shows, not after a scan
        if (digitsValue !== 0 && ++significant > SIGNIFICANT) return this.#scanAny(bytes, from, to);
        digits++;
      } else if (d === -2 && pointAt < 0) pointAt = i;
      else break;
    }
    const scale = pointAt < 0 ? 0 : pointAt + 1 - i;
    if (digits === 0 || scale < -22 || (i < to && (bytes[i] === 0x65 || bytes[i] === 0x45)))
      return this.#scanAny(bytes, from, to);
    this.slow = false;
    this.end = i;
    const value = scale < 0 ? digitsValue / POWERS[-scale]! : digitsValue;
    return negative ? -value : value;
  }

  /** {@link scan} of any decimal: a power of ten, trailing zeros beyond 15 digits, or too many digits. */
  #scanAny(bytes: Uint8Array, from: number, to: number): number {
    let i = from;
    this.slow = false;
    let negative = false;
    if (i < to && (bytes[i] === 0x2d || bytes[i] === 0x2b)) negative = bytes[i++] === 0x2d;
    // value = mantissa · 10^(zeros + exponent); trailing zeros are held back in `zeros` and multiplied in
    // only when a nonzero digit follows, so that "2.50000000000000000" still has two significant digits
    let mantissa = 0;
    let significant = 0;
    let zeros = 0;
    let digits = 0;
    let pointAt = -1;
    for (; i < to; i++) {
      const d = bytes[i]! - 0x30;
      if (d === 0) {
        if (mantissa !== 0) zeros++;
      } else if (d > 0 && d <= 9) {
        // past 15 significant digits the mantissa is no longer exact, and no longer used
        mantissa = zeros === 0 ? mantissa * 10 + d : mantissa * 10 ** (zeros + 1) + d;
        significant += zeros + 1;
        zeros = 0;
      } else if (d === -2 && pointAt < 0) pointAt = i;
      else break;
      digits++;
    }
    let exponent = 0;
    if (pointAt >= 0) {
      digits--;
      exponent = pointAt + 1 - i;
    }
    this.end = i;
    if (digits === 0) return Number.NaN;
    if (i < to && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      i++;
      let sign = 1;
      if (i < to && (bytes[i] === 0x2d || bytes[i] === 0x2b)) sign = bytes[i++] === 0x2d ? -1 : 1;
      const first = i;
      let power = 0;
      for (; i < to; i++) {
        const d = bytes[i]! - 0x30;
        if (d < 0 || d > 9) break;
        if (power < 1e6) power = power * 10 + d;
      }
      if (i === first) return Number.NaN; // "1e" is not a decimal
      this.end = i;
      exponent += sign * power;
    }
    let value = 0;
    if (mantissa !== 0) {
      const scale = zeros + exponent;
      if (significant > SIGNIFICANT || scale < -22 || scale > 22) {
        this.slow = true;
        return Number.NaN;
      }
      value = scale < 0 ? mantissa / POWERS[-scale]! : mantissa * POWERS[scale]!;
    }
    return negative ? -value : value;
  }
}

const scanner = new DecimalScanner();
const ascii = new TextDecoder();

/**
 * The value of a decimal that {@link DecimalScanner} read but left to the exact rule (more than 15
 * significant digits, or a large power of ten), by `Number()` of its text; NaN when it is not finite.
 */
function exactDecimal(bytes: Uint8Array, from: number, to: number): number {
  const value = Number(ascii.decode(bytes.subarray(from, to)));
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * The value of the decimal that is all of `bytes[from, to)` but for spaces and tabs around it, exactly as
 * `Number()` reads it; NaN when the text is not a finite decimal (then `readNumber` says why).
 */
export function decimalFromBytes(bytes: Uint8Array, from: number, to: number): number {
  while (from < to && isBlank(bytes[from]!)) from++;
  while (to > from && isBlank(bytes[to - 1]!)) to--;
  const value = scanner.scan(bytes, from, to);
  if (scanner.end !== to) return Number.NaN;
  return scanner.slow ? exactDecimal(bytes, from, to) : value;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

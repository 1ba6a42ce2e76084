/**
 * The fast path of reading a number from bytes, for the common cells of a big CSV file (`3.25`, `-0.5e-3`,
 * `1.234000000000000000e+00`): a decimal with at most 15 significant digits and a power of ten within ±22,
 * whose value one multiplication or division of two exact doubles gives correctly rounded (Clinger 1990,
 * "How to read floating point numbers accurately", the fast path). Every other cell (more digits, a large
 * exponent, anything that is not plainly a decimal) is left to the exact rule of decimal.ts.
 */

/** 10^0 … 10^22, every one exactly representable as a double. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

const SIGNIFICANT = 15;

/**
 * The value of the decimal in `bytes[from, to)`, surrounding ASCII spaces and tabs ignored, exactly as `Number()`
 * reads it; NaN when the text is not a decimal this fast path reads (then decide with `readNumber`).
 */
export function decimalFromBytes(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  let end = to;
  while (i < end && isBlank(bytes[i]!)) i++;
  while (end > i && isBlank(bytes[end - 1]!)) end--;
  let negative = false;
  if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) negative = bytes[i++] === 0x2d;
  // value = mantissa · 10^(zeros + exponent); trailing zeros are held back in `zeros` and multiplied in only
  // when a nonzero digit follows, so that "2.50000000000000000" still has two significant digits
  let mantissa = 0;
  let significant = 0;
  let zeros = 0;
  let exponent = 0;
  let digits = 0;
  let point = false;
  for (; i < end; i++) {
    const c = bytes[i]!;
    const d = c - 0x30;
    if (d >= 0 && d <= 9) {
      digits++;
      if (point) exponent--;
      if (d === 0) {
        if (mantissa !== 0) zeros++;
      } else {
        significant += zeros + 1;
        if (significant > SIGNIFICANT) return Number.NaN;
        mantissa = mantissa * POWERS[zeros + 1]! + d;
        zeros = 0;
      }
    } else if (c === 0x2e && !point) point = true;
    else break;
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    const c = bytes[i++];
    if (c !== 0x65 && c !== 0x45) return Number.NaN;
    let sign = 1;
    if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) sign = bytes[i++] === 0x2d ? -1 : 1;
    if (i === end) return Number.NaN;
    let power = 0;
    for (; i < end; i++) {
      const d = bytes[i]! - 0x30;
      if (d < 0 || d > 9) return Number.NaN;
      if (power < 1e6) power = power * 10 + d;
    }
    exponent += sign * power;
  }
  let value: number;
  if (mantissa === 0) value = 0;
  else {
    const scale = zeros + exponent;
    if (scale < -22 || scale > 22) return Number.NaN;
    value = scale < 0 ? mantissa / POWERS[-scale]! : mantissa * POWERS[scale]!;
  }
  return negative ? -value : value;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

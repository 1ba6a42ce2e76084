/**
 * The one definition of what counts as a number in user data, shared by CSV cells and `name=1,2,3` flags.
 * `Number()` is too forgiving for data (`Number("")` is 0, `Number("0x10")` is 16, `Number(" ")` is 0), so a
 * cell must look like a decimal float and give a finite double; anything else is reported with a reason.
 */

import { quote } from "./quote.js";

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Why `text` is not a finite decimal number, or its value. The text is taken as it is, not trimmed. */
export function readNumber(text: string): number | { readonly reason: string } {
  const quoted = quote(text);
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : { reason: `${quoted} is too large for a 64-bit float` };
  }
  if (/^[+-]?(?:nan|inf|infinity)$/i.test(text)) {
    return { reason: `${quoted} is not allowed: data must be finite numbers` };
  }
  if (/^[+-]?\d+,\d+$/.test(text)) {
    return { reason: `${quoted} is not a number (write the decimal point as ".")` };
  }
  if (/^[+-]?0[xob]/i.test(text)) {
    return { reason: `${quoted} is not a number (only decimal numbers are read)` };
  }
  return { reason: `${quoted} is not a number` };
}

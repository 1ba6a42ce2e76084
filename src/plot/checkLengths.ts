/**
 * The plots take parallel arrays (x values and their costs); a length mismatch is a bug in the caller, and
 * drawing anyway would silently pair wrong values or drop some. This check turns it into an error that names
 * both arrays.
 */

/** Throws a RangeError unless every named array has as many elements as the first one. */
export function checkLengths(arrays: Readonly<Record<string, ArrayLike<unknown>>>): void {
  const [[firstName, first], ...rest] = Object.entries(arrays) as [string, ArrayLike<unknown>][];
  for (const [name, array] of rest) {
    if (array.length !== first.length) {
      throw new RangeError(`${name} has ${array.length} elements but ${firstName} has ${first.length}`);
    }
  }
}

/**
 * Exact rational arithmetic (`src/expr/rational.ts`) against BigInt fractions computed here from the
 * definitions: reduced form, sign in the numerator, `undefined` (never a rounded result) outside the safe
 * integers, decimal literals read exactly and decimal text that reads back to the same fraction.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addRational,
  decimalText,
  mulRational,
  parseDecimal,
  powRational,
  type Rational,
  rational,
} from "../../src/expr/rational.js";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function bigGcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n/d reduced with d > 0, as a Rational when both fit the safe integers, by BigInt arithmetic. */
function reference(n: bigint, d: bigint): Rational | undefined {
  if (d < 0n) [n, d] = [-n, -d];
  const g = bigGcd(n, d) || 1n;
  [n, d] = [n / g, d / g];
  const fits = (v: bigint) => v <= SAFE && v >= -SAFE;
  return fits(n) && fits(d) ? { n: Number(n), d: Number(d) } : undefined;
}

/** Fractions whose parts reach past the safe integers when added or multiplied. */
const arbPart = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 52, 3 ** 33),
);
const arbRational = fc
  .tuple(
    arbPart,
    arbPart.filter((d) => d !== 0),
  )
  .map(([n, d]) => rational(n, d)!)
  .filter((r) => r !== undefined);
const SEED = { seed: 20261129, numRuns: 400 };

describe("rational", () => {
  it("reduces, keeps the sign in the numerator and writes 0 as +0/1", () => {
    expect(rational(6, -4)).toEqual({ n: -3, d: 2 });
    expect(rational(-6, -4)).toEqual({ n: 3, d: 2 });
    expect(rational(7)).toEqual({ n: 7, d: 1 });
    expect(Object.is(rational(0, -5)!.n, 0)).toBe(true);
    expect(rational(0, -5)).toEqual({ n: 0, d: 1 });
  });

  it("is undefined for a zero denominator or parts outside the safe integers", () => {
    expect(rational(1, 0)).toBeUndefined();
    expect(rational(0.5)).toBeUndefined();
    expect(rational(2 ** 53)).toBeUndefined();
    expect(rational(1, 2 ** 53)).toBeUndefined();
    expect(rational(Number.MAX_SAFE_INTEGER, -1)).toEqual({ n: -Number.MAX_SAFE_INTEGER, d: 1 });
  });

  it("adds and multiplies exactly, or gives undefined, as BigInt fractions do", () => {
    fc.assert(
      fc.property(arbRational, arbRational, (a, b) => {
        const [an, ad, bn, bd] = [a.n, a.d, b.n, b.d].map(BigInt) as [bigint, bigint, bigint, bigint];
        expect(addRational(a, b)).toEqual(reference(an * bd + bn * ad, ad * bd));
        expect(mulRational(a, b)).toEqual(reference(an * bn, ad * bd));
      }),
      SEED,
    );
  });

  // found by the property above: -9007199254740991/136506405 + 470618127/10 folded to -2582960390280647/136506405,
  // a safe numerator made of rounded products
  it("adds exactly where the products on the way pass 2^53 but the reduced sum does not", () => {
    const third = { n: -Number.MAX_SAFE_INTEGER, d: 136506405 };
    expect(addRational(third, { n: 470618127, d: 10 })).toEqual({ n: -1033184156112259, d: 54602562 });
    // 1/(2q) + 1/(2r) = (q + r)/2 / (q r): the common denominator 2qr passes 2^53, the result does not
    const [q, r] = [2 ** 26 + 1, 2 ** 26 + 3];
    expect(addRational({ n: 1, d: 2 * q }, { n: 1, d: 2 * r })).toEqual({ n: 2 ** 26 + 2, d: q * r });
    expect(addRational({ n: Number.MAX_SAFE_INTEGER, d: 1 }, { n: 1, d: 1 })).toBeUndefined();
    expect(addRational({ n: 1, d: q }, { n: 1, d: r * 2 ** 20 })).toBeUndefined();
  });

  it("raises to integer powers exactly, or gives undefined, as BigInt fractions do", () => {
    fc.assert(
      fc.property(arbRational, fc.integer({ min: -40, max: 40 }), (a, k) => {
        const [n, d] = k >= 0 ? [BigInt(a.n), BigInt(a.d)] : [BigInt(a.d), BigInt(a.n)];
        const want =
          k < 0 && a.n === 0 ? undefined : reference(n ** BigInt(Math.abs(k)), d ** BigInt(Math.abs(k)));
        expect(powRational(a, k)).toEqual(want);
      }),
      SEED,
    );
    expect(powRational({ n: 2, d: 3 }, -3)).toEqual({ n: 27, d: 8 });
    expect(powRational({ n: -2, d: 3 }, -3)).toEqual({ n: -27, d: 8 });
    expect(powRational({ n: 0, d: 1 }, -2)).toBeUndefined();
    expect(powRational({ n: 4, d: 1 }, 0.5)).toBeUndefined();
  });

  it("raises 0 and 1 to huge powers without looping, and gives up on other bases", () => {
    expect(powRational({ n: 1, d: 1 }, 1e9)).toEqual({ n: 1, d: 1 });
    expect(powRational({ n: 0, d: 1 }, 1e9)).toEqual({ n: 0, d: 1 });
    expect(powRational({ n: 1, d: 1 }, -1e9)).toEqual({ n: 1, d: 1 });
    expect(powRational({ n: 2, d: 1 }, 1025)).toBeUndefined();
    expect(powRational({ n: 1, d: 2 }, 2000)).toBeUndefined();
    // 1024 is still multiplied out: (-1)^1024 = 1, 1^1024 = 1
    expect(powRational({ n: -1, d: 1 }, 1024)).toEqual({ n: 1, d: 1 });
  });
});

describe("decimal literals", () => {
  it.each([
    ["0.1", { n: 1, d: 10 }],
    ["2.5E+4", { n: 25000, d: 1 }],
    ["2.5e-4", { n: 1, d: 4000 }],
    [".5", { n: 1, d: 2 }],
    ["5.", { n: 5, d: 1 }],
    ["007.250", { n: 29, d: 4 }],
    ["0", { n: 0, d: 1 }],
    ["000", { n: 0, d: 1 }],
    ["0.00000095367431640625", { n: 1, d: 2 ** 20 }],
    ["9007199254740991", { n: Number.MAX_SAFE_INTEGER, d: 1 }],
    ["1e15", { n: 1e15, d: 1 }],
    [`1${"0".repeat(399)}e-399`, { n: 1, d: 1 }],
    [`0.${"0".repeat(398)}1e400`, { n: 10, d: 1 }],
  ])("%s is exactly %o", (text, want) => {
    expect(parseDecimal(text)).toEqual(want);
  });

  it.each([
    ["", "no digits"],
    [".", "no digits"],
    ["e5", "no digits"],
    ["1.2.3", "not a number"],
    ["-1", "a sign is not part of the literal"],
    ["1e", "an exponent without digits"],
    ["x1", "not a number"],
    ["1x", "not a number"],
    ["9007199254740993", "past the safe integers"],
    ["1e16", "past the safe integers"],
    ["0.1e-15", "a denominator past the safe integers"],
    [`1${"0".repeat(400)}e-400`, "more than 400 digits"],
    ["1e-401", "an exponent past 400"],
    ["1e401", "an exponent past 400"],
  ])("%s is not read exactly (%s)", (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  it("reads a string of digits as the integer BigInt reads, while that is a safe integer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,17}$/), (text) => {
        const big = BigInt(text);
        const want = big <= BigInt(Number.MAX_SAFE_INTEGER) ? { n: Number(big), d: 1 } : undefined;
        expect(parseDecimal(text)).toEqual(want);
      }),
      SEED,
    );
  });

  it("writes n/(2^a 5^b) as decimal text that reads back as the same number", () => {
    const arbDyadic = fc
      .tuple(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
      )
      .map(([n, a, b]) => rational(n, 2 ** a * 5 ** b)!);
    fc.assert(
      fc.property(arbDyadic, (r) => {
        const text = decimalText(r)!;
        expect(text).toMatch(/^-?\d+(\.\d*[1-9])?$/);
        const body = text.startsWith("-") ? text.slice(1) : text;
        const read = parseDecimal(body)!;
        expect(text.startsWith("-") ? { n: -read.n, d: read.d } : read).toEqual(r);
      }),
      SEED,
    );
    expect(decimalText({ n: 1, d: 8 })).toBe("0.125");
    expect(decimalText({ n: -7, d: 2 })).toBe("-3.5");
    expect(decimalText({ n: 3, d: 50 })).toBe("0.06");
    expect(decimalText({ n: -12, d: 1 })).toBe("-12");
    expect(decimalText({ n: 0, d: 1 })).toBe("0");
  });

  it("has no decimal text for a denominator with another prime factor", () => {
    expect(decimalText({ n: 1, d: 3 })).toBeUndefined();
    expect(decimalText({ n: 1, d: 6 })).toBeUndefined();
    expect(decimalText({ n: 7, d: 70 * 3 })).toBeUndefined();
  });
});

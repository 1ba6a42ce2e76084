/**
 * Reading a product the way people write it: sign, numeric coefficient, numerator and denominator factors
 * (those with a negative number as exponent). Both printers share this split so they agree on what is a
 * fraction.
 */
import {
  decimalText,
  type Expr,
  isFoldable,
  type Num,
  num,
  parseDecimal,
  pow,
  type Rational,
} from "../expr/index.js";

/** True when the decimal text of r (`0.1`) parses back to r itself, not to a nearby f64. */
function readsBackExactly(r: Rational): boolean {
  const abs = { n: Math.abs(r.n), d: r.d };
  const text = decimalText(abs);
  const back = text === undefined ? undefined : parseDecimal(text);
  return back !== undefined && back.n === abs.n && back.d === abs.d;
}

/** A product split for printing; factors keep their order. */
export interface Fraction {
  readonly negative: boolean;
  /** |coefficient| when it is not 1, else undefined; for an exact p/q only p is here, q is `denominator`. */
  readonly coefficient: Num | undefined;
  /** The coefficient's denominator q when it is an exact fraction p/q with q > 1. */
  readonly denominator: number | undefined;
  /** Each factor, with `inverted` set when it is written below the line (as base^k for base^-k). */
  readonly factors: readonly { readonly expr: Expr; readonly inverted: boolean }[];
}

/**
 * `base^k` for a power `base^-k` with a negative number as exponent, when writing it below the line parses
 * back to the same power (not for `0^-2`: `1/0^2` would fold to `1/0`).
 */
export function invertedPower(e: Expr): Expr | undefined {
  if (e.kind !== "pow" || !isFoldable(e.exponent) || e.exponent.value >= 0) return undefined;
  const k = e.exponent.exact ? num(-e.exponent.exact.n, e.exponent.exact.d) : num(-e.exponent.value);
  const inverse = pow(e.base, k);
  return pow(inverse, num(-1)) === e ? inverse : undefined;
}

/**
 * True for a product that holds more than one number: one the constructors left unfolded because folding
 * would overflow f64. It prints factor by factor, numbers in parentheses, so that it re-parses unchanged.
 */
export function isUnfolded(factors: readonly Expr[]): boolean {
  return factors.filter(isFoldable).length > 1;
}

/** Splits a product (or a lone power with a negative exponent) for printing. */
export function splitProduct(factors: readonly Expr[]): Fraction {
  let negative = false;
  let coefficient: Num | undefined;
  let denominator: number | undefined;
  let rest = factors;
  const first = factors[0];
  if (isUnfolded(factors))
    return {
      negative,
      coefficient,
      denominator,
      factors: factors.map((expr) => ({ expr, inverted: false })),
    };
  if (first && isFoldable(first)) {
    rest = factors.slice(1);
    negative = first.value < 0;
    if (first.exact && first.exact.d % 5 === 0 && readsBackExactly(first.exact)) {
      // tenths, fifths, hundredths read better as decimals: 0.1*x, 0.25*x stays x/4
      coefficient = num(Math.abs(first.exact.n), first.exact.d);
    } else if (first.exact) {
      const n = Math.abs(first.exact.n);
      if (n !== 1) coefficient = num(n);
      if (first.exact.d !== 1) denominator = first.exact.d;
    } else if (Math.abs(first.value) !== 1) coefficient = num(Math.abs(first.value));
  }
  const split = rest.map((f) => {
    const inverse = invertedPower(f);
    return inverse ? { expr: inverse, inverted: true } : { expr: f, inverted: false };
  });
  return { negative, coefficient, denominator, factors: split };
}

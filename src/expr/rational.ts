/**
 * Exact rational arithmetic on safe integers, for constant folding: `1/3` stays a third and `2*0.5` is 1.
 * A result that would leave the safe-integer range is `undefined`, and the caller keeps the operation
 * unfolded (or falls back to f64) rather than rounding silently.
 */

/** A reduced fraction n/d with d > 0; both are safe integers. */
export interface Rational {
  readonly n: number;
  readonly d: number;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The reduced fraction n/d, or undefined when it cannot be held exactly. */
export function rational(n: number, d = 1): Rational | undefined {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) return undefined;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1;
  return { n: n / g + 0, d: d / g };
}

export function addRational(a: Rational, b: Rational): Rational | undefined {
  const g = gcd(a.d, b.d);
  return rational(a.n * (b.d / g) + b.n * (a.d / g), (a.d / g) * b.d);
}

export function mulRational(a: Rational, b: Rational): Rational | undefined {
  const g1 = gcd(a.n, b.d) || 1;
  const g2 = gcd(b.n, a.d) || 1;
  return rational((a.n / g1) * (b.n / g2), (a.d / g2) * (b.d / g1));
}

/** a^k for an integer k; undefined for 0^negative or when the result is not exact. */
export function powRational(a: Rational, k: number): Rational | undefined {
  if (!Number.isInteger(k)) return undefined;
  if (k < 0) {
    if (a.n === 0) return undefined;
    return powRational({ n: a.d, d: a.n }, -k);
  }
  if (k > 1024) return a.n === 0 || a.n === a.d ? a : undefined;
  let result: Rational | undefined = { n: 1, d: 1 };
  for (let i = 0; i < k && result; i++) result = mulRational(result, a);
  return result === undefined ? undefined : rational(result.n, result.d);
}

/**
 * The exact rational value of a decimal literal such as `0.1`, `2.5E+4` or `.5`, when numerator and
 * denominator fit in safe integers; undefined otherwise (the literal is then an f64).
 */
export function parseDecimal(text: string): Rational | undefined {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? "";
  const frac = m[2] ?? "";
  let exp = Number(m[3] ?? "0") - frac.length;
  const digits = (whole + frac).replace(/^0+(?=\d)/, "");
  const n = Number(digits);
  // 16 digits fit when below 2^53; String(n) === digits rules out a rounded one (9007199254740993)
  if (digits.length > 16 || !Number.isSafeInteger(n) || String(n) !== digits || Math.abs(exp) > 30)
    return undefined;
  if (exp >= 0) return rational(n * 10 ** exp);
  let d = 1;
  while (exp < 0) {
    d *= 10;
    exp++;
  }
  return rational(n, d);
}

/**
 * Exact decimal text for n/d when d has no prime factors but 2 and 5 (`0.125`), else undefined.
 */
export function decimalText(r: Rational): string | undefined {
  let d = r.d;
  let twos = 0;
  let fives = 0;
  while (d % 2 === 0) {
    d /= 2;
    twos++;
  }
  while (d % 5 === 0) {
    d /= 5;
    fives++;
  }
  if (d !== 1) return undefined;
  const scale = Math.max(twos, fives);
  const digits = (BigInt(Math.abs(r.n)) * 10n ** BigInt(scale)) / BigInt(r.d);
  const text = digits.toString().padStart(scale + 1, "0");
  const point = text.length - scale;
  const body = scale === 0 ? text : `${text.slice(0, point)}.${text.slice(point)}`;
  return r.n < 0 ? `-${body}` : body;
}

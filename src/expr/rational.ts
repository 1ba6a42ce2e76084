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
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
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
  const left = a.n * (b.d / g);
  const right = b.n * (a.d / g);
  const d = (a.d / g) * b.d;
  const n = left + right;
  if (
    Number.isSafeInteger(left) &&
    Number.isSafeInteger(right) &&
    Number.isSafeInteger(n) &&
    Number.isSafeInteger(d)
  )
    return rational(n, d);
  // past 2^53 a product or sum is rounded (and can cancel to a safe but wrong numerator), though the
  // reduced sum may be safe: redo it in BigInt
  const [p, q] = [BigInt(a.d / g), BigInt(b.d / g)];
  return reducedBig(BigInt(a.n) * q + BigInt(b.n) * p, p * BigInt(b.d));
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

/** Longest digit string or exponent worth reading exactly: a safe n/(2^a*5^b) needs far fewer digits. */
const EXACT_DIGITS = 400;

/**
 * The exact rational value of a decimal literal such as `0.1`, `2.5E+4`, `.5` or
 * `0.00000095367431640625` (2^-20), when its reduced numerator and denominator are safe integers;
 * undefined otherwise (the literal is then an f64). Every text `decimalText` writes reads back exactly.
 */
export function parseDecimal(text: string): Rational | undefined {
  // most literals are short integers (`2`, `100`): exact as f64, no need for BigInt
  if (/^\d{1,15}$/.test(text)) return { n: Number(text), d: 1 };
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  const digits = `${m[1] ?? ""}${frac}`.replace(/^0+(?=\d)/, "");
  const exponent = Number(m[3] ?? "0") - frac.length;
  if (digits === "" || digits.length > EXACT_DIGITS || Math.abs(exponent) > EXACT_DIGITS) return undefined;
  let n = BigInt(digits);
  let d = 1n;
  if (exponent >= 0) n *= 10n ** BigInt(exponent);
  else d = 10n ** BigInt(-exponent);
  return reducedBig(n, d);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The reduced fraction n/d (d > 0), or undefined when its parts are not safe integers. */
function reducedBig(n: bigint, d: bigint): Rational | undefined {
  let [a, b] = [n < 0n ? -n : n, d];
  while (b !== 0n) [a, b] = [b, a % b];
  const [rn, rd] = [n / a, d / a];
  return rn <= SAFE && -rn <= SAFE && rd <= SAFE ? rational(Number(rn), Number(rd)) : undefined;
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

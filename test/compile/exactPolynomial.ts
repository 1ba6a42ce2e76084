/**
 * Exact values of polynomial formulas over data, with BigInt rationals, for tests of hoisted moments: the
 * truth that both the moments and the row loop are measured against. Also a small seeded random generator.
 */
import type { Expr } from "../../src/expr/index.js";

/** Deterministic pseudo-random numbers (mulberry32), so that data of hundreds of rows costs one seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n·2^-e/q: sums over rows keep a power of two as denominator (q only comes from a mean's row count). */
interface Exact {
  readonly n: bigint;
  readonly e: bigint;
  readonly q: bigint;
}
const ZERO: Exact = { n: 0n, e: 0n, q: 1n };
const ONE: Exact = { n: 1n, e: 0n, q: 1n };
/** The exact value of a double (every finite double is m·2^-k). */
function exact(v: number): Exact {
  let e = 0n;
  let scaled = v;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    e++;
  }
  return { n: BigInt(scaled), e, q: 1n };
}
function plus(u: Exact, v: Exact): Exact {
  // biome-ignore lint/complexity/useMathMinMax: Math.max takes no BigInt
  const e = u.e > v.e ? u.e : v.e;
  const un = (u.n << (e - u.e)) * v.q;
  const vn = (v.n << (e - v.e)) * u.q;
  return { n: un + vn, e, q: u.q * v.q };
}
const times = (u: Exact, v: Exact): Exact => ({ n: u.n * v.n, e: u.e + v.e, q: u.q * v.q });
/** The double nearest to u (to well within an ulp: 70 bits of quotient). */
function toNumber(u: Exact): number {
  if (u.n === 0n) return 0;
  const n = u.n < 0n ? -u.n : u.n;
  const d = u.q << u.e;
  const shift = 70 - (n.toString(2).length - d.toString(2).length);
  const quotient = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
  const v = Number(quotient) * 2 ** -shift;
  return u.n < 0n ? -v : v;
}

/**
 * Exact value of a polynomial formula (numbers, names, +, ×, powers by naturals, sum, mean) at `values`;
 * with `magnitude`, of the formula with every number and value replaced by its absolute value and every
 * column by its largest absolute value: the scale that rounding errors of any evaluation order are
 * measured against.
 */
export function exactValue(
  root: Expr,
  point: ReadonlyMap<string, number>,
  data: ReadonlyMap<string, Float64Array>,
  magnitude = false,
): number {
  const rows = [...data.values()][0]!.length;
  const largest = new Map(
    [...data].map(([name, col]) => [name, col.reduce((m, v) => Math.max(m, Math.abs(v)), 0)]),
  );
  const at = (e: Expr, row: number, memo: Map<number, Exact>): Exact => {
    const known = memo.get(e.id);
    if (known !== undefined) return known;
    let v: Exact;
    switch (e.kind) {
      case "num":
        v = exact(magnitude ? Math.abs(e.value) : e.value);
        break;
      case "sym": {
        const column = data.get(e.name);
        const raw =
          column === undefined ? point.get(e.name)! : magnitude ? largest.get(e.name)! : column[row]!;
        v = exact(magnitude ? Math.abs(raw) : raw);
        break;
      }
      case "add":
        v = e.terms.reduce((s, t) => plus(s, at(t, row, memo)), ZERO);
        break;
      case "mul":
        v = e.factors.reduce((s, f) => times(s, at(f, row, memo)), ONE);
        break;
      case "pow": {
        const k = e.exponent.kind === "num" ? e.exponent.value : Number.NaN;
        if (!Number.isInteger(k) || k < 0) throw new Error("not a polynomial");
        const base = at(e.base, row, memo);
        v = { n: base.n ** BigInt(k), e: base.e * BigInt(k), q: base.q ** BigInt(k) };
        break;
      }
      case "reduce": {
        let total = ZERO;
        if (magnitude) total = times(at(e.body, 0, new Map()), { n: BigInt(rows), e: 0n, q: 1n });
        else for (let r = 0; r < rows; r++) total = plus(total, at(e.body, r, new Map()));
        v = e.op === "mean" ? { ...total, q: total.q * BigInt(rows) } : total;
        break;
      }
      default:
        throw new Error(`not a polynomial: ${e.kind}`);
    }
    memo.set(e.id, v);
    return v;
  };
  return toNumber(at(root, 0, new Map()));
}

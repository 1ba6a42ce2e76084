/**
 * Independent reference values of every function of the table, written from their definitions rather
 * than copied from the table (`relu` as `x > 0 ? x : 0`, `sigmoid` as `1/(1 + e^-x)`), and the sample
 * points the table tests use: a grid across each function's domain, both sides of every kink and the kink
 * itself, and points outside the domain.
 */
import type { FunctionDef } from "../../src/expr/index.js";

/** f(args) by its definition. */
export const REFERENCE: Readonly<Record<string, (...x: number[]) => number>> = {
  sin: (x) => Math.sin(x!),
  cos: (x) => Math.sin(x! + Math.PI / 2),
  tan: (x) => Math.sin(x!) / Math.cos(x!),
  asin: (x) => Math.atan2(x!, Math.sqrt(1 - x! * x!)),
  acos: (x) => Math.PI / 2 - Math.atan2(x!, Math.sqrt(1 - x! * x!)),
  atan: (x) => Math.atan2(x!, 1),
  sinh: (x) => (Math.exp(x!) - Math.exp(-x!)) / 2,
  cosh: (x) => (Math.exp(x!) + Math.exp(-x!)) / 2,
  tanh: (x) => (Math.exp(2 * x!) - 1) / (Math.exp(2 * x!) + 1),
  asinh: (x) => Math.sign(x!) * Math.log(Math.abs(x!) + Math.sqrt(x! * x! + 1)),
  acosh: (x) => Math.log(x! + Math.sqrt(x! * x! - 1)),
  atanh: (x) => 0.5 * Math.log((1 + x!) / (1 - x!)),
  exp: (x) => Math.E ** x!,
  log: (x) => Math.log(x!),
  log1p: (x) => Math.log(1 + x!),
  expm1: (x) => Math.exp(x!) - 1,
  log2: (x) => Math.log(x!) / Math.LN2,
  log10: (x) => Math.log(x!) / Math.LN10,
  sqrt: (x) => x! ** 0.5,
  cbrt: (x) => Math.sign(x!) * Math.abs(x!) ** (1 / 3),
  abs: (x) => (x! < 0 ? -x! : x!),
  sign: (x) => (x! > 0 ? 1 : x! < 0 ? -1 : 0),
  step: (x) => (x! > 0 ? 1 : 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x!)),
  softplus: (x) => Math.log(1 + Math.exp(x!)),
  // biome-ignore lint/complexity/useMathMinMax: written from the definition, not as the table writes it
  relu: (x) => (x! > 0 ? x! : 0),
  // biome-ignore lint/complexity/useMathMinMax: as above
  max: (a, b) => (a! >= b! ? a! : b!),
  // biome-ignore lint/complexity/useMathMinMax: as above
  min: (a, b) => (a! <= b! ? a! : b!),
};

/**
 * Sample points: a grid across the row's smooth sampling interval (`domain`), each kink, points on both
 * sides of it, and with `wide` also a grid across its whole domain within [-3, 3] (near poles too).
 */
export function samplePoints(fn: FunctionDef, wide = false): number[] {
  const grid = ([from, to]: readonly [number, number]) =>
    Array.from({ length: 25 }, (_, i) => from + ((to - from) * (i + 0.5)) / 25);
  const [lo, hi] = fn.defined;
  const nearKinks = fn.kinks.flatMap((k) => [-2, -1, -0.25, -1e-3, 0, 1e-3, 0.25, 1, 2].map((d) => k + d));
  const all = [...grid(fn.domain), ...nearKinks, ...(wide ? grid([Math.max(lo, -3), Math.min(hi, 3)]) : [])];
  return all.filter((x) => x > lo && x < hi);
}

/** Points outside the function's domain, where it must be NaN. */
export function outsidePoints(fn: FunctionDef): number[] {
  const [lo, hi] = fn.defined;
  return [lo - 1, lo - 1e-9, hi + 1e-9, hi + 1].filter(Number.isFinite);
}

/** Argument lists: one argument, or (a, b) with a - b at each sample point (b fixed at 0.7). */
export function argumentLists(fn: FunctionDef, wide = false): number[][] {
  return samplePoints(fn, wide).map((x) => (fn.arity === 1 ? [x] : [x + 0.7, 0.7]));
}

/**
 * exp and log of a vector without leaving WebAssembly, in f64x2 and in f32x4: fdlibm's argument reductions
 * (e_exp.c, e_log.c and their float versions e_expf.c, e_logf.c) and a series, evaluated in Horner's form.
 * Where a lane lies outside the range the polynomial handles (overflow, subnormals, zero, negatives, NaN),
 * the whole vector takes the fallback: the JavaScript function, lane by lane. Errors, measured over the
 * whole range by test/compile/wasm*.test.ts: f64 within 2 ulps of Math.exp and Math.log, f32 within
 * 1 ulp of Math.fround(Math.exp(x)) and Math.fround(Math.log(x)).
 */
import { type FunctionBody, Op, Simd, V128 } from "./encoding.js";
import type { NumberType } from "./numberType.js";

/**
 * exp: k = round(x/ln 2), r = x − k·ln 2 with ln 2 split in two so that k·LN2_HI is exact (Cody and Waite),
 * exp(r) by its Taylor polynomial (|r| ≤ 0.35; the truncation is below an eighth of an ulp: degree 13 in
 * f64, 7 in f32), times 2^k made in the exponent bits. `limit` keeps 2^k·exp(r) normal.
 */
const EXP = {
  // ln 2's leading bits (f64: 0x3fe62e42fee00000, the low 32 bits 0; f32: 0x3f317200, the low 9 bits 0)
  f64: { limit: 708, degree: 13, ln2Hi: 0.6931471803691238, ln2Lo: 1.9082149292705877e-10 },
  f32: { limit: 87, degree: 7, ln2Hi: 0.693145751953125, ln2Lo: 1.428606765330187e-6 },
} as const;

/**
 * log: x = 2^e·m with m in [√2/2, √2] read from the bits; with f = m − 1 and s = f/(2 + f) (|s| ≤ 0.172),
 * log(m) = 2 atanh(s) = 2s + R with R = 2(s³/3 + s⁵/5 + …) to s^(2·terms+1) (truncation below an eighth of
 * an ulp), added as fdlibm does, f − (f²/2 − s(f²/2 + R)), so that rounding s costs little; then e·ln 2 in
 * two parts (f32: 0x3f317180, the low 7 bits 0, so e·LN2_HI is exact). Only for positive normal numbers.
 */
const LOG = {
  f64: { terms: 11, ln2Hi: 0.6931471803691238, ln2Lo: 1.9082149292705877e-10, minNormal: 2 ** -1022 },
  f32: { terms: 4, ln2Hi: 0.6931381225585938, ln2Lo: 9.05800061445916e-6, minNormal: 2 ** -126 },
} as const;
/** The largest finite float32. */
const MAX_F32 = 3.4028234663852886e38;

/** f64 bits: the mantissa, the exponent field of 1.0, and its bias. */
const MANTISSA_F64 = (1n << 52n) - 1n;
const ONE_F64 = 1023n << 52n;
/** Bytes of the low 32 bits of each 64-bit lane, into the two low 32-bit lanes. */
const LOW_HALVES = [0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11];
/** f32 bits: the mantissa and the exponent field of 1.0. */
const MANTISSA_F32 = (1 << 23) - 1;
const ONE_F32 = 127 << 23;

/**
 * Pushes exp of the vector in local `x`, of `type`; `fallback` pushes it computed lane by lane through
 * JavaScript.
 */
export function vectorExp(body: FunctionBody, type: NumberType, x: number, fallback: () => void): void {
  const { limit, degree, ln2Hi, ln2Lo } = EXP[type.precision];
  const v = type.vector;
  const splat = (c: number) => type.vectorConstant(body, c);
  const k = body.local(V128);
  const r = body.local(V128);
  const result = body.local(V128);
  body.get(x).simd(v.abs);
  splat(limit);
  body
    .simd(v.le)
    .simd(type.lanes === 2 ? Simd.i64x2AllTrue : Simd.i32x4AllTrue)
    .begin(Op.if);
  body.get(x);
  splat(Math.LOG2E);
  body.simd(v.mul).simd(v.nearest).set(k);
  body.get(x).get(k);
  splat(ln2Hi);
  body.simd(v.mul).simd(v.sub).get(k);
  splat(ln2Lo);
  body.simd(v.mul).simd(v.sub).set(r);
  let factorial = 1;
  for (let j = 2; j <= degree; j++) factorial *= j;
  splat(1 / factorial);
  for (let j = degree - 1; j >= 0; j--) {
    factorial /= j + 1;
    body.get(r).simd(v.mul);
    splat(1 / factorial);
    body.simd(v.add);
  }
  // 2^k: k plus the bias in the exponent field
  body.get(k);
  if (type.precision === "f64") {
    body.simd(Simd.i32x4TruncSatF64x2SZero).simd(Simd.i64x2ExtendLowI32x4S);
    body.i64x2(1023n).simd(Simd.i64x2Add).i32(52).simd(Simd.i64x2Shl);
  } else body.simd(Simd.i32x4TruncSatF32x4S).i32x4(127).simd(Simd.i32x4Add).i32(23).simd(Simd.i32x4Shl);
  body.simd(v.mul).set(result);
  body.op(Op.else);
  fallback();
  body.set(result).op(Op.end).get(result);
}

/**
 * Pushes log of the vector in local `x`, of `type`; `fallback` pushes it computed lane by lane through
 * JavaScript.
 */
export function vectorLog(body: FunctionBody, type: NumberType, x: number, fallback: () => void): void {
  const { terms, ln2Hi, ln2Lo, minNormal } = LOG[type.precision];
  const v = type.vector;
  const splat = (c: number) => type.vectorConstant(body, c);
  const m = body.local(V128);
  const big = body.local(V128);
  const exponent = body.local(V128);
  const f = body.local(V128);
  const s = body.local(V128);
  const z = body.local(V128);
  const r = body.local(V128);
  const half = body.local(V128);
  const result = body.local(V128);
  body.get(x);
  splat(minNormal);
  body.simd(v.ge).get(x);
  splat(type.precision === "f64" ? Number.MAX_VALUE : MAX_F32);
  body.simd(v.le).simd(Simd.and);
  body.simd(type.lanes === 2 ? Simd.i64x2AllTrue : Simd.i32x4AllTrue).begin(Op.if);
  // m in [1, 2) and e from the bits, then m halved (and e one more) where m > √2
  if (type.precision === "f64") {
    body.get(x).i64x2(MANTISSA_F64).simd(Simd.and).i64x2(ONE_F64).simd(Simd.or).set(m);
    body.get(x).i32(52).simd(Simd.i64x2ShrU).i64x2(1023n).simd(Simd.i64x2Sub);
    body.get(x).i32(52).simd(Simd.i64x2ShrU).i64x2(1023n).simd(Simd.i64x2Sub);
    body.shuffle(LOW_HALVES).simd(Simd.convertLowI32x4S).set(exponent);
  } else {
    body.get(x).i32x4(MANTISSA_F32).simd(Simd.and).i32x4(ONE_F32).simd(Simd.or).set(m);
    body.get(x).i32(23).simd(Simd.i32x4ShrU).i32x4(127).simd(Simd.i32x4Sub);
    body.simd(Simd.f32x4ConvertI32x4S).set(exponent);
  }
  body.get(m);
  splat(Math.SQRT2);
  body.simd(v.gt).set(big);
  body.get(m);
  splat(0.5);
  body.simd(v.mul).get(m).get(big).simd(Simd.bitselect).set(m);
  body.get(exponent).get(big);
  splat(1);
  body.simd(Simd.and).simd(v.add).set(exponent);
  // f = m − 1 (exact), s = f/(2 + f), R = the series after 2s: z(2/3 + z(2/5 + …)) with z = s²; then, as
  // fdlibm adds it for accuracy, log(m) = f − (f²/2 − s(f²/2 + R)), and e·ln 2 around it
  body.get(m);
  splat(1);
  body.simd(v.sub).tee(f);
  splat(2);
  body.get(f).simd(v.add).simd(v.div).tee(s);
  body.get(s).simd(v.mul).set(z);
  splat(2 / (2 * terms + 1));
  for (let j = terms - 1; j >= 1; j--) {
    body.get(z).simd(v.mul);
    splat(2 / (2 * j + 1));
    body.simd(v.add);
  }
  body.get(z).simd(v.mul).set(r);
  splat(0.5);
  body.get(f).simd(v.mul).get(f).simd(v.mul).set(half);
  body.get(exponent);
  splat(ln2Hi);
  body.simd(v.mul);
  body.get(half).get(s).get(half).get(r).simd(v.add).simd(v.mul).get(exponent);
  splat(ln2Lo);
  body.simd(v.mul).simd(v.add).simd(v.sub).get(f).simd(v.sub).simd(v.sub).set(result);
  body.op(Op.else);
  fallback();
  body.set(result).op(Op.end).get(result);
}

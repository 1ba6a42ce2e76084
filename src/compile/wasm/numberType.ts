/**
 * The two arithmetics of the WebAssembly renderer side by side: f64 with f64x2 vectors (two rows each) and
 * f32 with f32x4 vectors (four rows each). emit.ts writes one code for both and takes its instructions
 * here; f32 instructions round every result to float32 as JavaScript's `Math.fround` of the f64 operation
 * does (IEEE 754 +, −, ×, ÷ and √ rounded twice, through f64, give the float32 result: Figueroa, "When is
 * double rounding innocuous?", 1995).
 */
import type { Precision } from "../codegen.js";
import { F32, F64, type FunctionBody, Op, Simd } from "./encoding.js";

/** The operations with one instruction in both scalar and vector form. */
export type Arithmetic = "add" | "sub" | "mul" | "div" | "neg" | "abs" | "sqrt" | "min" | "max" | "gt";

/** A number type of the generated code: its scalar and vector instructions and how it lies in memory. */
export interface NumberType {
  readonly precision: Precision;
  readonly value: typeof F64 | typeof F32;
  /** Bytes of one number in memory, and their base-2 logarithm. */
  readonly bytes: 8 | 4;
  readonly shift: 3 | 2;
  /** Numbers per 128-bit vector. */
  readonly lanes: 2 | 4;
  readonly scalar: Readonly<Record<Arithmetic, number>>;
  readonly vector: Readonly<Record<Arithmetic | "le" | "ge" | "splat" | "nearest", number>>;
  readonly load: typeof Op.f64Load | typeof Op.f32Load;
  readonly store: typeof Op.f64Store | typeof Op.f32Store;
  readonly extractLane: typeof Simd.extractLane | typeof Simd.f32x4ExtractLane;
  readonly replaceLane: typeof Simd.replaceLane | typeof Simd.f32x4ReplaceLane;
  /** Pushes `v` (rounded to the type), as a scalar or in every lane of a vector. */
  constant(body: FunctionBody, v: number): void;
  vectorConstant(body: FunctionBody, v: number): void;
}

const f64: NumberType = {
  precision: "f64",
  value: F64,
  bytes: 8,
  shift: 3,
  lanes: 2,
  scalar: {
    add: Op.f64Add,
    sub: Op.f64Sub,
    mul: Op.f64Mul,
    div: Op.f64Div,
    neg: Op.f64Neg,
    abs: Op.f64Abs,
    sqrt: Op.f64Sqrt,
    min: Op.f64Min,
    max: Op.f64Max,
    gt: Op.f64Gt,
  },
  vector: {
    add: Simd.add,
    sub: Simd.sub,
    mul: Simd.mul,
    div: Simd.div,
    neg: Simd.neg,
    abs: Simd.abs,
    sqrt: Simd.sqrt,
    min: Simd.min,
    max: Simd.max,
    gt: Simd.gt,
    le: Simd.le,
    ge: Simd.ge,
    splat: Simd.splat,
    nearest: Simd.nearest,
  },
  load: Op.f64Load,
  store: Op.f64Store,
  extractLane: Simd.extractLane,
  replaceLane: Simd.replaceLane,
  constant: (body, v) => body.f64(v),
  vectorConstant: (body, v) => body.f64x2(v),
};

const f32: NumberType = {
  precision: "f32",
  value: F32,
  bytes: 4,
  shift: 2,
  lanes: 4,
  scalar: {
    add: Op.f32Add,
    sub: Op.f32Sub,
    mul: Op.f32Mul,
    div: Op.f32Div,
    neg: Op.f32Neg,
    abs: Op.f32Abs,
    sqrt: Op.f32Sqrt,
    min: Op.f32Min,
    max: Op.f32Max,
    gt: Op.f32Gt,
  },
  vector: {
    add: Simd.f32x4Add,
    sub: Simd.f32x4Sub,
    mul: Simd.f32x4Mul,
    div: Simd.f32x4Div,
    neg: Simd.f32x4Neg,
    abs: Simd.f32x4Abs,
    sqrt: Simd.f32x4Sqrt,
    min: Simd.f32x4Min,
    max: Simd.f32x4Max,
    gt: Simd.f32x4Gt,
    le: Simd.f32x4Le,
    ge: Simd.f32x4Ge,
    splat: Simd.f32x4Splat,
    nearest: Simd.f32x4Nearest,
  },
  load: Op.f32Load,
  store: Op.f32Store,
  extractLane: Simd.f32x4ExtractLane,
  replaceLane: Simd.f32x4ReplaceLane,
  constant: (body, v) => body.f32(v),
  vectorConstant: (body, v) => body.f32x4(v),
};

/** The number type computing in `precision`. */
export const numberType = (precision: Precision): NumberType => (precision === "f32" ? f32 : f64);

/**
 * One scheduled Plan → the body of one WebAssembly function. Every node computed is a local (V8's
 * optimizing compiler keeps locals in registers and drops those never read). Scalars are f64; a loop over
 * the rows runs two rows per f64x2 vector and UNROLL vectors per iteration, each reduction with its own
 * accumulator per unrolled vector, then the rows left over one at a time; it sums in blocks (SUM_BLOCK),
 * block sums added with TwoSum exactly as the JavaScript code does (codegen.ts), so both targets have the
 * same error bound. exp and log are polynomials in f64x2; other functions without an instruction are calls
 * of imported JavaScript functions, lane by lane.
 */
import { children, type Expr, type FunctionDef, type Pow, unlowered } from "../../expr/index.js";
import { BLOCK, integerExponent, repeatable, split } from "../codegen.js";
import type { Plan } from "../schedule.js";
import { F64, type FunctionBody, I32, Op, Simd, V128 } from "./encoding.js";

/** Vectors (of two rows) per iteration of a loop over rows, each with its own accumulators. */
export const UNROLL = 2;
/** Rows per iteration of the vector loop. */
const STRIDE = 2 * UNROLL;
/**
 * Rows per block of the blocked summation: each of the STRIDE accumulator lanes sums every STRIDE-th row, so
 * a block of BLOCK·STRIDE rows has plain running sums of BLOCK terms, the error bound of a JavaScript block.
 */
const SUM_BLOCK = BLOCK * STRIDE;

/** Where a function reads what it does not compute, in the module's memory and globals. */
export interface Frame {
  /** The byte address of an input of the plan (a parameter or a data-only part). */
  input(e: Expr): number;
  /** The global holding the byte address of data column `name`'s first row. */
  column(name: string): number;
  /** The global holding the number of rows. */
  readonly rows: number;
  /** The index of the imported function computing `fn` (arguments and result f64). */
  imported(fn: FunctionDef): number;
  /** The index of the imported power function (`x ** y`). */
  readonly power: number;
}

/** A root of the plan and where its value goes: a byte address, or undefined for the function's result. */
export type Output = readonly [root: Expr, address: number | undefined];

/** Functions computed by instructions, in f64 and in f64x2; every other function is imported. */
const NATIVE: ReadonlyMap<string, { readonly f64: number; readonly f64x2: number }> = new Map([
  ["sqrt", { f64: Op.f64Sqrt, f64x2: Simd.sqrt }],
  ["abs", { f64: Op.f64Abs, f64x2: Simd.abs }],
  ["max", { f64: Op.f64Max, f64x2: Simd.max }],
  ["min", { f64: Op.f64Min, f64x2: Simd.min }],
  ["relu", { f64: Op.f64Max, f64x2: Simd.max }], // max(x, 0), the zero pushed by the caller
]);

/** Functions computed by a few instructions in f64x2 (below): step, and exp and log as polynomials. */
const COMPUTED: ReadonlySet<string> = new Set(["step", "exp", "log"]);

/**
 * exp in f64x2 without leaving WebAssembly (Cody and Waite's reduction, as fdlibm's exp does): k = round(x/ln 2),
 * r = x - k ln 2 with ln 2 split in two so k·LN2_HI is exact, exp(r) by its Taylor polynomial to degree 13
 * (|r| ≤ 0.35, truncation below 1e-17 relative) in Horner's form, times 2^k built in the exponent bits.
 * Within 2 ulps of Math.exp; for |x| > EXP_POLYNOMIAL (overflow, subnormal results, NaN) Math.exp is called.
 */
/** ln 2's leading bits (0x3fe62e42fee00000: the low 32 bits are 0, so k·LN2_HI is exact), and the rest. */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const EXP_POLYNOMIAL = 708;
const EXP_DEGREE = 13;

/**
 * log in f64x2 (as fdlibm's log reduces): x = 2^e·m with m in [√2/2, √2] read from the bits, then
 * log(m) = 2 atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m - 1)/(m + 1), |s| ≤ 0.172, to s^(2·LOG_TERMS+1)
 * (truncation below 1e-17 relative), plus e·ln 2 in two parts. Within 2 ulps of Math.log; Math.log is
 * called for anything but positive normal numbers (0, negatives, subnormals, infinity, NaN).
 */
const LOG_TERMS = 11;
const MIN_NORMAL = 2 ** -1022;
const MANTISSA = (1n << 52n) - 1n;
const EXPONENT_ZERO = 1023n << 52n;
/** Bytes of the low 32 bits of each 64-bit lane, into the two low 32-bit lanes. */
const LOW_HALVES = [0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11];

/**
 * Whether a loop of `plan` over the rows calls into JavaScript (an imported function, or a power that is not
 * a short product), row by row and lane by lane: then the loop costs about what the JavaScript one does.
 */
export function callsJavaScriptPerRow(plan: Plan): boolean {
  return plan.levels.some((level) =>
    level.rows.some(
      (e) =>
        (e.kind === "call" && !NATIVE.has(e.fn.name) && !COMPUTED.has(e.fn.name)) ||
        (e.kind === "pow" && integerExponent(e) !== -1 && !repeatable(integerExponent(e))),
    ),
  );
}

type Mode = "f64" | "f64x2";

/** Writes into `body` (a function without parameters, or with only the row count) the code of `plan`. */
export function emitPlan(body: FunctionBody, plan: Plan, frame: Frame, outputs: readonly Output[]): void {
  const isRow = (e: Expr) => plan.rowwise.has(e.id);
  const inputs = new Set(plan.inputs.map((e) => e.id));
  /** Whether `e`'s children are at hand in the current mode: computed, not an input loaded whole. */
  const open = (e: Expr) => !inputs.has(e.id) && (isRow(e) || !vector());
  const scalars = new Map<number, number>(); // node → f64 local
  const splats = new Map<number, number>(); // scalar node → v128 local holding it in both lanes
  let rows = new Map<number, number>(); // row node → local of the current mode, inside a loop
  let mode: Mode = "f64";
  let rowOffset = 0; // byte offset of the current vector from row i, in an unrolled iteration
  const bases = new Map<number, number>(); // column global → i32 local with its address
  const rowCount = body.local(I32);
  body.index(Op.globalGet, frame.rows).set(rowCount);
  const rowsF64 = body.local(F64);
  body.get(rowCount).op(Op.f64ConvertI32S).set(rowsF64);
  const offset = body.local(I32); // i * 8, the byte offset of row i

  const vector = () => mode === "f64x2";
  const binary = (scalar: number, simd: number) => (vector() ? body.simd(simd) : body.op(scalar));
  const number = (v: number) => (vector() ? body.f64x2(v) : body.f64(v));

  const push = (e: Expr): void => {
    if (e.kind === "num") number(e.value);
    else if (isRow(e)) body.get(rows.get(e.id)!);
    else if (vector()) body.get(splats.get(e.id)!);
    else body.get(scalars.get(e.id)!);
  };

  /** `c` times the factors `rest`, factors `b^-1` as divisions after the others. */
  const product = (rest: readonly Expr[], c: number) => {
    // a scalar 1/b inside a loop, or an input, is read as it is (its base is not at hand)
    const over = (f: Expr): f is Pow => f.kind === "pow" && integerExponent(f) === -1 && open(f);
    let pushed = c !== 1 && c !== -1;
    if (pushed) number(c);
    for (const f of rest.filter((f) => !over(f))) {
      push(f);
      if (pushed) binary(Op.f64Mul, Simd.mul);
      pushed = true;
    }
    if (!pushed) number(1);
    for (const f of rest.filter(over)) {
      push(f.base);
      binary(Op.f64Div, Simd.div);
    }
    if (c === -1) binary(Op.f64Neg, Simd.neg);
  };

  /** `fn` of the pushed-by-`args` arguments through an import: one call per lane in f64x2. */
  const callImported = (index: number, args: readonly Expr[]) => {
    if (!vector()) {
      for (const a of args) push(a);
      body.index(Op.call, index);
      return;
    }
    for (const lane of [0, 1]) {
      for (const a of args) {
        push(a);
        body.lane(Simd.extractLane, lane);
      }
      body.index(Op.call, index);
      if (lane === 0) body.simd(Simd.splat);
      else body.lane(Simd.replaceLane, 1);
    }
  };

  /** Pushes exp of `e`'s argument, in f64x2 (see LN2_HI). */
  const vectorExp = (e: Expr & { kind: "call" }) => {
    const x = body.local(V128);
    const k = body.local(V128);
    const r = body.local(V128);
    const result = body.local(V128);
    push(e.args[0]!);
    body.tee(x).simd(Simd.abs).f64x2(EXP_POLYNOMIAL).simd(Simd.le).simd(Simd.i64x2AllTrue).begin(Op.if);
    {
      body.get(x).f64x2(Math.LOG2E).simd(Simd.mul).simd(Simd.nearest).set(k);
      body.get(x).get(k).f64x2(LN2_HI).simd(Simd.mul).simd(Simd.sub);
      body.get(k).f64x2(LN2_LO).simd(Simd.mul).simd(Simd.sub).set(r);
      let factorial = 1;
      for (let j = 2; j <= EXP_DEGREE; j++) factorial *= j;
      body.f64x2(1 / factorial);
      for (let j = EXP_DEGREE - 1; j >= 0; j--) {
        factorial /= j + 1;
        body
          .get(r)
          .simd(Simd.mul)
          .f64x2(1 / factorial)
          .simd(Simd.add);
      }
      // 2^k: k + 1023 in the exponent field
      body.get(k).simd(Simd.i32x4TruncSatF64x2SZero).simd(Simd.i64x2ExtendLowI32x4S);
      body.i64x2(1023n).simd(Simd.i64x2Add).i32(52).simd(Simd.i64x2Shl);
      body.simd(Simd.mul).set(result);
    }
    body.op(Op.else);
    callImported(frame.imported(e.fn), e.args);
    body.set(result).op(Op.end).get(result);
  };

  /** Pushes log of `e`'s argument, in f64x2 (see LOG_TERMS). */
  const vectorLog = (e: Expr & { kind: "call" }) => {
    const x = body.local(V128);
    const m = body.local(V128);
    const big = body.local(V128);
    const exponent = body.local(V128);
    const s = body.local(V128);
    const z = body.local(V128);
    const result = body.local(V128);
    push(e.args[0]!);
    body.tee(x).f64x2(MIN_NORMAL).simd(Simd.ge);
    body.get(x).f64x2(Number.MAX_VALUE).simd(Simd.le).simd(Simd.and).simd(Simd.i64x2AllTrue).begin(Op.if);
    // m in [1, 2) and e from the bits, then m halved (and e one more) where m > √2
    body.get(x).i64x2(MANTISSA).simd(Simd.and).i64x2(EXPONENT_ZERO).simd(Simd.or).set(m);
    body.get(m).f64x2(Math.SQRT2).simd(Simd.gt).set(big);
    body.get(m).f64x2(0.5).simd(Simd.mul).get(m).get(big).simd(Simd.bitselect).set(m);
    body.get(x).i32(52).simd(Simd.i64x2ShrU).i64x2(1023n).simd(Simd.i64x2Sub);
    body.get(x).i32(52).simd(Simd.i64x2ShrU).i64x2(1023n).simd(Simd.i64x2Sub);
    body.shuffle(LOW_HALVES).simd(Simd.convertLowI32x4S);
    body.get(big).f64x2(1).simd(Simd.and).simd(Simd.add).set(exponent);
    body.get(m).f64x2(1).simd(Simd.sub).get(m).f64x2(1).simd(Simd.add).simd(Simd.div).tee(s);
    body.get(s).simd(Simd.mul).set(z);
    body.f64x2(2 / (2 * LOG_TERMS + 1));
    for (let j = LOG_TERMS - 1; j >= 0; j--)
      body
        .get(z)
        .simd(Simd.mul)
        .f64x2(2 / (2 * j + 1))
        .simd(Simd.add);
    body.get(s).simd(Simd.mul).get(exponent).f64x2(LN2_LO).simd(Simd.mul).simd(Simd.add);
    body.get(exponent).f64x2(LN2_HI).simd(Simd.mul).simd(Simd.add).set(result);
    body.op(Op.else);
    callImported(frame.imported(e.fn), e.args);
    body.set(result).op(Op.end).get(result);
  };

  /** Pushes the value of `e`, computed from its children. */
  const compute = (e: Expr): void => {
    switch (e.kind) {
      case "num":
        number(e.value);
        return;
      case "sym": {
        // a data column, read at row i (a parameter or a constant is an input, loaded before)
        body
          .get(bases.get(frame.column(e.name))!)
          .get(offset)
          .op(Op.i32Add);
        if (vector()) body.load128(rowOffset);
        else body.memory(Op.f64Load, 0);
        return;
      }
      case "add":
        e.terms.forEach((t, k) => {
          const negative = k > 0 && t.kind === "mul" && split(t.factors).c < 0 && open(t);
          if (negative) product(split(t.factors).rest, -split(t.factors).c);
          else push(t);
          if (k > 0) binary(negative ? Op.f64Sub : Op.f64Add, negative ? Simd.sub : Simd.add);
        });
        return;
      case "mul": {
        const { c, rest } = split(e.factors);
        product(rest, c);
        return;
      }
      case "pow": {
        const k = integerExponent(e);
        if (k === -1 || (repeatable(k) && k < 0)) number(1);
        if (repeatable(k)) {
          push(e.base);
          for (let j = 1; j < Math.abs(k); j++) {
            push(e.base);
            binary(Op.f64Mul, Simd.mul);
          }
        } else if (k === -1) push(e.base);
        else callImported(frame.power, [e.base, e.exponent]);
        if (k === -1 || (repeatable(k) && k < 0)) binary(Op.f64Div, Simd.div);
        return;
      }
      case "call": {
        const native = NATIVE.get(e.fn.name);
        if (e.fn.name === "exp" && vector()) vectorExp(e);
        else if (e.fn.name === "log" && vector()) vectorLog(e);
        else if (native !== undefined) {
          for (const a of e.args) push(a);
          if (e.fn.name === "relu") number(0);
          binary(native.f64, native.f64x2);
        } else if (e.fn.name === "step") {
          // x > 0 ? 1 : 0 (0 for NaN, as in JavaScript)
          if (vector()) {
            push(e.args[0]!);
            body.f64x2(0).simd(Simd.gt).f64x2(1).simd(Simd.and);
          } else {
            body.f64(1).f64(0);
            push(e.args[0]!);
            body.f64(0).op(Op.f64Gt).op(Op.select);
          }
        } else callImported(frame.imported(e.fn), e.args);
        return;
      }
      case "reduce": // of a scalar: sum(c) = n*c, mean(c) = c
        push(e.body);
        if (e.op === "sum") body.get(rowsF64).op(Op.f64Mul);
        return;
      case "matmul":
      case "transpose":
      case "along":
      case "size":
        throw unlowered(e);
      default:
        e satisfies never;
    }
  };

  /** Computes `e` into a new local of the current mode, recorded in `into`. */
  const define = (e: Expr, into: Map<number, number>) => {
    compute(e);
    const local = into.get(e.id) ?? body.local(vector() ? V128 : F64);
    body.set(local);
    into.set(e.id, local);
  };

  for (const e of plan.inputs) {
    const local = body.local(F64);
    body.i32(0).memory(Op.f64Load, frame.input(e)).set(local);
    scalars.set(e.id, local);
  }

  /** A reduction's accumulated term: its body without a numeric factor, which is applied to the total. */
  const term = (body: Expr) => {
    const { c, rest } = body.kind === "mul" ? split(body.factors) : { c: 1, rest: [] };
    return { c, rest };
  };
  const pushTerm = (r: { c: number; rest: readonly Expr[]; body: Expr }) => {
    if (r.c === 1) push(r.body);
    else product(r.rest, 1);
  };

  plan.levels.forEach((level, l) => {
    if (l > 0) {
      const sums = level.reductions.map((r) => ({
        r,
        body: r.body,
        ...term(r.body),
        total: body.local(F64),
        error: body.local(F64),
        block: body.local(F64),
        accumulators: Array.from({ length: UNROLL }, () => body.local(V128)),
      }));
      // scalars the rows read, in both lanes of a vector, made once before the loop
      for (const e of level.rows)
        for (const c of children(e))
          if (!isRow(c) && c.kind !== "num" && !splats.has(c.id)) {
            const local = body.local(V128);
            body.get(scalars.get(c.id)!).simd(Simd.splat).set(local);
            splats.set(c.id, local);
          }
      for (const e of level.rows)
        if (e.kind === "sym" && !bases.has(frame.column(e.name))) {
          const local = body.local(I32);
          bases.set(frame.column(e.name), local);
        }
      for (const [global, local] of bases) body.index(Op.globalGet, global).set(local);
      const lo = body.local(I32);
      const hi = body.local(I32);
      const i = body.local(I32);
      const u = body.local(F64);
      const z = body.local(F64);
      const computeRows = () => {
        for (const e of level.rows) define(e, rows);
      };
      body.i32(0).set(lo);
      body.begin(Op.loop);
      // hi = min(lo + SUM_BLOCK, n)
      body.get(rowCount).get(lo).i32(SUM_BLOCK).op(Op.i32Add).tee(hi).get(hi).get(rowCount).op(Op.i32GtS);
      body.op(Op.select).set(hi);
      for (const s of sums) for (const a of s.accumulators) body.f64x2(0).set(a);
      body.get(lo).set(i);
      // two rows per vector, UNROLL vectors per iteration
      body.get(i).i32(STRIDE).op(Op.i32Add).get(hi).op(Op.i32LeS).begin(Op.if).begin(Op.loop);
      mode = "f64x2";
      rows = new Map();
      body.get(i).i32(3).op(Op.i32Shl).set(offset);
      for (let v = 0; v < UNROLL; v++) {
        rowOffset = 16 * v;
        computeRows();
        for (const s of sums) {
          body.get(s.accumulators[v]!);
          pushTerm(s);
          body.simd(Simd.add).set(s.accumulators[v]!);
        }
      }
      rowOffset = 0;
      mode = "f64";
      body.get(i).i32(STRIDE).op(Op.i32Add).tee(i).i32(STRIDE).op(Op.i32Add).get(hi).op(Op.i32LeS);
      body.index(Op.brIf, 0);
      body.op(Op.end).op(Op.end);
      for (const s of sums) {
        body.get(s.accumulators[0]!);
        for (let v = 1; v < UNROLL; v++) body.get(s.accumulators[v]!).simd(Simd.add);
        body.tee(s.accumulators[0]!).lane(Simd.extractLane, 0);
        body.get(s.accumulators[0]!).lane(Simd.extractLane, 1).op(Op.f64Add).set(s.block);
      }
      // the rows left over, one at a time
      body.get(i).get(hi).op(Op.i32LtS).begin(Op.if).begin(Op.loop);
      rows = new Map();
      body.get(i).i32(3).op(Op.i32Shl).set(offset);
      computeRows();
      for (const s of sums) {
        body.get(s.block);
        pushTerm(s);
        body.op(Op.f64Add).set(s.block);
      }
      body.get(i).i32(1).op(Op.i32Add).tee(i).get(hi).op(Op.i32LtS).index(Op.brIf, 0);
      body.op(Op.end).op(Op.end);
      rows = new Map();
      // the first block's sum is the total so far; later ones are added with TwoSum, errors collected
      body.get(lo).op(Op.i32Eqz).begin(Op.if);
      for (const s of sums) body.get(s.block).set(s.total).f64(0).set(s.error);
      body.op(Op.else);
      for (const s of sums) {
        body.get(s.total).get(s.block).op(Op.f64Add).set(u);
        body.get(u).get(s.total).op(Op.f64Sub).set(z);
        body.get(s.error).get(s.total).get(u).get(z).op(Op.f64Sub).op(Op.f64Sub);
        body.get(s.block).get(z).op(Op.f64Sub).op(Op.f64Add).op(Op.f64Add).set(s.error);
        body.get(u).set(s.total);
      }
      body.op(Op.end);
      body.get(lo).i32(SUM_BLOCK).op(Op.i32Add).tee(lo).get(rowCount).op(Op.i32LtS).index(Op.brIf, 0);
      body.op(Op.end);
      for (const s of sums) {
        if (s.c !== 1) body.f64(s.c);
        body.get(s.total).get(s.error).op(Op.f64Add);
        if (s.c !== 1) body.op(Op.f64Mul);
        if (s.r.op === "mean") body.get(rowsF64).op(Op.f64Div);
        const local = body.local(F64);
        body.set(local);
        scalars.set(s.r.id, local);
      }
    }
    for (const e of level.scalars) if (!scalars.has(e.id)) define(e, scalars);
  });
  let result: Expr | undefined;
  for (const [root, address] of outputs) {
    if (address === undefined) result = root;
    else {
      body.i32(0);
      push(root);
      body.memory(Op.f64Store, address);
    }
  }
  if (result !== undefined) push(result);
}

/**
 * One scheduled Plan → the body of one WebAssembly function, in f64 or in f32 (numberType.ts). Every node
 * computed is a local (V8's optimizing compiler keeps locals in registers and drops those never read). A
 * loop over the rows runs a vector of rows at a time (two per f64x2, four per f32x4), UNROLL vectors per
 * iteration, each reduction with its own accumulator per unrolled vector, then the rows left over one at a
 * time; it sums in blocks (below), block sums added with TwoSum as the JavaScript code does (codegen.ts), so
 * both targets have the same error bound. exp and log are polynomials in vectors (polynomials.ts); other
 * functions without an instruction are calls of imported JavaScript functions (in f64), lane by lane.
 *
 * f32 computes as the JavaScript f32 code does, operation for operation (each instruction rounds to float32
 * as `Math.fround` does; `sum(c)` and `mean`'s division by n in f64, then rounded), so the two agree bit for
 * bit where they add in the same order: over fewer rows than one vector iteration (rows one at a time, left
 * to right) with imported exp and log. Over more, each accumulator lane sums every stride-th row.
 */
import { children, type Expr, type FunctionDef, type Pow, unlowered } from "../../expr/index.js";
import { BLOCK, BLOCK_F32, integerExponent, repeatable, split } from "../codegen.js";
import type { Plan } from "../schedule.js";
import { F64, type FunctionBody, I32, Op, Simd, V128 } from "./encoding.js";
import type { Arithmetic, NumberType } from "./numberType.js";
import { vectorExp, vectorLog } from "./polynomials.js";

/** Vectors per iteration of a loop over rows, each with its own accumulators. */
export const UNROLL = 2;
/** Rows per iteration of the vector loop: two vectors of two f64 or of four f32. */
const stride = (type: NumberType) => type.lanes * UNROLL;
/**
 * Rows per block of the blocked summation: each of the stride's accumulator lanes sums every stride-th row,
 * so a block of BLOCK·stride rows (BLOCK_F32·stride in f32) has plain running sums of BLOCK (BLOCK_F32)
 * terms, the error bound of a JavaScript block; the lanes' sums and the rows left over are then added to
 * the block's sum, which is added to the total with TwoSum.
 */
const sumBlock = (type: NumberType) => (type.precision === "f32" ? BLOCK_F32 : BLOCK) * stride(type);

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

/** Functions computed by one instruction, scalar or vector; every other function is imported. */
const NATIVE: ReadonlyMap<string, Arithmetic> = new Map([
  ["sqrt", "sqrt"],
  ["abs", "abs"],
  ["max", "max"],
  ["min", "min"],
  ["relu", "max"], // max(x, 0), the zero pushed by the caller
] as const);

/** Functions computed by a few instructions in vectors: step, and exp and log as polynomials. */
const COMPUTED: ReadonlySet<string> = new Set(["step", "exp", "log"]);

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

/**
 * Writes into `body` (a function without parameters, or with only the row count) the code of `plan`,
 * computing in `type`: inputs are read and outputs written as numbers of that type.
 */
export function emitPlan(
  body: FunctionBody,
  plan: Plan,
  frame: Frame,
  outputs: readonly Output[],
  type: NumberType,
): void {
  const isRow = (e: Expr) => plan.rowwise.has(e.id);
  const inputs = new Set(plan.inputs.map((e) => e.id));
  /** Whether `e`'s children are at hand in the current mode: computed, not an input loaded whole. */
  const open = (e: Expr) => !inputs.has(e.id) && (isRow(e) || !vector());
  const scalars = new Map<number, number>(); // node → scalar local
  const splats = new Map<number, number>(); // scalar node → v128 local holding it in every lane
  let rows = new Map<number, number>(); // row node → local of the current mode, inside a loop
  let inVector = false;
  let rowOffset = 0; // byte offset of the current vector from row i, in an unrolled iteration
  const bases = new Map<number, number>(); // column global → i32 local with its address
  const rowCount = body.local(I32);
  body.index(Op.globalGet, frame.rows).set(rowCount);
  const rowsF64 = body.local(F64);
  body.get(rowCount).op(Op.f64ConvertI32S).set(rowsF64);
  const offset = body.local(I32); // i times the number's size, the byte offset of row i
  const f32 = type.precision === "f32";

  const vector = () => inVector;
  const binary = (op: Arithmetic) => (vector() ? body.simd(type.vector[op]) : body.op(type.scalar[op]));
  const number = (v: number) => (vector() ? type.vectorConstant(body, v) : type.constant(body, v));
  /** The scalar on the stack times or divided by the number of rows, in f64 (then rounded, in f32). */
  const byRows = (op: typeof Op.f64Mul | typeof Op.f64Div) => {
    if (f32) body.op(Op.f64PromoteF32);
    body.get(rowsF64).op(op);
    if (f32) body.op(Op.f32DemoteF64);
  };

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
      if (pushed) binary("mul");
      pushed = true;
    }
    if (!pushed) number(1);
    for (const f of rest.filter(over)) {
      push(f.base);
      binary("div");
    }
    if (c === -1) binary("neg");
  };

  /**
   * `fn` of the pushed-by-`args` arguments through an import (f64: in f32 the arguments are widened and the
   * result rounded, as `Math.fround(fn(…))` is): one call per lane in a vector.
   */
  const callImported = (index: number, args: readonly Expr[]) => {
    const call = () => {
      body.index(Op.call, index);
      if (f32) body.op(Op.f32DemoteF64);
    };
    if (!vector()) {
      for (const a of args) {
        push(a);
        if (f32) body.op(Op.f64PromoteF32);
      }
      call();
      return;
    }
    for (let lane = 0; lane < type.lanes; lane++) {
      for (const a of args) {
        push(a);
        body.lane(type.extractLane, lane);
        if (f32) body.op(Op.f64PromoteF32);
      }
      call();
      if (lane === 0) body.simd(type.vector.splat);
      else body.lane(type.replaceLane, lane);
    }
  };

  /** Pushes exp or log of `e`'s argument in a vector, as a polynomial (polynomials.ts). */
  const polynomial = (kernel: typeof vectorExp, e: Expr & { kind: "call" }) => {
    const x = body.local(V128);
    push(e.args[0]!);
    body.set(x);
    kernel(body, type, x, () => callImported(frame.imported(e.fn), e.args));
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
        else body.memory(type.load, 0);
        return;
      }
      case "add":
        e.terms.forEach((t, k) => {
          const negative = k > 0 && t.kind === "mul" && split(t.factors).c < 0 && open(t);
          if (negative) product(split(t.factors).rest, -split(t.factors).c);
          else push(t);
          if (k > 0) binary(negative ? "sub" : "add");
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
            binary("mul");
          }
        } else if (k === -1) push(e.base);
        else callImported(frame.power, [e.base, e.exponent]);
        if (k === -1 || (repeatable(k) && k < 0)) binary("div");
        return;
      }
      case "call": {
        const native = NATIVE.get(e.fn.name);
        if (e.fn.name === "exp" && vector()) polynomial(vectorExp, e);
        else if (e.fn.name === "log" && vector()) polynomial(vectorLog, e);
        else if (native !== undefined) {
          for (const a of e.args) push(a);
          if (e.fn.name === "relu") number(0);
          binary(native);
        } else if (e.fn.name === "step") {
          // x > 0 ? 1 : 0 (0 for NaN, as in JavaScript): the comparison's mask of 1's bits, or a select
          if (vector()) {
            push(e.args[0]!);
            number(0);
            binary("gt");
            number(1);
            body.simd(Simd.and);
          } else {
            number(1);
            number(0);
            push(e.args[0]!);
            number(0);
            binary("gt");
            body.op(Op.select);
          }
        } else callImported(frame.imported(e.fn), e.args);
        return;
      }
      case "reduce": // of a scalar: sum(c) = n*c, mean(c) = c
        push(e.body);
        if (e.op === "sum") byRows(Op.f64Mul);
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
    const local = into.get(e.id) ?? body.local(vector() ? V128 : type.value);
    body.set(local);
    into.set(e.id, local);
  };

  for (const e of plan.inputs) {
    const local = body.local(type.value);
    body.i32(0).memory(type.load, frame.input(e)).set(local);
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
        total: body.local(type.value),
        error: body.local(type.value),
        block: body.local(type.value),
        accumulators: Array.from({ length: UNROLL }, () => body.local(V128)),
      }));
      // scalars the rows read, in every lane of a vector, made once before the loop
      for (const e of level.rows)
        for (const c of children(e))
          if (!isRow(c) && c.kind !== "num" && !splats.has(c.id)) {
            const local = body.local(V128);
            body.get(scalars.get(c.id)!).simd(type.vector.splat).set(local);
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
      const u = body.local(type.value);
      const z = body.local(type.value);
      const block = sumBlock(type);
      const step = stride(type);
      const computeRows = () => {
        for (const e of level.rows) define(e, rows);
      };
      body.i32(0).set(lo);
      body.begin(Op.loop);
      // hi = min(lo + block, n)
      body.get(rowCount).get(lo).i32(block).op(Op.i32Add).tee(hi).get(hi).get(rowCount).op(Op.i32GtS);
      body.op(Op.select).set(hi);
      for (const s of sums)
        for (const a of s.accumulators) {
          type.vectorConstant(body, 0);
          body.set(a);
        }
      body.get(lo).set(i);
      // a vector of rows at a time, UNROLL vectors per iteration
      body.get(i).i32(step).op(Op.i32Add).get(hi).op(Op.i32LeS).begin(Op.if).begin(Op.loop);
      inVector = true;
      rows = new Map();
      body.get(i).i32(type.shift).op(Op.i32Shl).set(offset);
      for (let v = 0; v < UNROLL; v++) {
        rowOffset = 16 * v;
        computeRows();
        for (const s of sums) {
          body.get(s.accumulators[v]!);
          pushTerm(s);
          binary("add");
          body.set(s.accumulators[v]!);
        }
      }
      rowOffset = 0;
      inVector = false;
      body.get(i).i32(step).op(Op.i32Add).tee(i).i32(step).op(Op.i32Add).get(hi).op(Op.i32LeS);
      body.index(Op.brIf, 0);
      body.op(Op.end).op(Op.end);
      for (const s of sums) {
        body.get(s.accumulators[0]!);
        for (let v = 1; v < UNROLL; v++) body.get(s.accumulators[v]!).simd(type.vector.add);
        body.tee(s.accumulators[0]!).lane(type.extractLane, 0);
        for (let lane = 1; lane < type.lanes; lane++)
          body.get(s.accumulators[0]!).lane(type.extractLane, lane).op(type.scalar.add);
        body.set(s.block);
      }
      // the rows left over, one at a time
      body.get(i).get(hi).op(Op.i32LtS).begin(Op.if).begin(Op.loop);
      rows = new Map();
      body.get(i).i32(type.shift).op(Op.i32Shl).set(offset);
      computeRows();
      for (const s of sums) {
        body.get(s.block);
        pushTerm(s);
        binary("add");
        body.set(s.block);
      }
      body.get(i).i32(1).op(Op.i32Add).tee(i).get(hi).op(Op.i32LtS).index(Op.brIf, 0);
      body.op(Op.end).op(Op.end);
      rows = new Map();
      // the first block's sum is the total so far; later ones are added with TwoSum, errors collected
      body.get(lo).op(Op.i32Eqz).begin(Op.if);
      for (const s of sums) {
        body.get(s.block).set(s.total);
        number(0);
        body.set(s.error);
      }
      body.op(Op.else);
      const { add, sub } = type.scalar;
      for (const s of sums) {
        body.get(s.total).get(s.block).op(add).set(u);
        body.get(u).get(s.total).op(sub).set(z);
        body.get(s.error).get(s.total).get(u).get(z).op(sub).op(sub);
        body.get(s.block).get(z).op(sub).op(add).op(add).set(s.error);
        body.get(u).set(s.total);
      }
      body.op(Op.end);
      body.get(lo).i32(block).op(Op.i32Add).tee(lo).get(rowCount).op(Op.i32LtS).index(Op.brIf, 0);
      body.op(Op.end);
      for (const s of sums) {
        if (s.c !== 1) number(s.c);
        body.get(s.total).get(s.error);
        binary("add");
        if (s.c !== 1) binary("mul");
        if (s.r.op === "mean") byRows(Op.f64Div);
        const local = body.local(type.value);
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
      body.memory(type.store, address);
    }
  }
  if (result !== undefined) push(result);
}

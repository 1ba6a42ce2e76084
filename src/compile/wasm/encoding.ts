/**
 * The WebAssembly binary format, as much of it as the renderer needs: LEB128 numbers, function bodies built
 * instruction by instruction (with typed locals), and a module of types, imports (functions, memory,
 * globals), functions, globals and exports. Module-building is synchronous and needs no toolchain: the
 * bytes go straight to `new WebAssembly.Module`. Opcodes from the WebAssembly 2.0 specification, §5.4
 * (SIMD instructions are 0xFD followed by their number).
 */

/** Value types. */
export const I32 = 0x7f as const;
export const F32 = 0x7d as const;
export const F64 = 0x7c as const;
export const V128 = 0x7b as const;
export type ValueType = 0x7f | 0x7d | 0x7c | 0x7b;

/** A growable byte buffer. */
class Bytes {
  private data = new Uint8Array(256);
  length = 0;
  private static readonly scratch = new DataView(new ArrayBuffer(8));

  private room(n: number): void {
    if (this.length + n <= this.data.length) return;
    const bigger = new Uint8Array(Math.max(this.data.length * 2, this.length + n));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  byte(b: number): this {
    this.room(1);
    this.data[this.length++] = b;
    return this;
  }

  bytes(bs: ArrayLike<number>): this {
    this.room(bs.length);
    this.data.set(bs, this.length);
    this.length += bs.length;
    return this;
  }

  /** An unsigned LEB128 number. */
  u32(v: number): this {
    let x = v >>> 0;
    do {
      const b = x & 0x7f;
      x >>>= 7;
      this.byte(x === 0 ? b : b | 0x80);
    } while (x !== 0);
    return this;
  }

  /** A signed LEB128 number. */
  s32(v: number): this {
    let x = v | 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  f64(v: number): this {
    Bytes.scratch.setFloat64(0, v, true);
    for (let k = 0; k < 8; k++) this.byte(Bytes.scratch.getUint8(k));
    return this;
  }

  /** `v` rounded to float32 (as Math.fround does). */
  f32(v: number): this {
    Bytes.scratch.setFloat32(0, v, true);
    for (let k = 0; k < 4; k++) this.byte(Bytes.scratch.getUint8(k));
    return this;
  }

  /** A length-prefixed UTF-8 name. */
  name(s: string): this {
    const utf8 = new TextEncoder().encode(s);
    return this.u32(utf8.length).bytes(utf8);
  }

  /** `content` prefixed by its length. */
  sized(content: Bytes): this {
    return this.u32(content.length).bytes(content.view());
  }

  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

/** Scalar opcodes used (one byte each). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  f32Const: 0x43,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  f32Gt: 0x5e,
  f64Gt: 0x64,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Xor: 0x73,
  i32Shl: 0x74,
  f32Abs: 0x8b,
  f32Neg: 0x8c,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32Min: 0x96,
  f32Max: 0x97,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD opcodes used (after the 0xFD prefix); unprefixed float ones are f64x2's. */
export const Simd = {
  load: 0x00,
  const: 0x0c,
  shuffle: 0x0d,
  f32x4Splat: 0x13,
  splat: 0x14,
  f32x4ExtractLane: 0x1f,
  f32x4ReplaceLane: 0x20,
  extractLane: 0x21,
  replaceLane: 0x22,
  f32x4Gt: 0x44,
  f32x4Le: 0x45,
  f32x4Ge: 0x46,
  gt: 0x4a,
  le: 0x4b,
  ge: 0x4c,
  and: 0x4e,
  or: 0x50,
  bitselect: 0x52,
  f32x4Nearest: 0x6a,
  nearest: 0x94,
  i32x4AllTrue: 0xa3,
  i32x4Shl: 0xab,
  i32x4ShrU: 0xad,
  i32x4Add: 0xae,
  i32x4Sub: 0xb1,
  i64x2AllTrue: 0xc3,
  i64x2ExtendLowI32x4S: 0xc7,
  i64x2Shl: 0xcb,
  i64x2ShrU: 0xcd,
  i64x2Add: 0xce,
  i64x2Sub: 0xd1,
  i32x4TruncSatF32x4S: 0xf8,
  f32x4ConvertI32x4S: 0xfa,
  i32x4TruncSatF64x2SZero: 0xfc,
  convertLowI32x4S: 0xfe,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  abs: 0xec,
  neg: 0xed,
  sqrt: 0xef,
  add: 0xf0,
  sub: 0xf1,
  mul: 0xf2,
  div: 0xf3,
  min: 0xf4,
  max: 0xf5,
} as const;

/** The block type of a block, loop or if that leaves nothing on the stack. */
const EMPTY = 0x40;

/** A function body under construction: its locals (after the parameters) and its instructions. */
export class FunctionBody {
  private readonly code = new Bytes();
  private readonly locals: ValueType[] = [];

  constructor(readonly params: readonly ValueType[]) {}

  /** A new local of `type`; its index. */
  local(type: ValueType): number {
    return this.params.length + this.locals.push(type) - 1;
  }

  get localCount(): number {
    return this.locals.length;
  }

  get size(): number {
    return this.code.length;
  }

  op(opcode: number): this {
    this.code.byte(opcode);
    return this;
  }

  /** An instruction with one unsigned immediate (local, global, function index, branch depth). */
  index(opcode: number, k: number): this {
    this.code.byte(opcode).u32(k);
    return this;
  }

  get(k: number): this {
    return this.index(Op.localGet, k);
  }

  set(k: number): this {
    return this.index(Op.localSet, k);
  }

  tee(k: number): this {
    return this.index(Op.localTee, k);
  }

  i32(v: number): this {
    this.code.byte(Op.i32Const).s32(v);
    return this;
  }

  f64(v: number): this {
    this.code.byte(Op.f64Const).f64(v);
    return this;
  }

  /** f32.const of `v` rounded to float32. */
  f32(v: number): this {
    this.code.byte(Op.f32Const).f32(v);
    return this;
  }

  /** A block, loop or if without results. */
  begin(opcode: typeof Op.block | typeof Op.loop | typeof Op.if): this {
    this.code.byte(opcode).byte(EMPTY);
    return this;
  }

  /** A scalar load or store at the address on the stack plus `offset`, aligned to its size. */
  memory(
    opcode:
      | typeof Op.f64Load
      | typeof Op.f64Store
      | typeof Op.f32Load
      | typeof Op.f32Store
      | typeof Op.i32Load,
    offset: number,
  ): this {
    const alignment = opcode === Op.f64Load || opcode === Op.f64Store ? 3 : 2;
    this.code.byte(opcode).u32(alignment).u32(offset);
    return this;
  }

  simd(opcode: number): this {
    this.code.byte(0xfd).u32(opcode);
    return this;
  }

  /** v128.load (8-byte aligned) at the address on the stack plus `offset`. */
  load128(offset: number): this {
    this.simd(Simd.load);
    this.code.u32(3).u32(offset);
    return this;
  }

  lane(
    opcode:
      | typeof Simd.extractLane
      | typeof Simd.replaceLane
      | typeof Simd.f32x4ExtractLane
      | typeof Simd.f32x4ReplaceLane,
    lane: number,
  ): this {
    this.simd(opcode);
    this.code.byte(lane);
    return this;
  }

  /** v128.const of two f64 lanes both equal to `v`. */
  f64x2(v: number): this {
    this.simd(Simd.const);
    this.code.f64(v).f64(v);
    return this;
  }

  /** v128.const of four f32 lanes all equal to `v` rounded to float32. */
  f32x4(v: number): this {
    this.simd(Simd.const);
    for (let k = 0; k < 4; k++) this.code.f32(v);
    return this;
  }

  /** v128.const of four i32 lanes all equal to `v`. */
  i32x4(v: number): this {
    this.simd(Simd.const);
    const lane = new DataView(new ArrayBuffer(4));
    lane.setInt32(0, v, true);
    const bytes = new Uint8Array(lane.buffer);
    for (let k = 0; k < 4; k++) this.code.bytes(bytes);
    return this;
  }

  /** v128.const of two i64 lanes both equal to `v`. */
  i64x2(v: bigint): this {
    this.simd(Simd.const);
    const lane = new DataView(new ArrayBuffer(8));
    lane.setBigInt64(0, v, true);
    const bytes = new Uint8Array(lane.buffer);
    this.code.bytes(bytes).bytes(bytes);
    return this;
  }

  /** i8x16.shuffle of the two vectors on the stack: byte k of the result is byte `lanes[k]` of the pair. */
  shuffle(lanes: readonly number[]): this {
    this.simd(Simd.shuffle);
    this.code.bytes(lanes);
    return this;
  }

  /** The body's bytes: local declarations (runs of one type), instructions, `end`. */
  encode(): Bytes {
    const out = new Bytes();
    const runs: [number, ValueType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    out.u32(runs.length);
    for (const [count, t] of runs) out.u32(count).byte(t);
    return out.bytes(this.code.view()).byte(Op.end);
  }
}

/** A function type: parameters → results. */
export interface Signature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

/** A module under construction. Imported functions and globals come first in their index spaces. */
export class ModuleBuilder {
  private readonly types: Signature[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly imports = new Bytes();
  private importCount = 0;
  private importedFunctions = 0;
  private importedGlobals = 0;
  private readonly functions: { type: number; body: FunctionBody }[] = [];
  private readonly globals = new Bytes();
  private globalCount = 0;
  private readonly exports = new Bytes();
  private exportCount = 0;

  private type(signature: Signature): number {
    const key = `${signature.params.join(",")}>${signature.results.join(",")}`;
    let k = this.typeKeys.get(key);
    if (k === undefined) {
      k = this.types.push(signature) - 1;
      this.typeKeys.set(key, k);
    }
    return k;
  }

  private importHeader(module: string, name: string): Bytes {
    this.importCount++;
    return this.imports.name(module).name(name);
  }

  /** Imports a function; its index. Call before adding functions. */
  importFunction(module: string, name: string, signature: Signature): number {
    this.importHeader(module, name).byte(0x00).u32(this.type(signature));
    return this.importedFunctions++;
  }

  /** Imports a memory of at least `pages` pages of 64 KiB. */
  importMemory(module: string, name: string, pages: number): void {
    this.importHeader(module, name).byte(0x02).byte(0x00).u32(pages);
  }

  /** Imports an immutable global; its index. Call before defining globals. */
  importGlobal(module: string, name: string, type: ValueType): number {
    this.importHeader(module, name).byte(0x03).byte(type).byte(0x00);
    return this.importedGlobals++;
  }

  /** A mutable i32 global starting at 0; its index. */
  mutableI32(): number {
    this.globals.byte(I32).byte(0x01).byte(Op.i32Const).s32(0).byte(Op.end);
    return this.importedGlobals + this.globalCount++;
  }

  /** Adds a function with `body`; its index. */
  addFunction(signature: Signature, body: FunctionBody): number {
    const index = this.importedFunctions + this.functions.push({ type: this.type(signature), body }) - 1;
    return index;
  }

  exportFunction(name: string, index: number): void {
    this.exports.name(name).byte(0x00).u32(index);
    this.exportCount++;
  }

  /** The module's bytes. */
  encode(): Uint8Array {
    const out = new Bytes().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, count: number, content: Bytes) => {
      if (count > 0) out.byte(id).sized(new Bytes().u32(count).bytes(content.view()));
    };
    const types = new Bytes();
    for (const { params, results } of this.types)
      types.byte(0x60).u32(params.length).bytes(params).u32(results.length).bytes(results);
    section(1, this.types.length, types);
    section(2, this.importCount, this.imports);
    const declared = new Bytes();
    for (const f of this.functions) declared.u32(f.type);
    section(3, this.functions.length, declared);
    section(6, this.globalCount, this.globals);
    section(7, this.exportCount, this.exports);
    const code = new Bytes();
    for (const f of this.functions) code.sized(f.body.encode());
    section(10, this.functions.length, code);
    return out.view().slice();
  }
}

/**
 * The WebAssembly binary encoder (src/compile/wasm/encoding.ts) on its own: LEB128 numbers against the
 * specification's examples, local declarations as runs of one type, and small modules built by hand that
 * the engine validates and runs, their results worked out by hand (negative and large constants, bodies
 * longer than the first buffer, imports of every kind, several functions and signatures).
 */
import { describe, expect, test } from "vitest";
import { F64, FunctionBody, I32, ModuleBuilder, Op, Simd, V128 } from "../../src/compile/wasm/encoding.js";
import { type Exports, webAssembly } from "../../src/compile/wasm/webAssembly.js";

/** The bytes of a body with no locals: 0 runs of locals, the instructions, `end`. */
const code = (build: (b: FunctionBody) => void) => {
  const body = new FunctionBody([]);
  build(body);
  const bytes = [...body.encode().view()];
  expect(bytes[0]).toBe(0);
  expect(bytes.at(-1)).toBe(Op.end);
  return bytes.slice(1, -1);
};

describe("LEB128", () => {
  test("unsigned: the specification's 624485 = E5 8E 26, and 0, 127, 128, 2^32 - 1", () => {
    expect(code((b) => b.index(Op.call, 624485))).toEqual([Op.call, 0xe5, 0x8e, 0x26]);
    expect(code((b) => b.index(Op.call, 0))).toEqual([Op.call, 0x00]);
    expect(code((b) => b.index(Op.call, 127))).toEqual([Op.call, 0x7f]);
    expect(code((b) => b.index(Op.call, 128))).toEqual([Op.call, 0x80, 0x01]);
    expect(code((b) => b.index(Op.call, 2 ** 32 - 1))).toEqual([Op.call, 0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  test("signed: the specification's -123456 = C0 BB 78, and 0, -1, 63, 64, -64, -65", () => {
    expect(code((b) => b.i32(-123456))).toEqual([Op.i32Const, 0xc0, 0xbb, 0x78]);
    expect(code((b) => b.i32(0))).toEqual([Op.i32Const, 0x00]);
    expect(code((b) => b.i32(-1))).toEqual([Op.i32Const, 0x7f]);
    expect(code((b) => b.i32(63))).toEqual([Op.i32Const, 0x3f]);
    expect(code((b) => b.i32(64))).toEqual([Op.i32Const, 0xc0, 0x00]);
    expect(code((b) => b.i32(-64))).toEqual([Op.i32Const, 0x40]);
    expect(code((b) => b.i32(-65))).toEqual([Op.i32Const, 0xbf, 0x7f]);
  });

  test("f64 constants are their 8 little-endian bytes", () => {
    // 1.5 = 0x3FF8000000000000
    expect(code((b) => b.f64(1.5))).toEqual([Op.f64Const, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(code((b) => b.f64x2(-2))).toEqual([
      0xfd,
      Simd.const,
      ...[0, 0, 0, 0, 0, 0, 0, 0xc0],
      ...[0, 0, 0, 0, 0, 0, 0, 0xc0],
    ]);
    expect(code((b) => b.i64x2(-2n))).toEqual([
      0xfd,
      Simd.const,
      ...new Array(2).fill([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).flat(),
    ]);
  });

  test("memory, lane and shuffle immediates", () => {
    expect(code((b) => b.memory(Op.f64Load, 200))).toEqual([Op.f64Load, 3, 0xc8, 0x01]);
    expect(code((b) => b.load128(16))).toEqual([0xfd, Simd.load, 3, 16]);
    expect(code((b) => b.lane(Simd.extractLane, 1))).toEqual([0xfd, Simd.extractLane, 1]);
    expect(code((b) => b.simd(Simd.i32x4TruncSatF64x2SZero))).toEqual([0xfd, 0xfc, 0x01]);
    expect(code((b) => b.begin(Op.loop))).toEqual([Op.loop, 0x40]);
  });
});

test("locals are declared as runs of one type, after the parameters", () => {
  const body = new FunctionBody([I32]);
  expect(body.local(F64)).toBe(1);
  expect(body.local(F64)).toBe(2);
  expect(body.local(I32)).toBe(3);
  expect(body.local(V128)).toBe(4);
  expect(body.local(F64)).toBe(5);
  expect(body.localCount).toBe(5);
  expect([...body.encode().view()]).toEqual([4, 2, F64, 1, I32, 1, V128, 1, F64, Op.end]);
  expect(body.size).toBe(0);
  body.get(3).set(2).tee(1);
  expect(body.size).toBe(6);
});

describe("modules built by hand run as their instructions say", () => {
  const run = (module: ModuleBuilder, imports: object = {}) =>
    new webAssembly.Instance(new webAssembly.Module(module.encode()), imports).exports as unknown as Exports;

  test("a negative constant converted, and a function calling another", () => {
    const module = new ModuleBuilder();
    const minus = new FunctionBody([]);
    minus.i32(-123456).op(Op.f64ConvertI32S);
    const inner = module.addFunction({ params: [], results: [F64] }, minus);
    const twice = new FunctionBody([]);
    twice.index(Op.call, inner).index(Op.call, inner).op(Op.f64Add);
    const outer = module.addFunction({ params: [], results: [F64] }, twice);
    module.exportFunction("minus", inner);
    module.exportFunction("twice", outer);
    const exports = run(module);
    expect(exports.minus!()).toBe(-123456);
    expect(exports.twice!()).toBe(-246912);
  });

  test("a body longer than the first buffer: the sum of 1 … 200", () => {
    const module = new ModuleBuilder();
    const body = new FunctionBody([]);
    body.f64(0);
    for (let k = 1; k <= 200; k++) body.f64(k).op(Op.f64Add);
    expect(body.size).toBeGreaterThan(256 * 4);
    module.exportFunction("sum", module.addFunction({ params: [], results: [F64] }, body));
    expect(run(module).sum!()).toBe(20100);
  });

  test("imported functions, memory and globals; a mutable global; parameters and locals", () => {
    const module = new ModuleBuilder();
    const square = module.importFunction("fn", "square", { params: [F64], results: [F64] });
    const hypot = module.importFunction("fn", "hypot", { params: [F64, F64], results: [F64] });
    module.importMemory("env", "memory", 1);
    const at = module.importGlobal("env", "at", I32);
    const counter = module.mutableI32();
    // f(k) = square(memory[at + 8]) + hypot(3, 4) + k + counter, counter += k
    const body = new FunctionBody([I32]);
    const total = body.local(F64);
    body.index(Op.globalGet, at).memory(Op.f64Load, 8).index(Op.call, square).set(total);
    body.get(total).f64(3).f64(4).index(Op.call, hypot).op(Op.f64Add);
    body.get(0).op(Op.f64ConvertI32S).op(Op.f64Add);
    body.index(Op.globalGet, counter).op(Op.f64ConvertI32S).op(Op.f64Add);
    body.index(Op.globalGet, counter).get(0).op(Op.i32Add).index(Op.globalSet, counter);
    const f = module.addFunction({ params: [I32], results: [F64] }, body);
    expect(f).toBe(2);
    module.exportFunction("f", f);
    const memory = new webAssembly.Memory({ initial: 1 });
    new Float64Array(memory.buffer)[5] = 1.5; // byte 40 = at (32) + 8
    const exports = run(module, {
      env: { memory, at: new webAssembly.Global({ value: "i32", mutable: false }, 32) },
      fn: { square: (x: number) => x * x, hypot: Math.hypot },
    });
    expect(exports.f!(10)).toBe(2.25 + 5 + 10 + 0);
    expect(exports.f!(10)).toBe(2.25 + 5 + 10 + 10);
    expect(exports.f!(-3)).toBe(2.25 + 5 - 3 + 20);
  });

  test("signatures that differ only in which side holds a type are two types: (f64) → () and () → f64", () => {
    const module = new ModuleBuilder();
    const sink = module.importFunction("fn", "sink", { params: [F64], results: [] });
    const body = new FunctionBody([]);
    body.f64(2).index(Op.call, sink).f64(3);
    module.exportFunction("three", module.addFunction({ params: [], results: [F64] }, body));
    const seen: number[] = [];
    const exports = run(module, { fn: { sink: (x: number) => void seen.push(x) } });
    expect(exports.three!()).toBe(3);
    expect(seen).toEqual([2]);
  });

  test("two functions of one signature share one type: the bytes, assembled by hand from the specification", () => {
    const module = new ModuleBuilder();
    for (let k = 0; k < 2; k++)
      module.addFunction({ params: [], results: [F64] }, new FunctionBody([]).f64(0));
    const body = [0x00, Op.f64Const, 0, 0, 0, 0, 0, 0, 0, 0, Op.end]; // no locals, f64.const 0, end
    expect([...module.encode()]).toEqual([
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      ...[1, 5, 1, 0x60, 0, 1, F64], // types: one, () → f64
      ...[3, 3, 2, 0, 0], // functions: two, both of type 0
      ...[10, 25, 2, 11, ...body, 11, ...body], // code: two bodies of 11 bytes
    ]);
  });

  test("an empty module is the 8-byte header alone", () => {
    expect([...new ModuleBuilder().encode()]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  });
});

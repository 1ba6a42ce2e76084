/**
 * The WebAssembly renderer: a KernelPlan → one module (built in memory, see encoding.ts) with a function
 * per entry point and one computing the data-only parts, compiled once and instantiated over each set of
 * columns with its own memory. Memory holds, from address 0: the parameters, the output vector, the
 * data-only parts (K), then each column at an address given to the instance as an imported global. The
 * JavaScript entry points copy the parameters in, call the module, and copy the outputs out; the columns
 * are copied in when rows are bound. Numbers in memory are of the plan's precision: f64, or f32 (parameters
 * rounded to float32 as they are copied in, as the JavaScript f32 code's `Math.fround(p[k])` does; columns,
 * outputs and data-only parts float32), so that f32 moves half the bytes and computes four rows per vector.
 */
import type { Expr, FunctionDef } from "../../expr/index.js";
import { CompileError } from "../compileError.js";
import type { Column, EntryFunction, Instance, Kernel, KernelPlan, Renderer } from "../renderer.js";
import { emitPlan, type Frame, type Output } from "./emit.js";
import { F64, FunctionBody, I32, ModuleBuilder, Op, type Signature, type ValueType } from "./encoding.js";
import { numberType } from "./numberType.js";
import { type Exports, webAssembly } from "./webAssembly.js";

/** Locals per function that V8 accepts (its limit is 50,000). */
const MAX_LOCALS = 50_000;
/** Bytes per function body that V8 accepts. */
const MAX_BODY = 7_654_321;
const PAGE = 65_536;
/** Pages of a 32-bit memory: 4 GiB. */
const MAX_PAGES = 65_536;

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

function render<Name extends string>(plan: KernelPlan<Name>): Kernel<Name> {
  const type = numberType(plan.precision);
  const { bytes } = type;
  const outputs = Math.max(0, ...plan.entries.map((e) => e.writes.length));
  const address = {
    param: (k: number) => bytes * k,
    output: (k: number) => bytes * (plan.params + k),
    constant: (k: number) => bytes * (plan.params + outputs + k),
  };
  const header = align16(bytes * (plan.params + outputs + plan.constants.length));

  const module = new ModuleBuilder();
  // every function called is imported, exp and log too (their vector code falls back to them); imports
  // are declared before any function is defined, so that their indices come first
  const called = new Map<string, FunctionDef>();
  const plans = [...plan.entries.flatMap((e) => ("plan" in e.how ? [e.how.plan] : [])), plan.bind];
  for (const { levels } of plans)
    for (const level of levels)
      for (const e of [...level.rows, ...level.scalars]) if (e.kind === "call") called.set(e.fn.name, e.fn);
  const functions = [...called.values()];
  const importIndex = new Map(
    functions.map((fn) => {
      const signature: Signature = { params: Array<ValueType>(fn.arity).fill(F64), results: [F64] };
      return [fn.name, module.importFunction("fn", fn.name, signature)];
    }),
  );
  const imported = (fn: FunctionDef) => importIndex.get(fn.name)!;
  const power = module.importFunction("fn", "pow", { params: [F64, F64], results: [F64] });
  module.importMemory("env", "memory", 1);
  const columnGlobals = Array.from({ length: plan.columns }, (_, k) =>
    module.importGlobal("env", `c${k}`, I32),
  );
  const rowsGlobal = module.mutableI32();
  const frame = (base: (e: Expr) => number): Frame => ({
    input: base,
    column: (name) => columnGlobals[plan.column(name)]!,
    rows: rowsGlobal,
    imported,
    power,
  });
  const entryFrame = frame((e) => {
    const from = plan.input(e);
    return "param" in from ? address.param(from.param) : address.constant(from.constant);
  });
  const checked = (name: string, body: FunctionBody) => {
    if (body.localCount > MAX_LOCALS || body.size > MAX_BODY)
      throw new CompileError(
        `the formula is too big for the WebAssembly backend (${name} needs ${body.localCount} locals and ${body.size} bytes)`,
      );
    return body;
  };

  const indexOf = new Map<string, number>();
  const signatureOf = (returns: boolean): Signature => ({ params: [], results: returns ? [type.value] : [] });
  // entries computed through another come after the one they call
  const ordered = [
    ...plan.entries.filter((e) => "plan" in e.how),
    ...plan.entries.filter((e) => "via" in e.how),
  ];
  for (const entry of ordered) {
    const body = new FunctionBody([]);
    if ("plan" in entry.how) {
      const roots: Output[] = [
        ...entry.writes.map((root, k): Output => [root, address.output(k)]),
        ...(entry.returns ? [[entry.returns, undefined] as const] : []),
      ];
      emitPlan(body, entry.how.plan, entryFrame, roots, type);
    } else {
      const via = plan.entries.find((e) => e.name === (entry.how as { via: Name }).via)!;
      body.index(Op.call, indexOf.get(via.name)!);
      if (via.returns !== undefined && entry.returns === undefined) body.op(Op.drop);
    }
    const index = module.addFunction(signatureOf(entry.returns !== undefined), checked(entry.name, body));
    indexOf.set(entry.name, index);
    module.exportFunction(entry.name, index);
  }
  const bind = new FunctionBody([I32]);
  bind.get(0).index(Op.globalSet, rowsGlobal);
  emitPlan(
    bind,
    plan.bind,
    frame(() => 0),
    plan.constants.map((e, k): Output => [e, address.constant(k)]),
    type,
  );
  module.exportFunction(
    "bindData",
    module.addFunction({ params: [I32], results: [] }, checked("bind", bind)),
  );

  const encoded = module.encode();
  let compiled: object;
  try {
    compiled = new webAssembly.Module(encoded);
  } catch (error) {
    // a browser refuses to compile big modules synchronously on its main thread; other failures are bugs
    throw new CompileError(
      `the WebAssembly backend could not compile the module here: ${(error as Error).message}`,
    );
  }
  const source = [
    `;; WebAssembly module generated by symgrad's compiler: ${encoded.length} bytes, ${type.precision}x${type.lanes} SIMD.`,
    `;; memory: parameters at 0, outputs at ${address.output(0)}, data-only parts at ${address.constant(0)}, columns from ${header}`,
    `;; imported functions: ${[...functions.map((f) => f.name), "pow"].join(", ")}`,
    `;; exports: ${[...plan.entries.map((e) => e.name), "bindData"].join(", ")}`,
  ].join("\n");

  const instantiate = (columns: readonly Column[]): Instance<Name> => {
    const capacity = columns.reduce((most, c) => Math.max(most, c.length), 0);
    const stride = align16(bytes * capacity);
    const pages = Math.max(1, Math.ceil((header + stride * columns.length) / PAGE));
    if (pages > MAX_PAGES)
      throw new CompileError(
        `the data is too big for the WebAssembly backend's 4 GiB memory (${columns.length} columns of ${capacity} rows)`,
      );
    const memory = new webAssembly.Memory({ initial: pages });
    const env: Record<string, object> = { memory };
    columnGlobals.forEach((_, k) => {
      env[`c${k}`] = new webAssembly.Global({ value: "i32", mutable: false }, header + k * stride);
    });
    const fn: Record<string, (...args: number[]) => number> = { pow: Math.pow };
    for (const f of functions) fn[f.name] = f.evaluate;
    const exports = new webAssembly.Instance(compiled, { env, fn }).exports as unknown as Exports;
    const View = type.precision === "f32" ? Float32Array : Float64Array;
    const numbers = new View(memory.buffer);
    const views = columns.map((_, k) => new View(memory.buffer, header + k * stride, capacity));
    const params = plan.params;
    const entry = (name: Name, writes: number): EntryFunction => {
      const run = exports[name]!;
      const first = address.output(0) / bytes;
      return (p, out) => {
        for (let k = 0; k < params; k++) numbers[k] = p[k]!;
        const value = run();
        for (let k = 0; k < writes; k++) out![k] = numbers[first + k]!;
        return value;
      };
    };
    const instance: Record<string, unknown> = {
      bind(rows: number) {
        columns.forEach((column, k) => {
          views[k]!.set(column.subarray(0, rows));
        });
        exports.bindData!(rows);
      },
    };
    for (const e of plan.entries) instance[e.name] = entry(e.name, e.writes.length);
    return instance as Instance<Name>;
  };
  return { source, precision: plan.precision, target: "wasm", instantiate };
}

/**
 * Renders kernels as WebAssembly modules (f64 with f64x2 SIMD, f32 with f32x4); throws a CompileError for
 * what it cannot do.
 */
export const wasmRenderer: Renderer = { target: "wasm", render };

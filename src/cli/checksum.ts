/**
 * The code cache's checksum (runCached.ts): FNV-1a over the bytes taken four at a time as
 * little-endian words, the last word padded with zero bytes. It catches a damaged cache (a bit flipped, a
 * block lost), which is all it is for. It runs in WebAssembly: the same loop in JavaScript runs once per
 * process, cold, in V8's interpreter, and took 5–9 ms over the seed's 900 KB cache, as long as the rest of
 * the cache's checks and reading together; compiled, under a millisecond.
 */
import { FunctionBody, I32, ModuleBuilder, Op, webAssembly } from "../compile/index.js";

let compiled: object | undefined;

/** A module of one function, `fnv1a(end)`: the hash of the words at 0, 4, …, below `end` (4 at least). */
function fnv1aModule(): Uint8Array {
  const body = new FunctionBody([I32]);
  const [end, at, hash] = [0, body.local(I32), body.local(I32)];
  body
    .i32(0x811c9dc5 | 0) // the FNV offset basis
    .set(hash)
    .begin(Op.loop)
    .get(hash)
    .get(at)
    .memory(Op.i32Load, 0)
    .op(Op.i32Xor)
    .i32(0x01000193) // the FNV prime
    .op(Op.i32Mul)
    .set(hash)
    .get(at)
    .i32(4)
    .op(Op.i32Add)
    .tee(at)
    .get(end)
    .op(Op.i32LtU)
    .index(Op.brIf, 0)
    .op(Op.end)
    .get(hash);
  const module = new ModuleBuilder();
  module.importMemory("env", "memory", 0);
  module.exportFunction("fnv1a", module.addFunction({ params: [I32], results: [I32] }, body));
  return module.encode();
}

const PAGE = 65536;

/**
 * The checksum of `bytes`, as an unsigned 32-bit integer; undefined where there is no WebAssembly (`node
 * --jitless`), which runs without a cache.
 */
export function checksum(bytes: Uint8Array): number | undefined {
  if (webAssembly === undefined) return undefined;
  const end = Math.max(4, Math.ceil(bytes.length / 4) * 4);
  const memory = new webAssembly.Memory({ initial: Math.ceil(end / PAGE) });
  new Uint8Array(memory.buffer).set(bytes); // a new memory is zeros: the last word's padding
  const { exports } = new webAssembly.Instance((compiled ??= new webAssembly.Module(fnv1aModule())), {
    env: { memory },
  });
  return (exports as { fnv1a: (end: number) => number }).fnv1a(end) >>> 0;
}

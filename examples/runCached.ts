/**
 * Runs a CommonJS bundle with V8's code cache, as Node 22's `module.enableCompileCache()` does for modules
 * (Node 20 has no such switch). Started cold, a process spends much of its time compiling functions at
 * their first call; the cache, written after the first run, holds the bytecode of every function that run
 * compiled, and V8 reuses it: `npm start` (the seed example, one bundle) starts about a fifth faster.
 * V8 checks the cache against its own version and flags and rejects it when they differ, but it checks
 * the source only by its length and (in release builds) the cache's bytes not at all; so the cache file
 * begins with a hash of the bundle it was made from and one of the cache itself, and a cache of another
 * bundle, or a damaged one, is ignored. Writing is best effort (a read-only install runs uncached) and
 * atomic (a temporary file renamed), so processes started together never read half a cache.
 */
import { createRequire, Module } from "node:module";

// Node's own modules by require: importing one builds its ESM facade, which reads every export (node:fs's
// streams, node:crypto's webcrypto), 14 ms of a 250 ms start.
const require = createRequire(import.meta.url);
const { createHash }: typeof import("node:crypto") = require("node:crypto");
const { readFileSync, renameSync, rmSync, writeFileSync }: typeof import("node:fs") = require("node:fs");
const { dirname }: typeof import("node:path") = require("node:path");
const { fileURLToPath }: typeof import("node:url") = require("node:url");
const { Script }: typeof import("node:vm") = require("node:vm");

/** Bytes of a hash; the cache file holds the bundle's, then the cache's, then the cache. */
const HASH_BYTES = 32;

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest();

/** How a run went: whether V8 took the cache, and whether a new cache was written. */
export interface CachedRun {
  readonly cacheUsed: boolean;
  readonly cacheWritten: boolean;
}

/** Runs the CommonJS file at `bundle` in this process, with its code cache `<bundle>.cache` when there is one. */
export function runCached(bundle: URL): CachedRun {
  const file = fileURLToPath(bundle);
  const source = readFileSync(file, "utf8");
  const hash = sha256(source);
  const cacheFile = `${file}.cache`;
  const cachedData = cacheFor(cacheFile, hash);
  const script = new Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { cacheUsed, cacheWritten: !cacheUsed && write(cacheFile, hash, script.createCachedData()) };
}

/** The cache in `cacheFile` if it was made from the bundle with this hash and is whole. */
function cacheFor(cacheFile: string, hash: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const data = bytes.subarray(2 * HASH_BYTES);
  const whole =
    bytes.subarray(0, HASH_BYTES).equals(hash) &&
    bytes.subarray(HASH_BYTES, 2 * HASH_BYTES).equals(sha256(data));
  return whole && data.length > 0 ? data : undefined;
}

/** Writes the cache after the two hashes; false when the directory cannot be written. */
function write(cacheFile: string, hash: Buffer, data: Buffer): boolean {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([hash, sha256(data), data]));
    renameSync(temporary, cacheFile);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

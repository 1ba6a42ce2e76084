/**
 * Runs a CommonJS bundle with V8's code cache, as Node 22's `module.enableCompileCache()` does for modules
 * (Node 20 has no such switch): `npm start` (the seed) and the CLI's worker thread (the fitting commands)
 * run so, each one bundle. Started cold, a process spends much of its time compiling functions at their
 * first call; the cache, written after a run, holds the bytecode of every function that run compiled, and
 * V8 reuses it. V8 checks the cache against its own version and flags and rejects it when they differ, but
 * it checks the source only by its length and (in release builds) the cache's bytes not at all; so the
 * cache file holds a copy of the bundle it was made from, compared byte for byte, and a checksum of the
 * cache (checksum.ts), and a cache of another bundle, or a damaged one, is ignored. Writing is best effort
 * (a read-only install runs uncached) and atomic (a temporary file renamed), so processes started together
 * never read half a cache. A bundle run so cannot `import()`: V8 drops what Node needs for it from a function
 * taken from a cache (and Node 20's way around it, `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`, is
 * experimental and warns); its caller passes an importer (see rolldown.config.mjs).
 */
import { createRequire, Module } from "node:module";
import { checksum } from "./checksum.js";

// Node's own modules by require: importing one builds its ESM facade, which reads every export (node:fs's
// streams), milliseconds of a 250 ms start.
const require = createRequire(import.meta.url);
const { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync }: typeof import("node:fs") =
  require("node:fs");
const { dirname }: typeof import("node:path") = require("node:path");
const { fileURLToPath }: typeof import("node:url") = require("node:url");
const { Script }: typeof import("node:vm") = require("node:vm");

/**
 * The cache file: the bundle's length in bytes and the cache's checksum (two little-endian uint32), the
 * bundle, zero bytes up to a multiple of 4, the cache.
 */
const HEADER_BYTES = 8;
const padded = (length: number) => Math.ceil(length / 4) * 4;

/** A bundle that ran: whether V8 took its cache, the bundle's exports, and the writing of a new cache. */
export interface CachedRun {
  readonly cacheUsed: boolean;
  readonly exports: unknown;
  /**
   * Writes the cache of every function compiled so far (call it once the bundle's work is done, so that the
   * cache holds all of it); false when it could not be written, or need not be (the cache was used).
   */
  writeCache(): boolean;
}

/**
 * Runs the CommonJS file at `bundle` in this process, with its code cache `<bundle>.<name>` when there is one
 * (a bundle that does different work on different runs keeps a cache for each: `name` says which).
 */
export function runCached(bundle: URL, name = "cache"): CachedRun {
  const file = fileURLToPath(bundle);
  const source = readFileSync(file);
  const cacheFile = `${file}.${name}`;
  const cachedData = cacheFor(cacheFile, source);
  const script = new Script(Module.wrap(source.toString("utf8")), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} };
  // as Node's CommonJS loader calls it: `this` at the top of the bundle is its exports
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    cacheUsed,
    exports: module.exports,
    // serializing the cache takes milliseconds: not where it cannot be written (a read-only install)
    writeCache: () =>
      !cacheUsed && writable(dirname(file)) && write(cacheFile, source, script.createCachedData()),
  };
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The cache in `cacheFile` if it was made from exactly `source` and is whole. */
function cacheFor(cacheFile: string, source: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || bytes.readUInt32LE(0) !== source.length) return undefined;
  const start = HEADER_BYTES + padded(source.length);
  const data = bytes.subarray(start);
  const same = bytes.subarray(HEADER_BYTES, HEADER_BYTES + source.length).equals(source);
  return same && data.length > 0 && checksum(data) === bytes.readUInt32LE(4) ? data : undefined;
}

/** Writes the cache file (see HEADER_BYTES); false when the directory cannot be written. */
function write(cacheFile: string, source: Buffer, data: Buffer): boolean {
  const sum = checksum(data);
  if (sum === undefined) return false;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(source.length, 0);
  header.writeUInt32LE(sum, 4);
  const padding = Buffer.alloc(padded(source.length) - source.length);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([header, source, padding, data]));
    renameSync(temporary, cacheFile);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

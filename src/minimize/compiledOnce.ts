/**
 * The compiled objectives `minimize` made lately, kept while their data is small: a repeated fit of one
 * formula to equal data (a loop over learning rates, a script run over and over) reuses the generated code,
 * since compiling costs milliseconds while the seed's whole fit of 2001 steps costs tens of microseconds.
 * The data is compared value by value (Object.is) with a copy taken when it was compiled, so data changed in
 * place compiles afresh; a miss is never wrong, only slower.
 */

/** Data beyond this many values in all is compiled every time (and never kept in memory here). */
export const CACHED_VALUES = 4096;
const KEPT = 64;

/** A copy of the data: numbers, and columns as plain arrays of what they held. */
type Snapshot = Map<string, number | unknown[]>;

const kept = new Map<string, { readonly data: Snapshot; readonly objective: unknown }>();

/**
 * The objective kept under `key` (the formula and everything else compile reads, but the data) for data
 * equal to `data`, else `make()`'s, kept when `data` is small numbers and columns.
 */
export function compiledOnce<T>(key: string, data: ReadonlyMap<string, unknown>, make: () => T): T {
  const hit = kept.get(key);
  if (hit !== undefined && sameData(hit.data, data)) return hit.objective as T;
  const objective = make();
  const snapshot = snapshotOf(data);
  if (snapshot !== undefined) {
    kept.delete(key);
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, { data: snapshot, objective });
  }
  return objective;
}

function snapshotOf(data: ReadonlyMap<string, unknown>): Snapshot | undefined {
  const out: Snapshot = new Map();
  let values = 0;
  for (const [name, value] of data) {
    if (typeof value === "number") {
      out.set(name, value);
      values++;
    } else if (isColumn(value)) {
      values += value.length;
      if (values > CACHED_VALUES) return undefined;
      const copy = Array.prototype.slice.call(value);
      if (!copy.every((v) => typeof v === "number")) return undefined;
      out.set(name, copy);
    } else return undefined;
  }
  return values > CACHED_VALUES ? undefined : out;
}

/** An array or typed array (whose entries snapshotOf then checks are numbers). */
function isColumn(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function sameData(snapshot: Snapshot, data: ReadonlyMap<string, unknown>): boolean {
  if (snapshot.size !== data.size) return false;
  for (const [name, value] of data) {
    const was = snapshot.get(name);
    if (was === undefined) return false;
    if (typeof was === "number") {
      if (!Object.is(was, value)) return false;
      continue;
    }
    if (!isColumn(value) || value.length !== was.length) return false;
    for (let i = 0; i < was.length; i++) if (!Object.is(was[i], value[i])) return false;
  }
  return true;
}

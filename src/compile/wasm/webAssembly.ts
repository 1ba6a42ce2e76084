/**
 * The part of the WebAssembly JavaScript API symgrad uses, typed here: the project's type libraries are
 * ES2022 and Node's, which do not declare it (the DOM library does, and must not be pulled in).
 */

/** An instance's exports: functions of numbers, as this project's modules export. */
export type Exports = Record<string, (...args: number[]) => number>;

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number }) => { buffer: ArrayBuffer };
  Global: new (descriptor: { value: "i32"; mutable: false }, value: number) => object;
}

/** The global `WebAssembly` object (absent under `node --jitless`). */
export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

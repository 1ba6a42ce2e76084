/**
 * The code cache's checksum (src/cli/checksum.ts) runs FNV-1a in a WebAssembly module; here
 * it is compared with FNV-1a written out from its definition (offset basis 0x811c9dc5, prime 0x01000193,
 * over little-endian 32-bit words, the last one padded with zero bytes), at every length around a word and a
 * WebAssembly page, and shown to change when any one bit does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checksum } from "../../src/cli/checksum.js";

function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < Math.max(1, Math.ceil(bytes.length / 4)); i++) {
    const word =
      (bytes[4 * i] ?? 0) |
      ((bytes[4 * i + 1] ?? 0) << 8) |
      ((bytes[4 * i + 2] ?? 0) << 16) |
      ((bytes[4 * i + 3] ?? 0) << 24);
    hash = Math.imul(hash ^ word, 0x01000193);
  }
  return hash >>> 0;
}

describe("checksum", () => {
  it("is FNV-1a over the words", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(checksum(bytes)).toBe(fnv1a(bytes));
      }),
    );
  });

  it("is FNV-1a at the lengths around a WebAssembly page of 65,536 bytes", () => {
    const bytes = Uint8Array.from({ length: 65_536 * 2 + 8 }, (_, i) => (i * 2_654_435_761) >>> 24);
    for (const length of [0, 1, 65_532, 65_535, 65_536, 65_537, 65_540, 131_072, 131_073, bytes.length])
      expect(checksum(bytes.subarray(0, length))).toBe(fnv1a(bytes.subarray(0, length)));
  });

  it("changes when any one bit of the bytes does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.nat(7), (bytes, at, bit) => {
        const flipped = Uint8Array.from(bytes);
        flipped[at % bytes.length]! ^= 1 << bit;
        expect(checksum(flipped)).not.toBe(checksum(bytes));
      }),
    );
  });
});

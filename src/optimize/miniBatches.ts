/**
 * Mini-batches of data rows: each epoch shuffles all row indices (Fisher–Yates, driven by the small seeded
 * PRNG mulberry32) and cuts them into consecutive batches of `batchSize`, the last one possibly smaller
 * (PyTorch's DataLoader with shuffle=True, drop_last=False). The same seed gives the same batches.
 */

/** The shuffled mini-batches of successive epochs. */
export class MiniBatches {
  private readonly order: Uint32Array;
  private readonly random: () => number;

  constructor(
    rows: number,
    private readonly batchSize: number,
    seed: number,
  ) {
    this.order = Uint32Array.from({ length: rows }, (_, i) => i);
    this.random = mulberry32(seed);
  }

  /** The batches of the next epoch: views into one permutation, valid until the next call. */
  nextEpoch(): Uint32Array[] {
    const { order } = this;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const batches: Uint32Array[] = [];
    for (let start = 0; start < order.length; start += this.batchSize) {
      batches.push(order.subarray(start, start + this.batchSize));
    }
    return batches;
  }
}

/** Tommy Ettinger's mulberry32: a 32-bit state PRNG giving uniform doubles in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

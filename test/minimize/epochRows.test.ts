import { describe, expect, it } from "vitest";
import { EpochRows } from "../../src/minimize/index.js";

describe("EpochRows: PyTorch's table rows", () => {
  it("gives epoch k's cost before its step, once the iterate after it is known, every `every` epochs", () => {
    const rows = new EpochRows(2);
    const shown = [10, 9, 8, 7, 6, 5].map(
      (cost, iteration) => [iteration, rows.next(iteration, cost)] as const,
    );
    expect(shown.filter(([, r]) => r !== undefined)).toEqual([
      [1, { epoch: 0, cost: 10 }],
      [3, { epoch: 2, cost: 8 }],
      [5, { epoch: 4, cost: 6 }],
    ]);
  });
  it("treats every below 1 as every epoch", () => {
    const rows = new EpochRows(0);
    rows.next(0, 1);
    expect(rows.next(1, 2)).toEqual({ epoch: 0, cost: 1 });
  });
});

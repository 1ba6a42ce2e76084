import { describe, expect, it } from "vitest";
import { plotCostAlong } from "../../src/plot/index.js";

describe("plots read user names as data", () => {
  for (const name of ["constructor", "toString", "hasOwnProperty"])
    it(`a parameter '${name}' missing from fixed is held at 0, not at Object.prototype.${name}`, async () => {
      const svg = await plotCostAlong(`(${name} - 1)^2 + (W - 2)^2`, {
        param: "W",
        range: [-1, 3],
        fixed: {},
      });
      expect(svg).toContain(`at ${name} = 0`);
    });
});

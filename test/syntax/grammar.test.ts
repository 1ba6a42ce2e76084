import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cstTypes } from "../../grammar/generate.js";

describe("generated grammar files", () => {
  it("grammar/cst.ts is what the grammar generates (run `npm run diagrams` after changing it)", () => {
    const committed = readFileSync(new URL("../../grammar/cst.ts", import.meta.url), "utf8");
    expect(committed).toBe(cstTypes());
  });
});

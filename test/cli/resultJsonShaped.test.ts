import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeResultJson } from "../../src/cli/resultJson.js";

const text = (result: { history?: unknown[] }) => {
  const writes: string[] = [];
  writeResultJson(result, (t) => writes.push(t));
  return writes.join("");
};

describe("--json with vector and matrix parameters", () => {
  it("writes a vector on one line and a matrix as one line per row", () => {
    const params = {
      W: [
        [1, 2],
        [3, -4.5],
      ],
      w: [0.5, -1e-7],
      b: 2,
    };
    const out = text({ params, history: [{ iteration: 0, params }] } as { history: unknown[] });
    expect(out).toContain(`"w": [0.5, -1e-7]`);
    expect(out).toContain(`    "W": [\n      [1, 2],\n      [3, -4.5]\n    ],`);
    expect(out).toContain(`        "w": [0.5, -1e-7],`);
  });

  it("reads back as the same object, whatever the numbers, strings and nesting", () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })),
      fc.array(fc.array(fc.integer(), { minLength: 1 })),
      fc.string(),
      fc.array(fc.string()),
    );
    const result = fc.record({
      params: fc.dictionary(fc.string(), value),
      message: fc.string(),
      history: fc.option(
        fc.array(fc.record({ params: fc.dictionary(fc.string(), value) }), { maxLength: 5 }),
        {
          nil: undefined,
        },
      ),
    });
    fc.assert(
      fc.property(result, (r) => {
        expect(JSON.parse(text(r))).toEqual(JSON.parse(JSON.stringify(r)));
      }),
      { numRuns: 200 },
    );
  });
});

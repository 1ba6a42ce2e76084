/**
 * Attack on hoisted moments (src/compile/moments.ts, hoistedCost.ts): data whose moments overflow while the
 * cost itself is finite must not give a confident Infinity; the row loop (and the reference interpreter)
 * is the truth.
 */
import { expect, test } from "vitest";
import { compile, evaluate } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

test("a hoisted moment that overflows (x up to 1e200, W = 1e-150) falls back to the row loop", () => {
  // within one block of rows the moment mean((x - s)^2) is +Infinity, not NaN: it passed the check
  for (const rows of [3, 1000, 5000]) {
    const x = Float64Array.from({ length: rows }, (_, i) => (1e200 * i) / rows);
    const y = new Float64Array(rows).fill(1);
    const cost = parse("mean((W*x - y)^2)");
    const hoisted = compile(cost, { params: ["W"], data: { x, y }, moments: true, backend: "js" });
    const W = 1e-150;
    const truth = evaluate(cost, { W, x, y });
    expect(Number.isFinite(truth)).toBe(true);
    const g = new Float64Array(1);
    for (const value of [hoisted.value(Float64Array.of(W)), hoisted.valueAndGradient(Float64Array.of(W), g)])
      expect(value / truth).toBeCloseTo(1, 9);
    // d/dW = 2*mean((W*x - y)*x), finite too
    const partial = evaluate(parse("2*mean((W*x - y)*x)"), { W, x, y });
    expect(g[0]! / partial).toBeCloseTo(1, 9);
  }
});

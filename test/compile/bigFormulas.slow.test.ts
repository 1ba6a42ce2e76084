/**
 * Stress sizes of big formulas (run by `npm run test:slow` and CI): `compile` of a sum of 62,000 distinct
 * parameters, value and gradient, and a kernel over a sum of 250,000 distinct squares, without overflowing the stack
 * and in generated functions of bounded size.
 */
import { describe, expect, test } from "vitest";
import { bindNames } from "../../src/compile/binding.js";
import { compile } from "../../src/compile/index.js";
import { generateKernel } from "../../src/compile/kernel.js";
import { CHUNK_CHARS } from "../../src/compile/layout.js";
import { addAll, mul, num, pow, sub, sym } from "../../src/expr/index.js";

const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

/** The lengths of the generated functions' texts. */
const functionSizes = (source: string) => source.split(/\n(?=function )/).map((f) => f.length);

describe("huge sums", () => {
  /** sum_i (i mod 7 + 1) * p_i: its value at p = 1 is the sum of the weights, its gradient the weights. */
  const weighted = (params: readonly string[]) => addAll(params.map((p, i) => mul(num((i % 7) + 1), sym(p))));
  const weightSum = (n: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += (i % 7) + 1;
    return total;
  };

  test("a kernel writing 62,000 partials of a 62,000-term sum (it overflowed the stack)", () => {
    const params = names(62_000);
    const sum = weighted(params);
    const partials = params.map((_, i) => num((i % 7) + 1));
    // the entry points compile makes: 124,002 roots in all
    const kernel = generateKernel(
      [
        { name: "value", returns: sum },
        { name: "gradient", writes: partials },
        { name: "valueAndGradient", returns: sum, writes: partials },
      ],
      bindNames(sum, params),
    );
    const g = new Float64Array(params.length);
    const value = kernel.instantiate([]).valueAndGradient(new Float64Array(params.length).fill(1), g);
    expect(value).toBe(weightSum(params.length));
    expect(g.every((gi, i) => gi === (i % 7) + 1)).toBe(true);
    expect(Math.max(...functionSizes(kernel.source))).toBeLessThan(2 * CHUNK_CHARS);
  });

  test("compile: a sum of 62,000 distinct parameters, value and gradient", () => {
    const params = names(62_000);
    const cost = compile(weighted(params), { params });
    const g = new Float64Array(params.length);
    expect(cost.valueAndGradient(new Float64Array(params.length).fill(1), g)).toBe(weightSum(params.length));
    expect(g.every((gi, i) => gi === (i % 7) + 1)).toBe(true);
  }, 600_000);

  test("a sum of 250,000 distinct squares compiles", () => {
    const params = names(250_000);
    const sum = addAll(params.map((p) => pow(sub(sym(p), num(1)), num(2))));
    const kernel = generateKernel([{ name: "value", returns: sum }], bindNames(sum, params));
    const p = Float64Array.from(params, (_, i) => i % 3); // (i mod 3 - 1)^2: 1, 0, 1, 1, 0, 1, …
    // i mod 3 = 1 gives 0, the others 1
    expect(kernel.instantiate([]).value(p)).toBe(params.filter((_, i) => i % 3 !== 1).length);
    const sizes = functionSizes(kernel.source);
    expect(sizes.every((s) => s < 2 * CHUNK_CHARS)).toBe(true);
  }, 600_000);
});

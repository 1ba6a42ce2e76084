/**
 * The compiled objective beyond one call: the Hessian of a mini-batch rebound to a new batch (against the
 * closed form 2/n·[[Σx², Σx], [Σx, n]] of a least-squares line), the message for a row out of range, data
 * read as float32 in f32 (as a FloatTensor holds it), and a row value that value and gradient share
 * computed once per row.
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

describe("mini-batches", () => {
  test("a Hessian follows the batch when useRows switches batches", () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2, 1, 4, 3, 6];
    const cost = compile(parse("mean((W*x + b - y)^2)"), { params: ["W", "b"], data: { x, y } });
    const p = Float64Array.of(0.3, 0.1);
    const byHand = (rows: number[]) => {
      const n = rows.length;
      const sx = rows.reduce((s, r) => s + x[r]!, 0);
      const sxx = rows.reduce((s, r) => s + x[r]! ** 2, 0);
      return [sxx, sx, sx, n].map((v) => (2 * v) / n);
    };
    const h = new Float64Array(4);
    for (const rows of [[0, 4, 4], [1, 2], [3], [0, 1, 2, 3, 4, 4, 4]]) {
      cost.useRows!(Uint32Array.from(rows));
      cost.hessian(p, h);
      for (const [k, v] of h.entries())
        expect(v, `H[${k}] over rows ${rows}`).toBeCloseTo(byHand(rows)[k]!, 12);
    }
    cost.useRows!(undefined);
    cost.hessian(p, h);
    for (const [k, v] of h.entries()) expect(v).toBeCloseTo(byHand([0, 1, 2, 3, 4])[k]!, 12);
    expect(cost.hessianSource).toContain("function hessian(p, g)");
  });

  test("a row out of range is named with the number of rows", () => {
    const cost = compile(parse("mean(W*x)"), { params: ["W"], data: { x: [1, 2, 3] } });
    expect(() => cost.useRows!(Uint32Array.of(0, 3))).toThrow(
      "useRows: row 3 is out of range (the data has 3 rows)",
    );
  });
});

describe("generated code", () => {
  test("f32 reads data as float32 before computing, as PyTorch's float32 tensors hold it", () => {
    // x - y is 1 in f64 and then in float32; with x and y first rounded to float32 it is 1 - 2^-24
    const [x, y] = [1 + 2 ** -24, 2 ** -24];
    const cost = compile(parse("mean(x - y)*W"), {
      params: ["W"],
      data: { x: [x], y: [y] },
      precision: "f32",
    });
    expect(Math.fround(x)).toBe(1);
    expect(cost.value(Float64Array.of(1))).toBe(1 - 2 ** -24);
  });

  test("a row value that the cost and its gradient share is computed once per row", () => {
    const cost = compile(parse("mean((exp(W*x) - y)^2)"), { params: ["W"], data: { x: [1, 2], y: [3, 4] } });
    const functions = cost.source.split(/\n(?=function )/);
    for (const name of ["value", "gradient", "valueAndGradient"]) {
      const body = functions.find((f) => f.startsWith(`function ${name}(`))!;
      expect(body.match(/Math\.exp\(/g), name).toHaveLength(1);
    }
  });
});

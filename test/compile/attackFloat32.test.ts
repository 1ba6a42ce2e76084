/**
 * Attack on precision f32: a data value finite in f64 but beyond float32's range became Infinity when the
 * columns were read as float32, and the run stopped with "the gradient is NaN at the starting point; start
 * where the cost is defined", which blames the start, not the data.
 */
import { expect, test } from "vitest";
import { CompileError, compile } from "../../src/compile/index.js";
import { parse } from "../../src/syntax/index.js";

test("f32 data beyond float32's range is a CompileError naming the column and the row", () => {
  const cost = parse("mean((W*x - y)^2)");
  for (const big of [1e39, -4e38])
    expect(() =>
      compile(cost, { params: ["W"], data: { x: [1, 2, 3], y: [1, big, 3] }, precision: "f32" }),
    ).toThrow(
      new CompileError(
        `data column 'y' has ${big} at row 2, beyond float32's range (±3.4028235e38): precision f32 would read it as ${big > 0 ? "" : "-"}Infinity`,
      ),
    );
  // the largest float32 and f64 data are fine
  const edge = compile(cost, {
    params: ["W"],
    data: { x: [1, 2, 3], y: [1, 3.4028234e38, 3] },
    precision: "f32",
  });
  expect(Number.isFinite(edge.value(Float64Array.of(0)))).toBe(false); // y² overflows float32, as in PyTorch
  expect(
    compile(cost, { params: ["W"], data: { x: [1, 2, 3], y: [1, 1e39, 3] } }).value(Float64Array.of(0)),
  ).toBeCloseTo(1e78 / 3, -66);
});

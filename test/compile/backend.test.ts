/**
 * `withBackend` and `columnFor` directly: "auto" falls back to JavaScript only when WebAssembly declines
 * with a CompileError (any other error is a bug and is not hidden), and float32 kernels get float32 columns,
 * so rows picked by useRows are rounded like the data bound at compile time.
 */
import { describe, expect, test } from "vitest";
import { withBackend } from "../../src/compile/backend.js";
import { CompileError, compile, evaluate, WASM_ROWS } from "../../src/compile/index.js";
import { columnFor, type Renderer } from "../../src/compile/renderer.js";
import { parse } from "../../src/syntax/index.js";

describe("withBackend", () => {
  const failing = (error: Error) => (renderer: Renderer) => {
    if (renderer.target === "wasm") throw error;
    return renderer.target;
  };

  test("auto falls back to JavaScript when WebAssembly declines with a CompileError", () => {
    expect(withBackend("auto", WASM_ROWS, failing(new CompileError("cannot")))).toBe("js");
  });

  test("any other error from WebAssembly is thrown, not hidden by the fallback", () => {
    const bug = new TypeError("a bug");
    expect(() => withBackend("auto", WASM_ROWS, failing(bug))).toThrow(bug);
  });

  test("wasm asks WebAssembly alone, js and auto below WASM_ROWS or without data JavaScript alone", () => {
    const targets = (backend: "js" | "wasm" | "auto", rows: number | undefined) => {
      const asked: string[] = [];
      withBackend(backend, rows, (renderer) => asked.push(renderer.target));
      return asked;
    };
    expect(targets("wasm", 1)).toEqual(["wasm"]);
    expect(targets("js", 10 * WASM_ROWS)).toEqual(["js"]);
    expect(targets("auto", WASM_ROWS - 1)).toEqual(["js"]);
    expect(targets("auto", undefined)).toEqual(["js"]);
    expect(targets("auto", WASM_ROWS)).toEqual(["wasm"]);
  });
});

describe("columns", () => {
  test("columnFor gives float32 columns in f32, float64 ones in f64", () => {
    expect(columnFor("f32", 3)).toBeInstanceOf(Float32Array);
    expect(columnFor("f64", 3)).toBeInstanceOf(Float64Array);
    expect(columnFor("f32", 3)).toHaveLength(3);
  });

  test("in f32, the rows useRows picks are float32 values, as at compile time", () => {
    // 1 + 2^-24 + 2^-30 is 1 + 2^-23 in float32; x - W at W = 1 keeps the difference exactly
    const x = [1 + 2 ** -24 + 2 ** -30, 5, 3];
    const expr = parse("sum(exp(x - W))", { data: ["x"] });
    const cost = compile(expr, { params: ["W"], data: { x }, precision: "f32" });
    cost.useRows!(Uint32Array.of(0));
    const truth = evaluate(expr, { W: 1, x: [x[0]!] }, { precision: "f32" });
    expect(truth).toBe(Math.fround(Math.exp(2 ** -23)));
    expect(cost.value(Float64Array.of(1))).toBe(truth);
  });
});

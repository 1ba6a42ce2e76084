/**
 * `--backend js|wasm|auto`: the same fit whichever code the cost is compiled to, and clear errors for a
 * backend that does not exist or cannot compute what was asked (WebAssembly is f64 only).
 */
import { describe, expect, test } from "vitest";
import { symgrad } from "./run.js";

const rows = Array.from({ length: 150 }, (_, i) => i / 150);
const fit = [
  "minimize",
  "mean((W*x + b - y)^2)",
  "--data",
  `x=${rows.join(",")}`,
  "--data",
  `y=${rows.map((x) => 2 * x + 1).join(",")}`,
  "--quiet",
];

describe("--backend", () => {
  test("js, wasm and auto find the same fit", async () => {
    const runs = await Promise.all(["js", "wasm", "auto"].map((b) => symgrad([...fit, "--backend", b])));
    for (const run of runs) {
      expect(run.status).toBe(0);
      const value = (name: string) => Number(new RegExp(`^${name} = (\\S+)$`, "m").exec(run.stdout)?.[1]);
      expect(value("W")).toBeCloseTo(2, 9);
      expect(value("b")).toBeCloseTo(1, 9);
    }
  });

  test("an unknown backend is a usage error naming the choices", async () => {
    const run = await symgrad([...fit, "--backend", "wat"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("flag '--backend' takes js, wasm, auto, not 'wat'");
  });

  test("wasm with f32 says that WebAssembly computes in f64 only", async () => {
    const run = await symgrad([...fit, "--backend", "wasm", "--precision", "f32"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("f64 only");
    expect(run.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
  });
});

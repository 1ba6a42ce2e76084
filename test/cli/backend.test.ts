/**
 * `--backend js|wasm|auto`: the same fit whichever code the cost is compiled to, in f64 and in f32, and a
 * clear error for a backend that does not exist.
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

  test("wasm with f32 (f32x4 lanes) finds the fit that js with f32 finds, to float32's digits", async () => {
    const runs = await Promise.all(
      ["js", "wasm"].map((b) => symgrad([...fit, "--backend", b, "--precision", "f32"])),
    );
    for (const run of runs) {
      expect(run.status).toBe(0);
      const value = (name: string) => Number(new RegExp(`^${name} = (\\S+)$`, "m").exec(run.stdout)?.[1]);
      expect(value("W")).toBeCloseTo(2, 4);
      expect(value("b")).toBeCloseTo(1, 4);
    }
  });
});

/**
 * Big formulas (the huge sums are in bigFormulas.slow.test.ts): a big gradient is laid out in chunk
 * functions of bounded size that compute what the reference interpreter does.
 */
import { describe, expect, test } from "vitest";
import { bindNames } from "../../src/compile/binding.js";
import { compile, evaluate } from "../../src/compile/index.js";
import { jsRenderer } from "../../src/compile/jsRenderer.js";
import { generateKernel } from "../../src/compile/kernel.js";
import { CHUNK_CHARS } from "../../src/compile/layout.js";
import type { Renderer } from "../../src/compile/renderer.js";
import { gradient } from "../../src/diff/index.js";
import { parse } from "../../src/syntax/index.js";

const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

/** The lengths of the generated functions' texts. */
const functionSizes = (source: string) => source.split(/\n(?=function )/).map((f) => f.length);

describe("a big gradient in chunks", () => {
  const n = 300;
  const rosenbrock = parse(
    Array.from({ length: n - 1 }, (_, i) => `100*(p${i + 1} - p${i}^2)^2 + (1 - p${i})^2`).join(" + "),
  );

  test("every generated function stays small, and value and gradient equal the interpreter's", () => {
    const params = names(n);
    const cost = compile(rosenbrock, { params });
    const sizes = functionSizes(cost.source);
    expect(sizes.length).toBeGreaterThan(3);
    expect(sizes.every((s) => s < 2 * CHUNK_CHARS)).toBe(true);
    const p = Float64Array.from(params, (_, i) => Math.cos(i));
    const values = new Map(params.map((name, i) => [name, p[i]!]));
    const g = new Float64Array(n);
    expect(cost.valueAndGradient(p, g)).toBeCloseTo(evaluate(rosenbrock, values), 9);
    // ∂f/∂p_k = -400 p_k (p_{k+1} - p_k²) - 2 (1 - p_k) + 200 (p_k - p_{k-1}²), each term where it exists
    for (let k = 0; k < n; k++) {
      let truth = 0;
      if (k < n - 1) truth += -400 * p[k]! * (p[k + 1]! - p[k]! ** 2) - 2 * (1 - p[k]!);
      if (k > 0) truth += 200 * (p[k]! - p[k - 1]! ** 2);
      expect(g[k]).toBeCloseTo(truth, 9);
    }
    const alone = new Float64Array(n);
    cost.gradient(p, alone);
    expect([...alone]).toEqual([...g]);
  });

  test("values crossing chunks and loops over rows: 200 fitted lines at once", () => {
    const k = 200;
    const text = Array.from({ length: k }, (_, i) => `mean((a${i}*x + b${i} - y)^2)*exp(a${i}/10)`).join(
      " + ",
    );
    const expr = parse(text, { data: ["x", "y"] });
    const params = Array.from({ length: k }, (_, i) => [`a${i}`, `b${i}`]).flat();
    const data = { x: [1, 2, 3, 5], y: [2, -1, 0.5, 4] };
    const cost = compile(expr, { params, data });
    expect(functionSizes(cost.source).length).toBeGreaterThan(3);
    const p = Float64Array.from(params, (_, i) => Math.sin(i));
    const values = new Map<string, number | number[]>([...Object.entries(data)]);
    for (const [i, name] of params.entries()) values.set(name, p[i]!);
    expect(cost.value(p)).toBeCloseTo(evaluate(expr, values), 9);
    // so big that gradient calls valueAndGradient instead of being generated again
    expect(cost.source).toContain("function gradient(p, g) {\n  valueAndGradient(p, g);\n}");
    const both = new Float64Array(params.length);
    const alone = new Float64Array(params.length);
    cost.valueAndGradient(p, both);
    cost.gradient(p, alone);
    expect([...alone]).toEqual([...both]);
    const a0 = p[0]!;
    const b0 = p[1]!;
    const r = data.x.map((x, i) => a0 * x + b0 - data.y[i]!);
    const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    // ∂/∂a0 of mean(r²)·exp(a0/10) = mean(2 r x)·exp(a0/10) + mean(r²)·exp(a0/10)/10
    const truth =
      mean(r.map((ri, i) => 2 * ri * data.x[i]!)) * Math.exp(a0 / 10) +
      (mean(r.map((ri) => ri * ri)) * Math.exp(a0 / 10)) / 10;
    expect(both[0]).toBeCloseTo(truth, 10);
  });
});

describe("a big formula's value, generated at its first call", () => {
  const n = 300;
  const params = names(n);
  const rosenbrock = parse(
    Array.from({ length: n - 1 }, (_, i) => `100*(p${i + 1} - p${i}^2)^2 + (1 - p${i})^2`).join(" + "),
  );
  const p = Float64Array.from(params, (_, i) => Math.sin(i));
  const values = new Map(params.map((name, i) => [name, p[i]!]));

  test("is not generated until called, then equals the interpreter's and valueAndGradient's", () => {
    const renders: string[][] = [];
    const counting: Renderer = {
      target: "js",
      render: (plan) => {
        renders.push(plan.entries.map((e) => e.name));
        return jsRenderer.render(plan);
      },
    };
    const entries = [
      { name: "value", returns: rosenbrock },
      { name: "valueAndGradient", returns: rosenbrock, writes: gradient(rosenbrock, params) },
    ] as const;
    const kernel = generateKernel(entries, bindNames(rosenbrock, params, new Map()), "f64", counting);
    const instance = kernel.instantiate([]);
    instance.bind(1);
    expect(renders).toEqual([["valueAndGradient"]]);
    const value = instance.value(p);
    expect(renders).toEqual([["valueAndGradient"], ["value"]]);
    expect(value).toBeCloseTo(evaluate(rosenbrock, values), 9);
    expect(instance.value(p)).toBe(value);
    expect(instance.valueAndGradient(p, new Float64Array(n))).toBe(value);
    expect(renders).toHaveLength(2);
  });

  test("works through compile, called before anything else, and its source is in `source`", () => {
    const cost = compile(rosenbrock, { params });
    expect(cost.value(p)).toBeCloseTo(evaluate(rosenbrock, values), 9);
    expect(cost.source).toContain("function value(p)");
    expect(cost.source).toContain("function valueAndGradient(p, g)");
  });
});

/**
 * `planKernel` and `generateKernel` directly: what is bound once (the data-only parts: never a number, a
 * parameter or a per-row value), where each input is read, which entry reuses another, and kernels run
 * against the reference interpreter, in f64 and in f32.
 */
import { describe, expect, test } from "vitest";
import { bindNames } from "../../src/compile/binding.js";
import { evaluate } from "../../src/compile/index.js";
import { type Entry, generateKernel, planKernel } from "../../src/compile/kernel.js";
import { gradient } from "../../src/diff/index.js";
import { add, columnsOutsideReductions, type Expr, freeSymbols, sym, walkAll } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";

const x = [1, 2, 4];
const y = [3, -1, 2];
const data = { x, y };

/** The entries compile generates for a cost: value, gradient, and both at once. */
function entries(cost: Expr, params: readonly string[]): Entry<"value" | "gradient" | "valueAndGradient">[] {
  const writes = gradient(cost, [...params]);
  return [
    { name: "value", returns: cost },
    { name: "gradient", writes },
    { name: "valueAndGradient", returns: cost, writes },
  ];
}

describe("what is bound once", () => {
  const cost = parse("(W - mean(y))^2 + sum(x^2)*b^2 + 3*W", { data: ["x", "y"] });
  const params = ["W", "b"];
  const binding = bindNames(cost, params, data);
  const plan = planKernel(entries(cost, params), binding);

  test("exactly the data-only parts are bound: scalars of the columns and numbers, never a number itself", () => {
    expect(plan.constants.length).toBeGreaterThanOrEqual(2);
    for (const e of plan.constants) {
      expect(e.kind).not.toBe("num");
      expect(freeSymbols(e).filter((name) => params.includes(name))).toEqual([]);
      expect(columnsOutsideReductions(e, new Set(["x", "y"]))).toEqual([]);
    }
    // mean(y) and sum(x^2) are among them, or inside one of them
    const inside = new Set(walkAll(plan.constants).map((e) => e.id));
    for (const part of ["mean(y)", "sum(x^2)"])
      expect(inside.has(parse(part, { data: ["x", "y"] }).id)).toBe(true);
    expect(new Set(plan.constants.map((e) => e.id)).size).toBe(plan.constants.length);
  });

  test("each entry reads parameters from p and data-only parts from their slot of K", () => {
    for (const entry of plan.entries) {
      if (!("plan" in entry.how)) throw new Error(`${entry.name} has no plan of its own`);
      for (const input of entry.how.plan.inputs) {
        const where = plan.input(input);
        if (input.kind === "sym") expect(where).toEqual({ param: params.indexOf(input.name) });
        else expect(plan.constants[(where as { constant: number }).constant]).toBe(input);
        expect(input.kind).not.toBe("num");
      }
    }
  });

  test("the counts and the column positions are the binding's", () => {
    expect(plan.columns).toBe(2);
    expect(plan.params).toBe(2);
    for (const name of ["x", "y"]) expect(plan.column(name)).toBe(binding.columnIndex.get(name));
    expect(plan.precision).toBe("f64");
  });

  test("the bind schedule computes the constants from columns and numbers only", () => {
    expect(plan.bind.inputs).toHaveLength(0);
  });
});

describe("entries", () => {
  test("a small formula's gradient has its own plan, and every entry agrees with evaluate", () => {
    const cost = parse("mean((W*x + b - y)^2) + W^2*b", { data: ["x", "y"] });
    const params = ["W", "b"];
    const binding = bindNames(cost, params, data);
    const plan = planKernel(entries(cost, params), binding);
    expect(plan.entries.map((e) => "plan" in e.how)).toEqual([true, true, true]);
    expect(plan.entries.map((e) => e.name)).toEqual(["value", "gradient", "valueAndGradient"]);
    const kernel = generateKernel(entries(cost, params), binding);
    expect(kernel.target).toBe("js");
    const instance = kernel.instantiate(binding.columns);
    instance.bind(3);
    const p = Float64Array.of(0.5, -2);
    const values = { W: 0.5, b: -2, ...data };
    const truth = evaluate(cost, values);
    const partials = gradient(cost, params).map((g) => evaluate(g, values));
    expect(instance.value(p)).toBeCloseTo(truth, 12);
    const g = new Float64Array(2);
    instance.gradient(p, g);
    for (const k of [0, 1]) expect(g[k]).toBeCloseTo(partials[k]!, 12);
    const both = new Float64Array(2);
    expect(instance.valueAndGradient(p, both)).toBeCloseTo(truth, 12);
    expect([...both]).toEqual([...g]);
  });

  /** A sum of `k` parameters (k + 1 nodes), its entries writing the parameters themselves. */
  function wide(k: number) {
    const params = Array.from({ length: k }, (_, i) => `p${i}`);
    const cost = add(...params.map((name) => sym(name)));
    const writes = params.map((name) => sym(name));
    const binding = bindNames(cost, params);
    return planKernel(
      [
        { name: "value", returns: cost },
        { name: "gradient", writes },
        { name: "valueAndGradient", returns: cost, writes },
      ],
      binding,
    );
  }
  const how = (plan: ReturnType<typeof wide>) =>
    plan.entries.map((e) => ("via" in e.how ? e.how.via : "plan"));

  test("beyond 2000 nodes the entry that only writes calls the one that also returns; the value never calls", () => {
    expect(how(wide(1999))).toEqual(["plan", "plan", "plan"]);
    expect(how(wide(2000))).toEqual(["plan", "valueAndGradient", "plan"]);
  });

  test("an entry that writes other roots than the one with a value keeps its own plan, however big", () => {
    const params = Array.from({ length: 2500 }, (_, i) => `p${i}`);
    const cost = add(...params.map((name) => sym(name)));
    const plan = planKernel(
      [
        { name: "gradient", writes: params.map((name) => sym(name)) },
        // the same roots in another array: not known to be the same outputs
        { name: "valueAndGradient", returns: cost, writes: params.map((name) => sym(name)) },
      ],
      bindNames(cost, params),
    );
    expect(plan.entries.map((e) => "plan" in e.how)).toEqual([true, true]);
  });
});

describe("f32", () => {
  test("a kernel in f32 rounds parameters to float32 as it reads them, and reads float32 columns", () => {
    const w = 1 + 2 ** -30; // float32 rounds it to 1
    const alone = parse("W");
    const kernel = generateKernel([{ name: "value", returns: alone }], bindNames(alone, ["W"]), "f32");
    expect(kernel.precision).toBe("f32");
    const instance = kernel.instantiate([]);
    instance.bind(0);
    expect(instance.value(Float64Array.of(w))).toBe(1);
    const f64 = generateKernel([{ name: "value", returns: alone }], bindNames(alone, ["W"])).instantiate([]);
    expect(f64.value(Float64Array.of(w))).toBe(w);

    const cost = parse("mean(x*W)", { data: ["x"] });
    const binding = bindNames(cost, ["W"], { x });
    const columns = binding.columns.map((c) => Float32Array.from(c));
    const sum = generateKernel([{ name: "value", returns: cost }], binding, "f32").instantiate(columns);
    sum.bind(3);
    // every product and the sum are exact in float32; the mean rounds once
    expect(sum.value(Float64Array.of(0.5))).toBe(Math.fround(3.5 / 3));
  });
});

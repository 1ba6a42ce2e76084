/**
 * The generated JavaScript itself: the seed's value and partials share one loop over the rows, data-only
 * parts leave the per-call code, and no user-chosen text ever reaches it, so names that look like code
 * (or like the generator's own locals) are just names.
 */
import { describe, expect, test } from "vitest";
import { compile, evaluate } from "../../src/compile/index.js";
import { gradient } from "../../src/diff/index.js";
import { add, mul, num, pow, reduce, sub, sym } from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";

/** The text of the generated function `name`. */
function functionText(source: string, name: string): string {
  const start = source.indexOf(`function ${name}(`);
  return source.slice(start, source.indexOf("\n}", start));
}

const rowLoops = (text: string) => text.match(/for \(let i = /g)?.length ?? 0;

describe("fused loops", () => {
  const seed = compile(parse("mean((W*x + b - y)^2)"), {
    params: ["W", "b"],
    data: { x: [1, 2, 3], y: [2, 4, 7] },
  });

  test("the seed's value and both partials are computed in exactly one loop over the rows", () => {
    const text = functionText(seed.source, "valueAndGradient");
    expect(rowLoops(text)).toBe(1);
    // the residual is computed once per row and feeds the three sums
    expect(text.match(/s\d+ \+= /g)).toHaveLength(3);
    expect(text.match(/- c1\[i\]/g)).toHaveLength(1);
  });

  test("mean(y) is computed when the data is bound, not at every call", () => {
    const cost = compile(parse("(W - mean(y))^2 + sum(x^2)*b^2"), {
      params: ["W", "b"],
      data: { x: [1, 2, 3], y: [2, 4, 7] },
    });
    for (const name of ["value", "gradient", "valueAndGradient"])
      expect(rowLoops(functionText(cost.source, name))).toBe(0);
    expect(rowLoops(functionText(cost.source, "bindData"))).toBe(1);
    expect(cost.value(Float64Array.of(1, 2))).toBeCloseTo((1 - 13 / 3) ** 2 + 14 * 4, 12);
  });

  test("a nested reduction needs one loop per level, each fused", () => {
    const cost = compile(parse("mean((x - mean(x*W))^2) + mean(x*W)^2"), {
      params: ["W"],
      data: { x: [1, 2, 4] },
    });
    expect(rowLoops(functionText(cost.source, "valueAndGradient"))).toBe(2);
  });

  test("scalars needed in a loop are computed before it", () => {
    const cost = compile(parse("mean(exp(W)*x)"), { params: ["W"], data: { x: [1, 2, 4] } });
    const text = functionText(cost.source, "value");
    expect(text.indexOf("Math.exp")).toBeLessThan(text.indexOf("for (let i"));
  });
});

describe("names are never code", () => {
  test("the source contains no user-chosen name", () => {
    const cost = compile(parse("mean((zzzUserName*qqqColumn - 1)^2)"), {
      params: ["zzzUserName"],
      data: { qqqColumn: [1, 2, 3] },
    });
    expect(cost.source).not.toMatch(/zzzUserName|qqqColumn/);
    expect(cost.hessianSource).not.toMatch(/zzzUserName|qqqColumn/);
  });

  // names of JavaScript globals, of Object.prototype members, and of the generator's own locals
  const params = [
    "p",
    "i",
    "n",
    "N",
    "g",
    "K",
    "Math",
    "constructor",
    "__proto__",
    "process",
    "c0",
    "C0",
    "v0",
  ];
  const columns = ["hasOwnProperty", "toString", "cols", "s0", "t0", "lo", "hi", "bind"];

  test.each(params.map((name, k) => [name, k]))("a parameter named %s compiles and evaluates", (name, k) => {
    const expr = parse(`(${name} - ${k})^2*${name} + mean(${name}*x)`);
    const cost = compile(expr, { params: [name], data: { x: [1, 2, 3] } });
    const values = new Map<string, number | number[]>([
      [name, 0.5],
      ["x", [1, 2, 3]],
    ]);
    const g = new Float64Array(1);
    expect(cost.valueAndGradient(Float64Array.of(0.5), g)).toBeCloseTo(evaluate(expr, values), 13);
    expect(g[0]).toBeCloseTo(evaluate(gradient(expr, [name])[0]!, values), 13);
  });

  test("all those names together, as parameters and as data columns", () => {
    const data = Object.fromEntries(columns.map((name, k) => [name, [k + 1, -k, 0.5 * k]]));
    const expr = add(
      ...params.map((name, k) => pow(sub(sym(name), num(k)), num(2))),
      ...columns.map((name) => reduce("mean", mul(sym(name), sym(params[0]!), sym("__proto__")))),
    );
    const cost = compile(expr, { params, data });
    const point = params.map((_, k) => 0.25 * k - 1);
    const values = new Map<string, number | number[]>([
      ...params.map((name, k): [string, number] => [name, point[k]!]),
      ...Object.entries(data),
    ]);
    const g = new Float64Array(params.length);
    expect(cost.valueAndGradient(Float64Array.from(point), g)).toBeCloseTo(evaluate(expr, values), 12);
    for (const [k, partial] of gradient(expr, params).entries())
      expect(g[k]).toBeCloseTo(evaluate(partial, values), 12);
  });

  test("a name made of code is only a name", () => {
    const name = '"); globalThis.hacked = true; ("';
    const cost = compile(pow(sym(name), num(2)), { params: [name] });
    expect(cost.value(Float64Array.of(3))).toBe(9);
    expect("hacked" in globalThis).toBe(false);
    expect(cost.source).not.toContain("hacked");
  });
});

import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { derivative, gradient, hessian, parameters } from "../../src/diff/index.js";
import { add, call, type Expr, FUNCTIONS, mul, num, pow, size, sub, sym } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { ParseError, parse } from "../../src/syntax/index.js";

const seed = { x: [1, 2, 3], y: [1, 2, 3] };
const text = (e: Expr) => format(e);

describe("the seed's derivatives", () => {
  it("differentiates the seed's cost into the forms a person writes", () => {
    const [dW, db] = gradient(parse("mean((W*x+b - y)^2)"), ["W", "b"]);
    expect(text(dW!)).toBe("mean(2*(W*x + b - y)*x)");
    expect(text(db!)).toBe("mean(2*(W*x + b - y))");
  });

  it("gives the tutorial's hand-computed gradient 28 for sum((W*x - y)^2)/2 at W = 3", () => {
    const [dW] = gradient(parse("sum((W*x - y)^2)/2"), ["W"]);
    expect(text(dW!)).toBe("sum((W*x - y)*x)");
    expect(evaluate(dW!, { ...seed, W: 3 })).toBe(28);
  });

  it("gives 56/3 for the seed's actual cost mean((W*x - y)^2) at W = 3", () => {
    const [dW] = gradient(parse("mean((W*x - y)^2)"), ["W"]);
    // 2/n * sum((3x - x)*x) = 2/3 * 2 * 14 = 56/3
    expect(evaluate(dW!, { ...seed, W: 3 })).toBeCloseTo(56 / 3, 13);
  });
});

describe("rules", () => {
  const d = (source: string, name = "x") => text(derivative(parse(source), name));

  it("uses the power rule for constant exponents, never a log", () => {
    expect(d("x^3")).toBe("3*x^2");
    expect(d("x^-1")).toBe("-1/x^2");
    expect(d("x^0.5")).toBe("1/(2*x^0.5)");
    expect(d("x^a")).toBe("a*x^(a - 1)");
  });

  it("uses the general rule when the exponent depends on the variable", () => {
    expect(d("2^x")).toBe("log(2)*2^x");
    expect(d("x^x")).toBe("x^x + log(x)*x^x");
  });

  it("applies the product and quotient rules", () => {
    expect(d("x*sin(x)")).toBe("sin(x) + x*cos(x)");
    expect(d("sin(x)/x")).toBe("cos(x)/x - sin(x)/x^2");
  });

  it("applies the chain rule through nested functions", () => {
    expect(d("exp(sin(x))")).toBe("exp(sin(x))*cos(x)");
    expect(d("log(1 + x^2)")).toBe("2*x/(x^2 + 1)");
  });

  it("treats other names as constants", () => {
    expect(d("a*x + b", "x")).toBe("a");
    expect(d("a*x + b", "c")).toBe("0");
  });

  it("differentiates inside reductions, which are linear", () => {
    expect(d("sum(W*x)", "W")).toBe("sum(x)");
    expect(d("mean(W)", "W")).toBe("1");
    expect(d("sum(W)", "W")).toBe("sum(1)");
  });

  it("writes kinks with sign and step, so the result parses", () => {
    const cases: [string, string][] = [
      ["abs(x)", "sign(x)"],
      ["relu(x)", "step(x)"],
      ["max(x, a)", "step(x - a)"],
      ["max(a, x)", "1 - step(a - x)"],
      ["min(x, a)", "step(a - x)"],
    ];
    for (const [f, want] of cases) {
      const got = d(f);
      expect(got).toBe(want);
      expect(parse(got)).toBe(derivative(parse(f), "x"));
    }
  });
});

describe("gradients and Hessians", () => {
  it("lists parameters in order of first appearance, data excluded", () => {
    expect(parameters(parse("mean((W*x + b - y)^2)"), { data: ["x", "y"] })).toEqual(["W", "b"]);
    expect(gradient(parse("mean((W*x + b - y)^2)"), undefined, { data: ["x", "y"] }).map(text)).toEqual([
      "mean(2*(W*x + b - y)*x)",
      "mean(2*(W*x + b - y))",
    ]);
  });

  it("takes x and y inside reductions as data when no data is named, and nothing else", () => {
    expect(parameters(parse("mean((W*x + b - y)^2)"))).toEqual(["W", "b"]);
    expect(gradient(parse("mean((W*x + b - y)^2)")).map(text)).toEqual([
      "mean(2*(W*x + b - y)*x)",
      "mean(2*(W*x + b - y))",
    ]);
    expect(parameters(parse("x^2 + y"))).toEqual(["x", "y"]);
    expect(parameters(parse("mean((W*x + b - y)^2)"), { data: [] })).toEqual(["W", "x", "b", "y"]);
  });

  it("gives 0 for a parameter the formula does not use", () => {
    expect(gradient(parse("a^2"), ["a", "z"]).map(text)).toEqual(["2*a", "0"]);
  });

  it("agrees between reverse mode (gradient) and forward mode (derivative)", () => {
    const f = parse("exp(a*b)*sin(a + c)/(1 + b^2) + mean(a*x - log(1 + c^2*x))");
    const names = ["a", "b", "c"];
    const g = gradient(f, names);
    const at = { a: 0.3, b: -0.7, c: 1.1, x: [0.5, 1.5, 2.5] };
    for (const [i, n] of names.entries())
      expect(evaluate(g[i]!, at)).toBeCloseTo(evaluate(derivative(f, n), at), 12);
  });

  it("computes the Rosenbrock Hessian, symmetric with each pair once", () => {
    const h = hessian(parse("(1 - a)^2 + 100*(b - a^2)^2"), ["a", "b"]);
    expect(h[0]![1]).toBe(h[1]![0]);
    const at = { a: -1.2, b: 1 };
    // closed form: [[1200a^2 - 400b + 2, -400a], [-400a, 200]]
    expect(evaluate(h[0]![0]!, at)).toBeCloseTo(1200 * 1.44 - 400 + 2, 10);
    expect(evaluate(h[0]![1]!, at)).toBeCloseTo(480, 10);
    expect(evaluate(h[1]![1]!, at)).toBe(200);
  });

  it("orders the Hessian by the names given, and by the parameters when none are given", () => {
    const e = parse("a^3*b^2 + b");
    const at = { a: 2, b: -1 };
    const values = (h: Expr[][]) => h.map((row) => row.map((entry) => evaluate(entry, at)));
    // closed form, in the order a, b: [[6ab^2, 6a^2b], [6a^2b, 2a^3]]
    expect(values(hessian(e))).toEqual([
      [12, -24],
      [-24, 16],
    ]);
    expect(values(hessian(e, ["b", "a"]))).toEqual([
      [16, -24],
      [-24, 12],
    ]);
    expect(values(hessian(e, ["b"]))).toEqual([[16]]);
  });
});

describe("expression swell", () => {
  it("differentiates a 40-deep composition with a derivative linear in shared size", () => {
    let e: Expr = sym("x");
    for (let i = 0; i < 40; i++)
      e = i % 2 === 0 ? call(FUNCTIONS.get("exp")!, [e]) : call(FUNCTIONS.get("sin")!, [e]);
    const d = derivative(e, "x");
    expect(size(d, { shared: true })).toBeLessThan(6 * size(e, { shared: true }));
    // and it is right: compare with a central difference at a point
    const at = 0.1;
    const h = 1e-7;
    const fd = (evaluate(e, { x: at + h }) - evaluate(e, { x: at - h })) / (2 * h);
    expect(evaluate(d, { x: at })).toBeCloseTo(fd, 3);
  });

  it("gives the 1,000-parameter Rosenbrock gradient in reverse mode, linear in size", () => {
    const p = Array.from({ length: 1000 }, (_, i) => sym(`p${i}`));
    const terms: Expr[] = [];
    for (let i = 0; i < 999; i++) {
      terms.push(
        add(mul(num(100), pow(sub(p[i + 1]!, pow(p[i]!, num(2))), num(2))), pow(sub(num(1), p[i]!), num(2))),
      );
    }
    const f = add(...terms);
    const names = p.map((s) => s.name);
    const g = gradient(f, names);
    expect(g).toHaveLength(1000);
    const total = size(add(...g), { shared: true });
    expect(total).toBeLessThan(30 * size(f, { shared: true }));
    // spot-check components against the closed form at p_i = i/1000
    const at = Object.fromEntries(names.map((n, i) => [n, i / 1000]));
    const v = (i: number) => i / 1000;
    for (const i of [0, 1, 500, 999]) {
      let want = 0;
      if (i < 999) want += -400 * v(i) * (v(i + 1) - v(i) ** 2) - 2 * (1 - v(i));
      if (i > 0) want += 200 * (v(i) - v(i - 1) ** 2);
      expect(evaluate(g[i]!, at)).toBeCloseTo(want, 10);
    }
  });
});

// issue 9: `diff "1/(b/0)"` printed d/db = -1, `diff "a + b/(a/0)" --wrt a` printed 1 - b, `minimize "0/0 + W^2"`
// converged, `format "1e-400/1e-400"` printed 0: a division by an exact zero is an error at the divisor
describe("exact zero divisors", () => {
  it.each([
    ["1/(b/0)", 6, "division by zero"],
    ["a + b/(a/0)", 10, "division by zero"],
    ["0/0 + W^2", 3, "division by zero"],
    ["1e-400/1e-400", 8, "division by zero"],
    ["1/(1 - 1)", 3, "division by zero"],
    ["x/sin(0)", 3, "division by zero"],
    ["0^-2 + x", 1, "a power of 0 with a negative exponent"],
    ["2*(0*x)^-1", 3, "a power of 0 with a negative exponent"],
  ])("%s is a ParseError at column %i", (source, column, message) => {
    let error: unknown;
    try {
      parse(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).column).toBe(column);
    expect((error as ParseError).message).toContain(message);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, type Expr, mul, num, pow, sym } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";
import { arbExpr } from "../arb.js";
import { golden } from "../golden.js";

// Each block: a formula, and how it prints after parsing (always re-parsing to the same node).
golden(new URL("../golden/text.txt", import.meta.url), (source) => {
  const e = parse(source);
  const text = format(e);
  if (parse(text) !== e) return `NOT FAITHFUL: ${text}`;
  return text;
});

describe("text printing", () => {
  it.each([
    ["2*(W*x + b - y)*x", "2*(W*x + b - y)*x"],
    ["0.1", "0.1"],
    ["4.0", "4"],
    ["1/3", "1/3"],
    ["3 - x", "3 - x"],
    ["-x - y + 2", "2 - x - y"],
  ])("%s prints as %s", (source, text) => {
    expect(format(parse(source))).toBe(text);
  });

  it("prints trees the parser cannot build directly, faithfully", () => {
    const x = sym("x");
    const cases: Expr[] = [
      mul(x, pow(num(3), num(-1))),
      add(x, mul(num(-1, 3), sym("y"))),
      pow(num(1, 3), x),
      pow(x, num(1, 3)),
      pow(num(-2), num(1, 3)),
      mul(num(2 ** 60), x),
      num(2 ** 60),
      num(1e-40),
      num(-1e300),
      pow(x, num(-1e-7)),
      mul(num(1, 3), pow(x, num(-2)), pow(sym("y"), num(-1, 2))),
      pow(num(0), num(-2)),
      mul(num(1, 2), pow(num(0), num(-1))),
      mul(num(3, 2), pow(mul(num(5e-324), x), num(-1))),
      add(num(1e308), x, num(1e308)),
      mul(num(-1), num(1e300), num(1e300)),
      mul(num(1e300), x, pow(sym("y"), num(-1)), num(1, 3), num(1e300)),
    ];
    for (const e of cases) expect(parse(format(e))).toBe(e);
  });

  it("re-parses every random tree to the same interned node", () => {
    fc.assert(
      fc.property(arbExpr({ depth: 4, names: ["x", "y", "W", "__proto__"], reductions: true }), (e) => {
        expect(parse(format(e))).toBe(e);
      }),
      { numRuns: 3000 },
    );
  });

  it("re-parses random trees with extreme numbers to the same node", () => {
    fc.assert(
      fc.property(arbExpr({ depth: 3, names: ["x", "y"], reductions: true, wideNumbers: true }), (e) => {
        expect(parse(format(e))).toBe(e);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes spaces around + and - only", () => {
    fc.assert(
      fc.property(arbExpr({ depth: 3, names: ["x", "y"], functions: false }), (e) => {
        const text = format(e);
        expect(text).not.toMatch(/ [*/^]|[*/^] /);
        expect(text).not.toMatch(/\S[+]|[+]\S/);
      }),
      { numRuns: 500 },
    );
  });

  it("shares repeated subexpressions when asked, and each line parses", () => {
    const e = parse("exp(sin(x))*y + exp(sin(x))^2");
    const text = format(e, { share: true });
    expect(text).toBe("t1 = exp(sin(x))\nt1*y + t1^2");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, div, type Expr, isUndefined, mul, num, pow, sym, UNDEFINED } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { ParseError, parse } from "../../src/syntax/index.js";
import { arbExpr, arbShaped } from "../arb.js";
import { golden } from "../golden.js";

// Each block: a formula, and how it prints after parsing (always re-parsing to the same node).
golden(new URL("../golden/text.txt", import.meta.url), (source) => {
  const e = parse(source);
  const text = format(e);
  if (parse(text) !== e) throw new Error(`${text} does not parse back to the same tree`);
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
      mul(num(3, 2), pow(mul(num(5e-324), x), num(-1))),
      add(num(1e308), x, num(1e308)),
      mul(num(-1), num(1e300), num(1e300)),
      mul(num(1e300), x, pow(sym("y"), num(-1)), num(1, 3), num(1e300)),
    ];
    for (const e of cases) expect(parse(format(e))).toBe(e);
  });

  it("prints UNDEFINED (a division by an exact 0) as 0/0, which the parser rejects at the divisor", () => {
    expect(format(div(sym("b"), num(0)))).toBe("0/0");
    expect(format(UNDEFINED, { style: "latex" })).toBe("\\frac{0}{0}");
    expect(() => parse("0/0")).toThrow(ParseError);
  });

  /** The same node back, or for UNDEFINED, a ParseError. */
  const roundTrips = (e: Expr) => {
    if (isUndefined(e)) expect(() => parse(format(e))).toThrow(ParseError);
    else expect(parse(format(e))).toBe(e);
  };

  it("re-parses every random tree to the same interned node", () => {
    fc.assert(
      fc.property(
        arbExpr({ depth: 4, names: ["x", "y", "W", "__proto__"], reductions: true, undefinedToo: true }),
        roundTrips,
      ),
      { numRuns: 3000 },
    );
  });

  it("re-parses random trees with extreme numbers to the same node", () => {
    fc.assert(
      fc.property(
        arbExpr({ depth: 3, names: ["x", "y"], reductions: true, wideNumbers: true, undefinedToo: true }),
        roundTrips,
      ),
      { numRuns: 3000 },
    );
  });

  // issue 9: `format "0.5^20"` printed a decimal that parsed back to a nearby f64, not to 2^-20
  it("prints every exact number as text that parses back to it: tiny, huge, powers", () => {
    expect(parse(format(parse("0.5^20")))).toBe(parse("0.5^20"));
    expect(parse(format(num(1, 2 ** 52)))).toBe(num(1, 2 ** 52));
    const safe = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    const denominator = fc.oneof(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.tuple(fc.nat(53), fc.nat(22)).map(([a, b]) => 2 ** a * 5 ** b),
      fc.nat(53).map((a) => 2 ** a),
    );
    const exact = fc
      .tuple(safe, denominator)
      .filter(([, d]) => Number.isSafeInteger(d))
      .map(([n, d]) => num(n, d));
    fc.assert(
      fc.property(exact, (e) => {
        expect(e.kind === "num" && e.exact).toBeTruthy();
        roundTrips(e);
      }),
      { numRuns: 3000 },
    );
    const small = fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 12 }));
    fc.assert(
      fc.property(small, fc.integer({ min: -60, max: 60 }), ([n, d], k) =>
        roundTrips(pow(num(n, d), num(k))),
      ),
      { numRuns: 2000 },
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

  // issue 9: `--share` printed definitions that no line used
  it("shares a repeated negated term as a name, and prints no definition that no line uses", () => {
    const roots = [parse("y - exp(x)*sin(x)"), parse("z - exp(x)*sin(x)")];
    expect(format(roots, { share: true })).toBe("t1 = -exp(x)*sin(x)\ny + t1\nz + t1");
    // b^-2 is shared, but each line writes it below the line as b^2: no `t1 = 1/b^2` that nothing uses
    expect(format([parse("a/b^2"), parse("c/b^2")], { share: true })).toBe("a/b^2\nc/b^2");
  });

  it("prints shared names that are each defined once, used later, and mean their definitions", () => {
    const tree = fc.oneof(
      arbExpr({ depth: 3, names: ["x", "y", "t1"], reductions: true }),
      arbShaped(["n", 2], 3),
      arbShaped([], 3),
    );
    const arb = fc.array(tree, { minLength: 2, maxLength: 3 });
    fc.assert(
      fc.property(arb, (roots) => {
        const lines = format(roots, { share: true }).split("\n");
        const definitions = lines.slice(0, lines.length - roots.length).map((line) => {
          const [, name, text] = /^(t\d+) = (.*)$/.exec(line)!;
          return { name: name!, text: text! };
        });
        // each name is used by a later line; replacing the names by their definitions gives the roots back
        definitions.forEach(({ name }, k) => {
          const later = lines.slice(k + 1).join("\n");
          expect(new RegExp(`\\b${name}\\b`).test(later), `${name} unused in\n${lines.join("\n")}`).toBe(
            true,
          );
        });
        const expand = (text: string) =>
          definitions.reduceRight(
            (t, d) => t.replace(new RegExp(`\\b${d.name}\\b`, "g"), `(${d.text})`),
            text,
          );
        lines.slice(definitions.length).forEach((line, i) => {
          expect(parse(expand(line))).toBe(roots[i]);
        });
      }),
      { numRuns: 300 },
    );
  });
});

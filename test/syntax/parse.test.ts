import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  constant,
  div,
  type Expr,
  FUNCTIONS,
  mul,
  neg,
  num,
  pow,
  reduce,
  sub,
  sym,
} from "../../src/expr/index.js";
import { MAX_DEPTH, ParseError, parse } from "../../src/syntax/index.js";
import { arbRecipe, buildRecipe, recipeText } from "../arb.js";
import { thrown } from "../thrown.js";
import { checkLongChains, checkLongSumShapes } from "./longFormulas.js";

const [x, y, a, b, c] = ["x", "y", "a", "b", "c"].map(sym) as [Expr, Expr, Expr, Expr, Expr];
const numberOf = (e: Expr) => (e.kind === "num" ? e.value : Number.NaN);

/** The ParseError that parsing `source` throws. */
const errorOf = (source: string, options = {}) => thrown(ParseError, () => parse(source, options));

describe("numbers and names", () => {
  it.each([
    ["2", num(2)],
    ["0.5", num(1, 2)],
    [".5", num(1, 2)],
    ["1e-3", num(1, 1000)],
    ["2.5E+4", num(25000)],
    ["2.", num(2)],
    ["007", num(7)],
  ])("reads %s exactly", (source, expected) => {
    expect(parse(source)).toBe(expected);
  });

  it("reads long literals as the nearest f64", () => {
    expect(numberOf(parse("0.30000000000000004"))).toBe(0.30000000000000004);
    expect(numberOf(parse("1e300"))).toBe(1e300);
    expect(parse("1e-400")).toBe(num(0));
  });

  it("reads identifiers, keywords as names, and the constants", () => {
    expect(parse("_a1_B")).toBe(sym("_a1_B"));
    expect(parse("data + param + from + minimize")).toBe(
      add(sym("data"), sym("param"), sym("from"), sym("minimize")),
    );
    expect(parse("pi")).toBe(constant("pi"));
    expect(parse("e")).toBe(constant("e"));
    expect(parse("epsilon")).toBe(sym("epsilon"));
    expect(parse("pie")).toBe(sym("pie"));
  });

  it("treats __proto__, constructor and toString as ordinary names", () => {
    expect(parse("__proto__ + constructor*toString")).toBe(
      add(sym("__proto__"), mul(sym("constructor"), sym("toString"))),
    );
    expect(parse("hasOwnProperty^valueOf")).toBe(pow(sym("hasOwnProperty"), sym("valueOf")));
  });

  it("skips comments and reads new lines as white space", () => {
    expect(parse("x # the input\n  + y # and more\n")).toBe(add(x, y));
    expect(parse("\n\nx\r\n*\ty\n")).toBe(mul(x, y));
  });
});

describe("precedence and associativity", () => {
  it.each([
    ["-x^2", neg(pow(x, num(2)))],
    ["2^-x", pow(num(2), neg(x))],
    ["a^b^c", pow(a, pow(b, c))],
    ["a/b/c", div(div(a, b), c)],
    ["a-b-c", sub(sub(a, b), c)],
    ["a - b + c", add(sub(a, b), c)],
    ["a + b*c", add(a, mul(b, c))],
    ["a*b + c", add(mul(a, b), c)],
    ["a*b^c", mul(a, pow(b, c))],
    ["a^b*c", mul(pow(a, b), c)],
    ["a/b*c", mul(div(a, b), c)],
    ["a^-b^c", pow(a, neg(pow(b, c)))],
    ["a^-b*c", mul(pow(a, neg(b)), c)],
    ["-a*b", mul(neg(a), b)],
    ["--a", a],
    ["+-+a", neg(a)],
    ["a*-b", mul(a, neg(b))],
    ["a - -b", add(a, b)],
    ["(a+b)*c", mul(add(a, b), c)],
    ["(a^b)^c", pow(pow(a, b), c)],
    ["-(a+b)", neg(add(a, b))],
    ["2^3^2", num(512)],
    ["-2^2", num(-4)],
    ["(-2)^2", num(4)],
  ])("%s", (source, expected) => {
    expect(parse(source)).toBe(expected);
  });
});

describe("calls", () => {
  it("calls every function of the table with its arity", () => {
    for (const fn of FUNCTIONS.values()) {
      const args = ["x", "y", "z"].slice(0, fn.arity);
      const e = parse(`${fn.name}(${args.join(", ")})`);
      expect(e.kind).toBe("call");
      expect(e.kind === "call" && e.fn).toBe(fn);
      const wrong = fn.arity === 1 ? "x, y" : "x";
      expect(errorOf(`${fn.name}(${wrong})`).message).toMatch(/takes \d arguments?, got \d/);
      expect(errorOf(`${fn.name}()`).message).toContain("got 0");
    }
  });

  it("reads sum and mean of one argument as reductions over every entry; a second is a dimension", () => {
    expect(parse("sum(x^2)")).toBe(reduce("sum", pow(x, num(2))));
    expect(parse("mean(x)")).toBe(reduce("mean", x));
    expect(errorOf("mean(x, y)").message).toMatch(/^the d of mean\(A, d\) is a dimension: 0 .* or 1/);
    expect(errorOf("mean(x, 1, 2)").message).toMatch(/^'mean' takes 1 or 2 arguments/);
  });

  it("makes the mean of a scalar constant that constant", () => {
    expect(parse("mean(3)")).toBe(num(3));
    expect(parse("mean(1/3)")).toBe(num(1, 3));
    expect(parse("mean(pi)")).toBe(constant("pi"));
    expect(parse("mean(2*sin(1))")).toBe(parse("2*sin(1)"));
    expect(parse("mean(mean(x))")).toBe(parse("mean(x)"));
    expect(parse("mean(sum(x)^2)")).toBe(parse("sum(x)^2"));
    expect(parse("sum(0)")).toBe(num(0));
  });
});

describe("data and shapes", () => {
  const data = { data: ["x", "y"] };

  it("accepts a cost that reduces every column", () => {
    expect(parse("mean((W*x + b - y)^2)", data)).toBe(
      reduce("mean", pow(sub(add(mul(sym("W"), x), sym("b")), y), num(2))),
    );
    expect(parse("sum(x) + W^2 + mean(y)/sum(x)", data).kind).toBe("add");
  });

  it("rejects a column outside any reduction, pointing at it", () => {
    const error = errorOf("(W*x - y)^2", data);
    expect(error.message).toMatch(/^'x' is a data column/);
    expect([error.line, error.column]).toEqual([1, 4]);
    const later = errorOf("mean(x) + x", data);
    expect([later.line, later.column]).toEqual([1, 11]);
    const second = errorOf("mean(x)\n  + W*y", data);
    expect([second.line, second.column, second.message.slice(0, 3)]).toEqual([2, 7, "'y'"]);
  });

  it("does not treat names as data without the option", () => {
    expect(parse("(W*x - y)^2").kind).toBe("pow");
  });
});

describe("syntax errors", () => {
  it("carries line, column, message and a formatted caret", () => {
    const error = errorOf("x +\n  * y");
    expect(error).toBeInstanceOf(ParseError);
    expect(error.name).toBe("ParseError");
    expect([error.line, error.column]).toEqual([2, 3]);
    expect(error.message).toBe("expected an operand after '+' but found '*'");
    expect(error.format()).toBe("Line 2, col 3: expected an operand after '+' but found '*'\n    * y\n    ^");
  });

  it.each([
    ["2x", "expected an operator between '2' and 'x'; write 2*x to multiply"],
    ["x**2", "'**' is not an operator; write '^' for a power, as in x^2"],
    ["x +", "expected an operand after '+' but found the end of the input"],
    ["sqr(x)", "unknown function 'sqr'; did you mean 'sqrt'?"],
    ["((x)", "'(' is never closed; expected ')'"],
    ["x)", "')' has no matching '('"],
    ["", "expected a formula but found the end of the input"],
    ["sin", "'sin' is a function; call it as sin(…)"],
    ["x\0", "unexpected character U+0000"],
    ["x😀", "unexpected character '😀'"],
  ])("%j", (source, message) => {
    expect(errorOf(source).message).toBe(message);
  });

  it("reads CRLF line endings and a byte-order mark as LF text, with the same positions", () => {
    const lf = "mean(\n  (W*x - y)^2\n) + q +\n  * 2";
    const expected = errorOf(lf).format();
    expect(expected).toMatch(/^Line 4, col 3:/);
    for (const text of [lf.replace(/\n/g, "\r\n"), `\ufeff${lf}`, `\ufeff${lf.replace(/\n/g, "\r\n")}`])
      expect(errorOf(text).format()).toBe(expected);
    expect(parse("\ufeffmean(x)\r\n+ 1")).toBe(parse("mean(x) + 1"));
  });

  it("points at the parenthesis left open", () => {
    const error = errorOf("f(x) + (y * (z + 1)\n + 2");
    expect([error.line, error.column]).toEqual([1, 8]);
  });
});

describe("bounded recursion", () => {
  const deep = (n: number) => `${"(".repeat(n)}x${")".repeat(n)}`;

  it("accepts nesting up to MAX_DEPTH and rejects deeper with a ParseError", () => {
    expect(parse(deep(MAX_DEPTH - 1))).toBe(x);
    expect(errorOf(deep(10_000)).message).toMatch(/nested too deeply/);
    expect(errorOf(`${"-(".repeat(10_000)}x${")".repeat(10_000)}`).message).toMatch(/nested too deeply/);
    expect(errorOf(`x${"^y".repeat(10_000)}`).message).toMatch(/nested too deeply/);
  });

  it("bounds chains of powers whose operands are parenthesised or calls", () => {
    expect(errorOf(`x${"^(1)".repeat(10_000)}`).message).toMatch(/nested too deeply/);
    expect(errorOf(`x${"^sin(x)".repeat(10_000)}`).message).toMatch(/nested too deeply/);
    expect(errorOf(`x${"^-(y)".repeat(10_000)}`).message).toMatch(/nested too deeply/);
  });

  it("does not count powers that are side by side as nested", () => {
    const terms = Array.from({ length: 1000 }, (_, i) => `x^${i + 2}`);
    expect(parse(terms.join(" + ")).kind).toBe("add");
    expect(parse(terms.join(" - ")).kind).toBe("add");
    expect(parse(terms.map((t) => `(${t})`).join("*")).kind).toBe("mul");
    expect(parse(`sin(x)^2${" + sin(x)^2".repeat(1000)}`).kind).toBe("add");
    expect(parse(`f(x^2${", x^2".repeat(1000)})`.replace("f(", "max(").replace(/,.*\)$/, ", x^2)"))).toBe(
      parse("max(x^2, x^2)"),
    );
    expect(parse(`x^y\n${"+ x^y\n".repeat(1000)}`).kind).toBe("add");
  });

  it("folds long quotients, differences and numeric sums left to right", () => checkLongChains(3_000));

  it("checks shapes of long sums", () => checkLongSumShapes(10_000));
});

describe("any string gives a tree or a ParseError", () => {
  const outcome = (source: string) => {
    try {
      parse(source);
      return "tree";
    } catch (error) {
      if (error instanceof ParseError) {
        expect(error.line).toBeGreaterThanOrEqual(1);
        expect(error.column).toBeGreaterThanOrEqual(1);
        expect(typeof error.format()).toBe("string");
        return "error";
      }
      throw error;
    }
  };

  const pieces = [
    "x",
    "y",
    "W",
    "b",
    "2",
    "0.5",
    ".5",
    "1e-3",
    "2.5E+4",
    "1e999",
    "99999999999999999999",
    "pi",
    "e",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "(",
    ")",
    "[",
    "]",
    ",",
    "=",
    " ",
    "\n",
    "# c\n",
    "sin",
    "max",
    "sum",
    "mean",
    "sqr",
    "data",
    "__proto__",
    "constructor",
    "\0",
    "😀",
    '"s"',
    "é",
    "\t",
    "\r",
  ];

  it("for strings of the language's own tokens", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        outcome(parts.join(""));
      }),
      { numRuns: 3000 },
    );
  });

  it("for arbitrary unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (source) => {
        outcome(source);
      }),
      { numRuns: 1000 },
    );
  });

  it("for mutations of formulas that parse", () => {
    const formula = arbRecipe({ depth: 3, names: ["x", "y"], reductions: true }).map(recipeText);
    fc.assert(
      fc.property(formula, fc.nat(), fc.constantFrom(...pieces), (text, at, piece) => {
        const i = at % (text.length + 1);
        outcome(text.slice(0, i) + piece + text.slice(i + 1));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the parser builds what the constructors build", () => {
  it("for random formulas written fully parenthesised", () => {
    fc.assert(
      fc.property(arbRecipe({ depth: 4, names: ["x", "y", "W"], reductions: true }), (recipe) => {
        expect(parse(recipeText(recipe))).toBe(buildRecipe(recipe));
      }),
      { numRuns: 1000 },
    );
  });
});

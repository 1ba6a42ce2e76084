import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { size } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { simplify } from "../../src/simplify/index.js";
import { parse } from "../../src/syntax/index.js";
import { arbColumns, arbExpr, arbPoint } from "../arb.js";

const s = (source: string) => format(simplify(parse(source)));

describe("simplify", () => {
  it("folds constants exactly", () => {
    expect(s("1/3 + 1/6")).toBe("0.5");
    expect(s("2*0.5*x")).toBe("x");
    expect(s("x/3")).toBe("x/3");
  });

  it("applies identities", () => {
    expect(s("x*1 + 0")).toBe("x");
    expect(s("x^1")).toBe("x");
    expect(s("0*sin(x)")).toBe("0");
    expect(s("x - x")).toBe("0");
    expect(s("x/x")).toBe("1");
  });

  it("collects like terms and like factors, keeping the written order", () => {
    expect(s("x + x")).toBe("2*x");
    expect(s("x*y + 2*y*x")).toBe("3*x*y");
    expect(s("x*x")).toBe("x^2");
    expect(s("x*y*x/y^3")).toBe("x^2/y^2");
    expect(s("b + a + b")).toBe("2*b + a");
  });

  it("does not expand products over sums", () => {
    expect(s("2*(a + b)")).toBe("2*(a + b)");
    expect(s("(a + b)*(a + b)")).toBe("(a + b)^2");
  });

  it("moves a number out of a reduction only when the result is smaller", () => {
    expect(s("1/2*sum(2*(W*x - y)*x)")).toBe("sum((W*x - y)*x)");
    expect(s("mean(2*(W*x - y))")).toBe("mean(2*(W*x - y))");
  });

  it("never grows a formula and keeps its value where it is defined", () => {
    const names = ["a", "b", "x"];
    fc.assert(
      fc.property(
        arbExpr({ depth: 3, names, reductions: true }),
        arbPoint(["a", "b"]),
        arbColumns(["x"], 3),
        (e, at, data) => {
          const simple = simplify(e);
          expect(size(simple)).toBeLessThanOrEqual(size(e) + 2);
          let before: number;
          try {
            before = evaluate(e, { ...at, ...data });
          } catch {
            return;
          }
          fc.pre(Number.isFinite(before));
          const after = evaluate(simple, { ...at, ...data });
          // simplification regroups sums, so rounding differs by a few ulps of the largest intermediate term
          expect(
            Math.abs(after - before),
            `${format(e)} → ${format(simple)} at ${JSON.stringify(at)}`,
          ).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(before)));
        },
      ),
      { numRuns: 400, maxSkipsPerRun: 2000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(arbExpr({ depth: 3, names: ["a", "b"] }), (e) => {
        const once = simplify(e);
        expect(format(simplify(once)), format(e)).toBe(format(once));
      }),
      { numRuns: 300 },
    );
  });
});

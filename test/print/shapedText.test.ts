import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AlongOp,
  add,
  along,
  type Expr,
  formatShape,
  isUndefined,
  matmul,
  mul,
  num,
  pow,
  shapeOf,
  sizeOf,
  sym,
  transpose,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";
import { arbExpr, arbShaped, shapedEnv } from "../arb.js";

const [A, B, C, w, x] = ["A", "B", "C", "w", "x"].map((n) => sym(n)) as [Expr, Expr, Expr, Expr, Expr];

describe("printing vectors and matrices", () => {
  const cases: [Expr, string][] = [
    [mul(w, matmul(A, B)), "w*(A@B)"],
    [mul(matmul(A, B), w), "A@B*w"],
    [mul(num(2), matmul(transpose(A), x)), "2*A'@x"],
    [mul(num(-1), matmul(A, B)), "-A@B"],
    // found by the mixed-kinds property: a sign or coefficient before a number under @ folds into it
    [mul(num(-1), matmul(num(2), A), w), "-(2@A)*w"],
    [mul(num(3), matmul(num(2), A)), "3*(2@A)"],
    [mul(num(-1), matmul(num(0.5), x)), "-(0.5@x)"],
    [matmul(num(-0.5), x), "(-0.5)@x"],
    [mul(num(-1), matmul(num(-1), x), A), "-((-1)@x)*A"],
    [mul(num(1, 2), matmul(A, B)), "A@B/2"],
    [mul(x, pow(matmul(A, B), num(-1))), "x/(A@B)"],
    [matmul(A, matmul(B, C)), "A@(B@C)"],
    [matmul(matmul(A, B), C), "A@B@C"],
    [matmul(add(A, B), C), "(A + B)@C"],
    [matmul(A, num(-2)), "A@(-2)"],
    [transpose(matmul(A, B)), "(A@B)'"],
    [pow(transpose(x), num(2)), "x'^2"],
    [transpose(pow(x, num(2))), "(x^2)'"],
    [mul(num(-1), transpose(x)), "-x'"],
    [along("sum", A, 0), "sum(A, 0)"],
    [along("softmax", add(matmul(A, w), x), 1), "softmax(A@w + x, 1)"],
    [along("logsumexp", A, undefined), "logsumexp(A)"],
    [sizeOf("rows", A), "rows(A)"],
    [
      mul(num(2), matmul(transpose(A), add(matmul(A, w), x)), pow(sizeOf("rows", A), num(-1))),
      "2*A'@(A@w + x)/rows(A)",
    ],
  ];
  it.each(cases.map(([e, text]) => [text, e] as const))("%s", (text, e) => {
    expect(format(e)).toBe(text);
    expect(parse(text)).toBe(e);
  });

  it("re-parses random shaped trees to the same node, with and without their shapes", () => {
    const shape = fc.constantFrom<readonly (number | "n")[]>([], [3], ["n"], ["n", 2], [3, 2], [2, 3]);
    const tree = shape.chain((s) => arbShaped(s, 3).map((e) => ({ s, e })));
    fc.assert(
      fc.property(tree, ({ s, e }) => {
        const text = format(e);
        expect(parse(text)).toBe(e);
        expect(parse(text, { shapes: shapedEnv })).toBe(e);
        expect(formatShape(shapeOf(e, shapedEnv))).toBe(formatShape(s));
      }),
      { numRuns: 400 },
    );
  });

  it("re-parses random trees that mix every kind regardless of shape (numbers under @ and ', too)", () => {
    const tree = fc
      .letrec<{ e: Expr }>((tie) => ({
        e: fc.oneof(
          { depthSize: "small", withCrossShrink: true },
          arbExpr({ depth: 1, names: ["x", "A", "__proto__"], reductions: true }),
          fc.tuple(tie("e"), tie("e")).map(([l, r]) => matmul(l, r)),
          tie("e").map(transpose),
          fc
            .tuple(
              fc.constantFrom("sum", "mean", "logsumexp", "softmax") as fc.Arbitrary<AlongOp>,
              tie("e"),
              fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
            )
            .map(([op, e, d]) => along(op, e, d)),
          tie("e").map((e) => along("logsumexp", e, undefined)),
          fc
            .tuple(fc.constantFrom("rows", "cols") as fc.Arbitrary<"rows" | "cols">, tie("e"))
            .map(([w, e]) => sizeOf(w, e)),
          fc.tuple(tie("e"), tie("e"), tie("e")).map(([p, q, r]) => mul(p, add(q, r), q)),
          fc.tuple(tie("e"), tie("e")).map(([p, q]) => pow(p, q)),
          tie("e").map((e) => mul(num(-1), e)),
        ),
      }))
      .e.filter((e) => !isUndefined(e));
    fc.assert(
      fc.property(tree, (e) => {
        expect(parse(format(e))).toBe(e);
      }),
      { numRuns: 600 },
    );
  });

  it("writes spaces around + and - only", () => {
    fc.assert(
      fc.property(arbShaped(["n", 2], 3), (e) => {
        const text = format(e);
        expect(text).not.toMatch(/ [*/^@']|[*/^@] /);
      }),
      { numRuns: 300 },
    );
  });
});

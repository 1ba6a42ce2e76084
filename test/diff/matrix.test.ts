/**
 * Matrix-form derivatives: the printed forms of the course's costs (matrixcalculus.org's style, never per
 * entry), one formula per rule of the reverse sweep checked against finite differences over random sizes
 * (the column-factor paths that random formulas seldom reach among them), Hessians in matrix form, the
 * errors, and the scalar formulas' unchanged path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateTensor } from "../../src/compile/tensorEvaluate.js";
import { derivative, gradient, hessian, parameters } from "../../src/diff/index.js";
import {
  add,
  along,
  type Expr,
  matmul,
  mul,
  num,
  pow,
  reduce,
  type Shape,
  sizeOf,
  sub,
  sym,
  transpose,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";
import { SymgradError } from "../../src/text/symgradError.js";
import { arbExpr } from "../arb.js";
import { centralDifference } from "./finiteDifference.js";
import { arbWorld, b, c, envOf, log, sigmoid, sin, tanh, V, W, type World, w, X, Y, y } from "./matrixArb.js";
import { checkGradient } from "./matrixCheck.js";

const regression = envOf({ X: ["n", 3], y: ["n"], w: [3] });
const classes = envOf({ X: ["n", 4], Y: ["n", 3], W: [4, 3], b: [3] });

const linear = reduce("mean", pow(sub(add(matmul(X, w), b), y), num(2)));
const crossEntropy = (bias: Expr) => {
  const z = add(matmul(X, W), bias);
  return reduce("mean", sub(along("logsumexp", z, 1), along("sum", mul(Y, z), 1)));
};
const logistic = (() => {
  const p = sigmoid(add(matmul(X, w), b));
  return reduce("mean", sub(mul(num(-1), y, log(p)), mul(sub(num(1), y), log(sub(num(1), p)))));
})();

describe("the course's costs print in matrix form", () => {
  it("linear regression: d/dw = 2*X'@(X@w + b - y)/rows(X), d/db = mean(2*(X@w + b - y))", () => {
    const [dw, db] = gradient(linear, ["w", "b"], { shapes: regression });
    expect(format(dw!)).toBe("2*X'@(X@w + b - y)/rows(X)");
    expect(format(db!)).toBe("mean(2*(X@w + b - y))");
  });
  it("softmax cross-entropy: d/dW = X'@(softmax(X@W + b, 1) - Y)/rows(X), d/db = mean(…, 0)", () => {
    const [dW, db] = gradient(crossEntropy(b), ["W", "b"], { shapes: classes });
    expect(format(dW!)).toBe("X'@(softmax(X@W + b, 1) - Y)/rows(X)");
    expect(format(db!)).toBe("mean(softmax(X@W + b, 1) - Y, 0)");
  });
  it("logistic regression: the sigmoid's derivative cancels to X'@(sigmoid(X@w + b) - y)/rows(X)", () => {
    const [dw, db] = gradient(logistic, ["w", "b"], { shapes: regression });
    expect(format(dw!)).toBe("X'@(sigmoid(X@w + b) - y)/rows(X)");
    expect(format(db!)).toBe("mean(sigmoid(X@w + b) - y)");
  });
  it("derivative takes the shapes too, and parameters leaves out the names with data rows", () => {
    expect(format(derivative(linear, "w", { shapes: regression }))).toBe("2*X'@(X@w + b - y)/rows(X)");
    expect(parameters(crossEntropy(b), { shapes: classes })).toEqual(["W", "b"]);
  });
  it("LaTeX: X^\\top, matrix products as juxtaposition, the data rows as n", () => {
    const [dw] = gradient(linear, ["w"], { shapes: regression });
    expect(format(dw!, { style: "latex", data: ["X", "y"] })).toBe(
      "\\frac{2 X^\\top \\left(X w + b - y\\right)}{n}",
    );
    expect(format(transpose(add(W, V)), { style: "latex" })).toBe("{\\left(W + V\\right)}^\\top");
  });
  it("LaTeX with shapes: ⊙ between two vectors or matrices, a mean over a matrix as an operator", () => {
    const latex = (e: Expr) => format(e, { style: "latex", data: ["X", "Y"], shapes: classes });
    expect(latex(mul(Y, along("softmax", matmul(X, W), 1)))).toBe(
      "Y \\odot \\operatorname{softmax}\\left(X W, 1\\right)",
    );
    expect(latex(mul(sym("s"), matmul(X, W), Y))).toBe("s \\left(X W\\right) \\odot Y");
    expect(latex(reduce("mean", mul(sym("s"), X)))).toBe("\\operatorname{mean}\\left(s X\\right)");
    expect(latex(reduce("sum", matmul(transpose(X), along("sum", Y, 1))))).toBe(
      "\\operatorname{sum}\\left(X^\\top \\operatorname{sum}\\left(Y, 1\\right)\\right)",
    );
    // one value per data row: the sum over rows, each row indexed
    expect(latex(reduce("mean", along("logsumexp", matmul(X, W), 1)))).toBe(
      "\\frac{1}{n}\\sum_{i=1}^{n} \\operatorname{logsumexp}\\left(X^{(i)} W, 1\\right)",
    );
  });
});

/** Formulas that each exercise one rule (names: X (n,k), y (n), Y (n,m), b, w (k), c (m), W (k,m), V (m,k)). */
const RULES: readonly [string, Expr][] = [
  ["linear regression", linear],
  ["softmax cross-entropy, a vector bias", crossEntropy(c)],
  ["logistic regression", logistic],
  [
    "a hidden layer (an (n) adjoint times a vector: a column factor)",
    reduce("mean", pow(sub(matmul(tanh(matmul(X, W)), c), y), num(2))),
  ],
  [
    "a column factor summed down the rows and through @",
    reduce("sum", sin(along("sum", tanh(add(matmul(X, W), c)), 1))),
  ],
  ["a column factor through '", reduce("sum", sin(along("sum", tanh(transpose(V)), 1)))],
  ["a column factor through '", reduce("sum", sin(along("mean", mul(transpose(V), W), 1)))],
  ["softmax along 1", reduce("sum", mul(along("softmax", matmul(X, W), 1), Y))],
  ["softmax along 0", reduce("sum", pow(along("softmax", V, 0), num(2)))],
  ["softmax of a vector", matmul(along("softmax", w, 0), sin(matmul(transpose(X), y)))],
  ["logsumexp over every entry", add(along("logsumexp", W, undefined), along("logsumexp", w, undefined))],
  [
    "logsumexp along both",
    add(reduce("sum", along("logsumexp", V, 0)), reduce("sum", sin(along("logsumexp", W, 1)))),
  ],
  [
    "mean along both",
    add(
      reduce("mean", pow(along("mean", tanh(matmul(X, W)), 0), num(2))),
      reduce("sum", pow(along("mean", sin(V), 1), num(2))),
    ),
  ],
  ["vector@matrix and vector@vector", matmul(matmul(w, tanh(transpose(V))), c)],
  ["matrix'@vector", reduce("sum", pow(matmul(transpose(sin(W)), w), num(2)))],
  ["a contraction over the data rows", reduce("sum", pow(sub(matmul(transpose(X), y), w), num(2)))],
  ["data vector@matrix", reduce("sum", pow(sub(matmul(y, X), w), num(2)))],
  ["matrix@matrix", reduce("sum", sin(matmul(sin(matmul(X, W)), V)))],
  [
    "broadcasting a vector against rows, a scalar against all",
    add(reduce("sum", mul(W, c)), reduce("mean", mul(b, X))),
  ],
  ["a scalar body: sum(c) = n*c", add(reduce("sum", pow(b, num(2))), reduce("mean", mul(b, num(2))))],
  [
    "sizes",
    add(mul(sizeOf("rows", X), b), mul(sizeOf("cols", X), reduce("sum", w)), mul(sizeOf("rows", w), b)),
  ],
  [
    "an (n) adjoint summed over rows of a matrix product",
    reduce("mean", pow(sub(along("sum", tanh(matmul(X, W)), 1), y), num(2))),
  ],
];

describe("each rule agrees with finite differences over random sizes", () => {
  for (const [name, cost] of RULES)
    it(name, () => {
      fc.assert(
        fc.property(arbWorld(), (world) => {
          expect(checkGradient(cost, world)).toBe(true);
        }),
        { numRuns: 6 },
      );
    });
});

describe("Hessians in matrix form", () => {
  const x = sym("x");
  const Q = sym("Q");
  const quadratic = sub(mul(num(1, 2), matmul(matmul(transpose(x), Q), x)), matmul(transpose(c), x));
  const shapes = envOf({ x: [3], Q: [3, 3], c: [3] });

  it("x'@Q@x/2 - c'@x has the Hessian (Q + Q')/2", () => {
    const [[h]] = hessian(quadratic, ["x"], { shapes }) as [[Expr]];
    expect(format(h)).toBe("(Q + Q')/2");
    expect(format(gradient(quadratic, ["x"], { shapes })[0]!)).toBe("Q'@x/2 - c + Q@x/2");
  });

  it("linear regression's blocks equal the closed form 2/n*[X'X, X'1; 1'X, n]", () => {
    const [[hww, hwb], [hbw, hbb]] = hessian(linear, ["w", "b"], { shapes: regression }) as [
      [Expr, Expr],
      [Expr, Expr],
    ];
    expect(format(hww)).toBe("2*X'@X/rows(X)");
    expect(format(hbb)).toBe("2");
    const Xv = [
      [1, 2, 0.5],
      [3, -1, 2],
      [0, 4, 1],
      [2, 2, -3],
    ];
    const values = new Map<string, number | number[] | number[][]>([
      ["X", Xv],
      ["y", [1, 2, 3, 4]],
      ["w", [0.1, 0.2, 0.3]],
      ["b", 0.5],
    ]);
    const n = Xv.length;
    const at = (e: Expr) => [...evaluateTensor(e, values).values];
    const xtx = [0, 1, 2].flatMap((i) =>
      [0, 1, 2].map((j) => (2 / n) * Xv.reduce((s, r) => s + r[i]! * r[j]!, 0)),
    );
    at(hww).forEach((v, k) => {
      expect(v).toBeCloseTo(xtx[k]!, 12);
    });
    const colSums = [0, 1, 2].map((j) => (2 / n) * Xv.reduce((s, r) => s + r[j]!, 0));
    at(hwb).forEach((v, k) => {
      expect(v).toBeCloseTo(colSums[k]!, 12);
    });
    expect(hbw).toBe(hwb); // a vector: its transpose is itself
  });

  it("logistic regression: X' with the rows of X scaled by the sigmoid's derivative", () => {
    const [[h]] = hessian(logistic, ["w"], { shapes: regression }) as [[Expr]];
    expect(format(h)).toBe("X'@(sigmoid(X@w + b)*(1 - sigmoid(X@w + b))*X')'/rows(X)");
  });

  /** Costs whose Hessian blocks by w and b are matrix formulas. */
  const costs: readonly [string, Expr][] = [
    ["linear regression", linear],
    ["logistic regression", logistic],
    ["a nonlinear least squares", reduce("mean", pow(sub(tanh(add(matmul(X, w), b)), y), num(2)))],
  ];
  for (const [name, cost] of costs)
    it(`${name}: every block equals central differences of the gradient`, () => {
      fc.assert(
        fc.property(arbWorld(), (world) => {
          const names = ["w", "b"];
          const h = hessian(cost, names, { shapes: world.env });
          const g = gradient(cost, names, { shapes: world.env });
          names.forEach((u, i) => {
            names.forEach((v, j) => {
              const block = evaluateTensor(h[i]![j]!, world.values, { rows: world.n }).values;
              const k = world.shapes.get(u)!.reduce((p, d) => p * d, 1);
              const entries = world.values.get(v)!;
              entries.values.forEach((x0, q) => {
                const at = (x: number) => {
                  const values = new Map(world.values);
                  const moved = new Float64Array(entries.values);
                  moved[q] = x;
                  values.set(v, { shape: entries.shape, values: moved });
                  return evaluateTensor(g[i]!, values, { rows: world.n }).values;
                };
                for (let p = 0; p < k; p++) {
                  const expected = centralDifference((x) => at(x)[p] ?? at(x)[0]!, x0);
                  const actual = block.length === 1 ? block[0]! : block[p * (block.length / k) + q]!;
                  if (expected !== undefined) expect(actual).toBeCloseTo(expected, 5);
                }
              });
            });
          });
        }),
        { numRuns: 4 },
      );
    });

  it("says why where a Hessian is not one matrix formula", () => {
    const fails = (cost: Expr, names: string[], message: RegExp) => {
      const shapes = envOf({ X: ["n", 3], y: ["n"], w: [3], W: [3, 2] });
      expect(() => hessian(cost, names, { shapes })).toThrow(SymgradError);
      expect(() => hessian(cost, names, { shapes })).toThrow(message);
    };
    fails(reduce("sum", pow(w, num(4))), ["w"], /by w and w is not a matrix formula.*a diagonal matrix/);
    fails(reduce("sum", pow(w, num(2))), ["w"], /the identity, for w\^2/);
    fails(pow(reduce("sum", w), num(2)), ["w"], /has a scalar that depends on w/);
    fails(along("logsumexp", w, undefined), ["w"], /has softmax of something that depends on w/);
    fails(reduce("sum", pow(W, num(2))), ["W"], /four dimensions/);
  });
});

describe("parameters with a dimension of 1", () => {
  /** A world of the given shapes (concrete, "n" for the data rows) with values in [-1, 1]. */
  const world = (table: Record<string, Shape>, n = 4): World => {
    const concrete = new Map(
      Object.entries(table).map(([k, s]) => [k, s.map((d) => (d === "n" ? n : (d as number)))]),
    );
    let seed = 1;
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const values = new Map(
      [...concrete].map(([k, s]) => {
        const count = s.reduce((p, d) => p * d, 1);
        return [k, { shape: s, values: Float64Array.from({ length: count }, next) }] as const;
      }),
    );
    return { n, shapes: concrete, values, env: envOf(table) };
  };
  it("a k×1 weight against an (n,1) column, as the lab writes X@W", () => {
    const cost = reduce("mean", pow(sub(add(matmul(X, W), b), Y), num(2)));
    const shapes: Record<string, Shape> = { X: ["n", 3], W: [3, 1], Y: ["n", 1], b: [] };
    expect(checkGradient(cost, world(shapes))).toBe(true);
    const [dW] = gradient(cost, ["W"], { shapes: envOf(shapes) });
    expect(format(dW!)).toBe("2*X'@(X@W + b - Y)/rows(X)");
  });
  it("a 1×k row against every row of a data matrix", () => {
    const cost = reduce("sum", pow(sub(X, W), num(2)));
    expect(checkGradient(cost, world({ X: ["n", 3], W: [1, 3] }))).toBe(true);
  });
});

describe("errors", () => {
  it("a gradient that is an outer product of two vectors", () => {
    expect(() => gradient(reduce("mean", matmul(X, W)), ["W"], { shapes: classes })).toThrow(
      /the derivative by W is an outer product of two vectors, which the language cannot write/,
    );
  });
  it("a cost that is not a scalar", () => {
    expect(() => gradient(matmul(X, w), ["w"], { shapes: regression })).toThrow(
      /of a scalar cost, but this formula is \(n\); wrap it in sum\(…\) or mean\(…\)/,
    );
  });
  it("vectors or matrices without shapes", () => {
    expect(() => gradient(linear, ["w"])).toThrow(/give the shapes of its names \(option shapes\)/);
  });
});

describe("scalar formulas keep today's path", () => {
  it("data columns given as (n) shapes change nothing", () => {
    const shapes = envOf({ x: ["n"], y: ["n"] });
    const seed = parse("mean((W*x+b - y)^2)");
    expect(gradient(seed, ["W", "b"], { shapes })).toEqual(gradient(seed, ["W", "b"]));
    expect(hessian(seed, ["W", "b"], { shapes })).toEqual(hessian(seed, ["W", "b"]));
    fc.assert(
      fc.property(arbExpr({ depth: 3, names: ["a", "b", "x"], reductions: true }), (e) => {
        const params = parameters(e);
        expect(gradient(e, params, { shapes })).toEqual(gradient(e, params));
        for (const p of params) expect(derivative(e, p, { shapes })).toBe(derivative(e, p));
      }),
      { numRuns: 60 },
    );
  });
});

import { describe, expect, it } from "vitest";
import type { ParamValue } from "../../src/compile/index.js";
import {
  add,
  along,
  call,
  type Expr,
  FUNCTIONS,
  matmul,
  mul,
  neg,
  num,
  pow,
  reduce,
  sub,
  sym,
} from "../../src/expr/index.js";
import { type MinimizeOptions, minimize } from "../../src/minimize/index.js";

const fn = (name: string, ...args: Expr[]) => call(FUNCTIONS.get(name)!, args);
const [X, w, b, y, W, Y] = ["X", "w", "b", "y", "W", "Y"].map(sym) as [Expr, Expr, Expr, Expr, Expr, Expr];

/** mean((X@w + b - y)^2) */
const linear = reduce("mean", pow(sub(add(matmul(X, w), b), y), num(2)));

/** Solves A x = r by Gaussian elimination with partial pivoting (A small and square). */
function solve(A: number[][], r: number[]): number[] {
  const m = A.map((row, i) => [...row, r[i]!]);
  const n = r.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[p]![c]!)) p = i;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let i = c + 1; i < n; i++) {
      const f = m[i]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[i]![j]! -= f * m[c]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i]![n]!;
    for (let j = i + 1; j < n; j++) s -= m[i]![j]! * x[j]!;
    x[i] = s / m[i]![i]!;
  }
  return x;
}

/** Least squares with an intercept through the normal equations: [w..., b]. */
function normalEquations(rows: number[][], target: number[]): number[] {
  const A = rows.map((r) => [...r, 1]);
  const k = A[0]!.length;
  const AtA = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (__, j) => A.reduce((s, r) => s + r[i]! * r[j]!, 0)),
  );
  const Aty = Array.from({ length: k }, (_, i) => A.reduce((s, r, t) => s + r[i]! * target[t]!, 0));
  return solve(AtA, Aty);
}

const labX = [
  [73, 80, 75],
  [93, 88, 93],
  [89, 91, 90],
  [96, 98, 100],
  [73, 66, 70],
];
const labY = [152, 185, 180, 196, 142];

describe("minimize with vector and matrix parameters", () => {
  it("recovers the least-squares solution of mean((X@w + b - y)^2) (normal equations)", () => {
    const rows = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 3]);
    const target = rows.map((r, i) => 2 * r[0]! - r[1]! + 0.5 * r[2]! + 1 + 0.1 * Math.sin(7 * i));
    const want = normalEquations(rows, target);
    const result = minimize(linear, {
      data: { X: rows, y: target },
      init: { w: [0, 0, 0], b: 0 },
      tolerance: 1e-12,
    });
    const fitted = result.params["w"] as number[];
    expect(fitted).toHaveLength(3);
    fitted.forEach((v, j) => {
      expect(v).toBeCloseTo(want[j]!, 8);
    });
    expect(result.params["b"]).toBeCloseTo(want[3]!, 8);
  });

  it("the course's multivariable regression: epoch-0 cost mean(y^2) = 29661.80 and the first SGD step", () => {
    const lr = 1e-5;
    const options: MinimizeOptions<ParamValue> = {
      data: { X: labX, y: labY },
      init: { w: [0, 0, 0], b: 0 },
      method: "gd",
      learningRate: lr,
    };
    const start = minimize(linear, { ...options, maxIterations: 0 });
    const meanSquare = labY.reduce((s, v) => s + v * v, 0) / labY.length;
    expect(start.cost).toBeCloseTo(meanSquare, 9);
    expect(start.cost.toFixed(2)).toBe("29661.80");
    // at zero, d/dw = -2/n X'y and d/db = -2 mean(y): one step moves by lr times their negatives
    const seen: unknown[] = [];
    const step = minimize(linear, {
      ...options,
      maxIterations: 1,
      onIteration: (info) => void seen.push(info.named["w"]),
    });
    expect(seen[0]).toEqual([0, 0, 0]);
    const n = labY.length;
    const dw = [0, 1, 2].map((j) => (-2 / n) * labX.reduce((s, r, i) => s + r[j]! * labY[i]!, 0));
    (step.params["w"] as number[]).forEach((v, j) => {
      expect(v).toBeCloseTo(-lr * dw[j]!, 12);
    });
    expect(step.params["b"]).toBeCloseTo((lr * 2 * labY.reduce((s, v) => s + v, 0)) / n, 12);
  });

  it("the course's logistic regression: binary cross-entropy at zero is log 2 = 0.693147", () => {
    const z = add(matmul(X, w), b);
    const p = fn("sigmoid", z);
    const bce = reduce(
      "mean",
      neg(add(mul(y, fn("log", p)), mul(sub(num(1), y), fn("log", sub(num(1), p))))),
    );
    const result = minimize(bce, {
      data: {
        X: [
          [1, 2],
          [2, 3],
          [3, 1],
          [4, 3],
          [5, 3],
          [6, 2],
        ],
        y: [0, 0, 0, 1, 1, 1],
      },
      init: { w: [0, 0], b: 0 },
      method: "gd",
      learningRate: 1,
      maxIterations: 0,
    });
    expect(result.cost).toBeCloseTo(Math.log(2), 12);
    expect(result.cost.toFixed(6)).toBe("0.693147");
  });

  it("the course's softmax classification: cross-entropy at zero is log 3 = 1.098612; W comes back as rows", () => {
    const z = add(matmul(X, W), b);
    const cost = reduce("mean", sub(along("logsumexp", z, 1), along("sum", mul(Y, z), 1)));
    const classes = [2, 2, 2, 1, 1, 1, 0, 0];
    const data = {
      X: [
        [1, 2, 1, 1],
        [2, 1, 3, 2],
        [3, 1, 3, 4],
        [4, 1, 5, 5],
        [1, 7, 5, 5],
        [1, 2, 5, 6],
        [1, 6, 6, 6],
        [1, 7, 7, 7],
      ],
      Y: classes.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))),
    };
    const result = minimize(cost, {
      data,
      init: { W: { shape: [4, 3], values: new Float64Array(12) }, b: [0, 0, 0] },
      method: "gd",
      learningRate: 0.1,
      maxIterations: 1,
      statistics: false, // the Hessian of 15 entries through logsumexp takes a second to compile
    });
    expect(result.history[0]!.cost).toBeCloseTo(Math.log(3), 12);
    expect(result.history[0]!.cost.toFixed(6)).toBe("1.098612");
    // one step from zero: dW = X'(1/3 - Y)/n, so W = -lr*dW
    const Wfit = result.params["W"] as number[][];
    expect(Wfit).toHaveLength(4);
    for (let j = 0; j < 4; j++)
      for (let k = 0; k < 3; k++) {
        const g = data.X.reduce((s, r, i) => s + r[j]! * (1 / 3 - data.Y[i]![k]!), 0) / 8;
        expect(Wfit[j]![k]).toBeCloseTo(-0.1 * g, 12);
      }
    expect(result.history[0]!.params["W"]).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  // mean(sum((X - w)^2, 1)) + sum((W - 2)^2): optimum w = the column means of X, W = 2 (clipped by bounds)
  const rowsX = [
    [1, 4, -2],
    [3, 0, 2],
    [2, 5, 3],
    [6, -1, 1],
  ];
  const means = [3, 2, 1];
  const separable = add(
    reduce("mean", along("sum", pow(sub(X, w), num(2)), 1)),
    reduce("sum", pow(sub(W, num(2)), num(2))),
  );
  const methods: [MinimizeOptions<ParamValue>["method"], MinimizeOptions<ParamValue>][] = [
    ["gd", { learningRate: 0.2, maxIterations: 300 }],
    ["momentum", { learningRate: 0.05, maxIterations: 500 }],
    ["nesterov", { learningRate: 0.05, maxIterations: 500 }],
    ["adagrad", { learningRate: 1, maxIterations: 2000 }],
    ["rmsprop", { learningRate: 0.01, maxIterations: 3000 }],
    ["adam", { learningRate: 0.05, maxIterations: 3000 }],
    ["adamw", { learningRate: 0.05, maxIterations: 3000, weightDecay: 0 }],
    ["lbfgs", {}],
    ["bfgs", {}],
    ["newton", {}],
    ["lm", {}],
    ["gd", { learningRate: 0.1, maxIterations: 2000, batchSize: 2, seed: 1 }],
  ];
  for (const [method, extra] of methods)
    it(`method ${method}${extra.batchSize ? " with mini-batches" : ""} works on vector and matrix parameters`, () => {
      const result = minimize(separable, {
        data: { X: rowsX },
        init: { w: [0, 0, 0], W: 0 },
        shapes: { W: [2, 2] },
        method,
        ...extra,
      });
      const tol = extra.batchSize ? 0 : 3; // mini-batches of SGD wander near the optimum
      (result.params["w"] as number[]).forEach((v, j) => {
        expect(v).toBeCloseTo(means[j]!, tol);
      });
      expect(result.params["W"]).toHaveLength(2);
      for (const row of result.params["W"] as number[][]) for (const v of row) expect(v).toBeCloseTo(2, tol);
    });

  it("bounds per entry: a number for every entry or an array of the parameter's shape", () => {
    for (const method of ["lbfgs", "gd"] as const) {
      const result = minimize(separable, {
        data: { X: rowsX },
        init: {
          w: [0, 0, 0],
          W: [
            [0, 0],
            [0, 0],
          ],
        },
        bounds: {
          w: [[0, 2.5, 0], 10],
          W: [
            0,
            [
              [1, 3],
              [1.5, 0.5],
            ],
          ],
        },
        method,
        ...(method === "gd" ? { learningRate: 0.2, maxIterations: 500 } : {}),
      });
      (result.params["w"] as number[]).forEach((v, j) => {
        expect(v).toBeCloseTo(Math.max(means[j]!, [0, 2.5, 0][j]!), 6);
      });
      expect(result.params["W"]).toEqual([
        [1, expect.closeTo(2, 6)],
        [1.5, 0.5],
      ]);
    }
  });

  it("data as { shape, values } and numbers; init as one value per parameter in order", () => {
    const values = Float64Array.from(rowsX.flat());
    const cost = reduce("mean", along("sum", pow(sub(X, mul(sym("c"), w)), num(2)), 1));
    const result = minimize(cost, {
      data: { X: { shape: [4, 3], values }, c: 2 },
      params: ["w"],
      init: [[0, 0, 0]],
      tolerance: 1e-12,
    });
    (result.params["w"] as number[]).forEach((v, j) => {
      expect(v).toBeCloseTo(means[j]! / 2, 8);
    });
  });

  it("mistakes are clear errors: a ragged matrix, an init of the wrong shape, a parameter without a shape", () => {
    expect(() => minimize(linear, { data: { X: [[1, 2], [3]], y: [1, 2] }, init: { w: [0, 0] } })).toThrow(
      "data 'X': row 2 has 1 entries, but row 1 has 2",
    );
    expect(() =>
      minimize(linear, { data: { X: [[1, 2, 3]], y: [1] }, init: { w: [0, 0] }, shapes: { w: [3] } }),
    ).toThrow("init of 'w' has shape [2], but 'w' has shape [3]");
    expect(() => minimize(linear, { data: { X: [[1, 2]], y: [1] }, shapes: { w: [2.5] } })).toThrow(
      "shapes: 'w' must have a shape [], [k] or [m, k] of whole sizes of at least 1, not [2.5]",
    );
    expect(() => minimize(linear, { data: { X: [[1, 2]], y: [1] } })).toThrow(
      /@ needs a vector or matrix on both sides.*'w', 'b' are scalars: a parameter's shape comes from its init/,
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile/index.js";
import { entryNames, lower, lowerScalar } from "../../src/compile/lower.js";
import { evaluateTensor, type TensorLike } from "../../src/compile/tensorEvaluate.js";
import { gradient } from "../../src/diff/index.js";
import {
  add,
  along,
  call,
  children,
  type Expr,
  FUNCTIONS,
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
  walk,
  walkAll,
} from "../../src/expr/index.js";

/** Symbolic shapes of the generator: sizes d, k stand for the drawn ones. */
type S = "" | "d" | "k" | "n" | "nd" | "nk" | "dk" | "kd";

/** A small seeded generator of random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fn = (name: string, ...args: Expr[]) => call(FUNCTIONS.get(name)!, args);

/**
 * A random formula of symbolic shape `s` built with the constructors, covering every kind: matmul in all its
 * cases (incl. contractions over the rows), transpose, broadcasting, sum/mean/logsumexp/softmax along both
 * dimensions, reductions over every entry, sizes.
 */
function formula(s: S, depth: number, rnd: () => number): Expr {
  const pick = <T>(options: readonly (() => T)[]): T => options[Math.floor(rnd() * options.length)]!();
  const g = (t: S) => formula(t, depth - 1, rnd);
  const leaf: Record<S, () => Expr> = {
    "": () => (rnd() < 0.5 ? sym("b") : num(Math.round(rnd() * 8 - 4) / 2 || 1)),
    d: () => sym("w"),
    k: () => sym("c"),
    n: () => sym("y"),
    nd: () => sym("X"),
    nk: () => sym("Y"),
    dk: () => sym("W"),
    kd: () => transpose(sym("W")),
  };
  if (depth <= 0) return leaf[s]();
  const elementwise = (t: S) => [
    () => add(g(t), g(t)),
    () => mul(g(t), g(t)),
    () => add(g(t), g("")),
    () => mul(g(""), g(t)),
    () => fn("tanh", g(t)),
    () => fn("sigmoid", g(t)),
    () => pow(g(t), num(2)),
    () => sub(g(t), g(t)),
    leaf[t],
  ];
  const options: Record<S, (() => Expr)[]> = {
    "": [
      ...elementwise(""),
      () => reduce("sum", g(pick([() => "d", () => "n", () => "dk", () => "nk", () => ""] as (() => S)[]))),
      () => reduce("mean", g(pick([() => "k", () => "nd", () => "kd", () => ""] as (() => S)[]))),
      () => matmul(g("d"), g("d")),
      () => mul(matmul(g("n"), g("n")), num(0.25)),
      () => along("logsumexp", g(rnd() < 0.5 ? "k" : "dk"), undefined),
      () => sizeOf("rows", g(rnd() < 0.5 ? "nd" : "d")),
      () => sizeOf("cols", g("dk")),
    ],
    d: [
      ...elementwise("d"),
      () => add(g("d"), g("")),
      () => matmul(transpose(g("nd")), g("n")),
      () => matmul(g("n"), g("nd")),
      () => along("sum", g("nd"), 0),
      () => along("mean", g("nd"), 0),
      () => matmul(g("dk"), g("k")),
      () => matmul(g("k"), g("kd")),
      () => along("softmax", g("d"), 0),
      () => along("sum", g("dk"), 1),
      () => along("logsumexp", g("dk"), 1),
      () => transpose(g("d")),
    ],
    k: [
      ...elementwise("k"),
      () => matmul(g("d"), g("dk")),
      () => along("sum", g("dk"), 0),
      () => along("mean", g("nk"), 0),
      () => along("logsumexp", g("kd"), 1),
      () => along("softmax", g("k"), 0),
    ],
    n: [
      ...elementwise("n"),
      () => matmul(g("nd"), g("d")),
      () => along("sum", g("nk"), 1),
      () => along("mean", g("nd"), 1),
      () => along("logsumexp", g("nk"), 1),
      () => matmul(g("nk"), g("k")),
    ],
    nd: [
      ...elementwise("nd"),
      () => add(g("nd"), g("d")),
      () => mul(g("nd"), g("d")),
      () => matmul(g("nk"), g("kd")),
      () => along("softmax", g("nd"), 1),
      () => transpose(matmul(g("dk"), transpose(g("nk")))),
    ],
    nk: [
      ...elementwise("nk"),
      () => add(matmul(g("nd"), g("dk")), g("k")),
      () => along("softmax", g("nk"), 1),
      () => mul(g("nk"), g("k")),
    ],
    dk: [
      ...elementwise("dk"),
      () => transpose(g("kd")),
      () => mul(matmul(transpose(g("nd")), g("nk")), num(0.5)),
      () => mul(g("dk"), g("k")),
      () => add(g("dk"), g("k")),
      () => along("softmax", g("dk"), 0),
      () => along("softmax", g("dk"), 1),
    ],
    kd: [...elementwise("kd"), () => transpose(g("dk")), () => mul(g("kd"), g("d"))],
  };
  return pick(options[s]);
}

interface Problem {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly values: Map<string, TensorLike>;
  readonly shapes: Map<string, number[]>;
}

function problem(n: number, d: number, k: number, rnd: () => number): Problem {
  const v = (m: number) => Array.from({ length: m }, () => Math.round((rnd() * 2 - 1) * 100) / 100);
  const rows = (m: number, c: number) => Array.from({ length: m }, () => v(c));
  const values = new Map<string, TensorLike>([
    ["X", rows(n, d)],
    ["Y", rows(n, k)],
    ["y", v(n)],
    ["w", v(d)],
    ["W", rows(d, k)],
    ["c", v(k)],
    ["b", v(1)[0]!],
  ]);
  const shapes = new Map([
    ["w", [d]],
    ["W", [d, k]],
    ["c", [k]],
    ["b", []],
  ]);
  return { n, d, k, values, shapes };
}

const PARAMS = ["w", "W", "c", "b"];
const DATA = ["X", "Y", "y"];

/** The flat entries of the parameters' values, in the compiled objective's order. */
function flatParams(p: Problem): Float64Array {
  const out: number[] = [];
  for (const name of PARAMS) {
    const v = p.values.get(name)!;
    if (typeof v === "number") out.push(v);
    else for (const x of (v as (number | number[])[]).flat()) out.push(x);
  }
  return Float64Array.from(out);
}

/** The parameters' values of a flat vector, shaped as the reference interpreter takes them. */
function shapedValues(p: Problem, x: Float64Array): Map<string, TensorLike> {
  const out = new Map(p.values);
  let at = 0;
  for (const name of PARAMS) {
    const shape = p.shapes.get(name)!;
    const count = shape.reduce((q, s) => q * s, 1);
    out.set(name, { shape, values: x.slice(at, at + count) });
    at += count;
  }
  return out;
}

const reference = (e: Expr, p: Problem, x: Float64Array) =>
  evaluateTensor(e, shapedValues(p, x), { rows: p.n }).values[0]!;

const close = (a: number, b: number, tol: number) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe("lowering vectors and matrices to scalars", () => {
  it("lowered and compiled value and gradient equal the reference and its finite differences", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        fc.constantFrom<S>("", "d", "n", "nd", "nk", "dk", "k"),
        (n, d, k, seed, s) => {
          const rnd = random(seed);
          const body = formula(s, 3, rnd);
          const cost = s === "" ? body : reduce(rnd() < 0.5 ? "sum" : "mean", body);
          const p = problem(n, d, k, rnd);
          const data = new Map(DATA.map((name) => [name, p.values.get(name)!]));
          const objective = compile(cost, { params: PARAMS, shapes: p.shapes, data });
          const x = flatParams(p);
          const g = new Float64Array(x.length);
          const value = objective.valueAndGradient(x, g);
          const want = reference(cost, p, x);
          expect(close(value, want, 1e-9), `value ${value} vs ${want}`).toBe(true);
          for (let j = 0; j < x.length; j++) {
            const h = 1e-6;
            const up = Float64Array.from(x);
            const down = Float64Array.from(x);
            up[j]! += h;
            down[j]! -= h;
            const fd = (reference(cost, p, up) - reference(cost, p, down)) / (2 * h);
            expect(close(g[j]!, fd, 1e-5), `∂/∂${objective.params[j]}: ${g[j]} vs ${fd}`).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("names entries row-major: parameters w[i], W[i,j]; data matrix columns X[:,j]; scalars and columns as they are", () => {
    expect(entryNames("W", [2, 3])).toEqual(["W[0,0]", "W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]", "W[1,2]"]);
    expect(entryNames("w", [2])).toEqual(["w[0]", "w[1]"]);
    expect(entryNames("X", ["n", 2])).toEqual(["X[:,0]", "X[:,1]"]);
    expect(entryNames("y", ["n"])).toEqual(["y"]);
    expect(entryNames("b", [])).toEqual(["b"]);
  });

  it("X@W with d×k parameters is d·k products per row, and contractions over rows are reductions", () => {
    const known = new Map<string, Shape>([
      ["X", ["n", 40]],
      ["W", [40, 7]],
      ["y", ["n"]],
    ]);
    const shapes = (name: string) => known.get(name);
    const [xw] = lower([matmul(sym("X"), sym("W"))], shapes);
    const products = new Set(xw!.entries.flatMap((e) => walk(e).filter((m) => m.kind === "mul")));
    expect(products.size).toBe(40 * 7);
    const [xr] = lower([matmul(transpose(sym("X")), sym("y"))], shapes);
    expect(xr!.entries.length).toBe(40);
    expect(xr!.entries.every((e) => e.kind === "reduce" && e.op === "sum")).toBe(true);
    expect(lowerScalar(sizeOf("rows", sym("X")), shapes)).toBe(reduce("sum", num(1)));
  });

  it("logsumexp and softmax along a fixed dimension do not overflow where exp would", () => {
    const z = { shape: [3], values: Float64Array.of(1000, 999, -1000) };
    const lse = along("logsumexp", sym("z"), 0);
    const soft = reduce("sum", mul(along("softmax", sym("z"), 0), sym("z")));
    for (const e of [lse, soft]) {
      const objective = compile(e, { params: ["z"], shapes: { z: [3] } });
      const g = new Float64Array(3);
      const value = objective.valueAndGradient(z.values, g);
      expect(value).toBeCloseTo(evaluateTensor(e, new Map([["z", z]])).values[0]!, 9);
      expect(g.every(Number.isFinite)).toBe(true);
    }
    // d/dz logsumexp(z) = softmax(z)
    const g = new Float64Array(3);
    compile(lse, { params: ["z"], shapes: { z: [3] } }).gradient(z.values, g);
    const e1 = Math.exp(-1);
    expect(g[0]).toBeCloseTo(1 / (1 + e1), 12);
    expect(g[1]).toBeCloseTo(e1 / (1 + e1), 12);
  });

  it("the gradient of logsumexp over k entries stays near-linear in k (a chain of max gave k² factors)", () => {
    const k = 256;
    const lse = lowerScalar(along("logsumexp", sym("z"), 0), () => [k]);
    const partials = gradient(lse, entryNames("z", [k]));
    let operands = 0;
    for (const e of walkAll(partials))
      if (e.kind === "mul" || e.kind === "add") operands += children(e).length;
    expect(operands).toBeLessThan(40 * k);
  });

  it("logsumexp or softmax along the data rows is a clear error, not an overflow", () => {
    const data = {
      X: [
        [1, 2],
        [3, 4],
      ],
      y: [1, 2],
    };
    expect(() => compile(along("logsumexp", sym("y"), undefined), { params: [], data })).toThrow(
      /logsumexp\(…\) of \(n\) runs along the data rows/,
    );
    expect(() => compile(reduce("sum", along("softmax", sym("X"), 0)), { params: [], data })).toThrow(
      /softmax\(…, 0\) of \(n,2\) runs along the data rows/,
    );
  });

  it("a cost that is not a number names its shape", () => {
    expect(() =>
      compile(matmul(sym("X"), sym("w")), { params: ["w"], shapes: { w: [2] }, data: { X: [[1, 2]] } }),
    ).toThrow(/the cost is not a number: its shape is \(n\)/);
  });
});

describe("lowering, case by case (closed forms worked out by hand)", () => {
  const valueAndGradient = (cost: Expr, options: Parameters<typeof compile>[1], p: number[]) => {
    const objective = compile(cost, options);
    const g = new Float64Array(p.length);
    const value = objective.valueAndGradient(Float64Array.from(p), g);
    return { value, gradient: [...g], params: objective.params };
  };

  it("mean along a fixed dimension of a matrix parameter: Σ_i (mean_j W_ij)²", () => {
    const cost = reduce("sum", pow(along("mean", sym("W"), 1), num(2)));
    const W = [1, 2, 3, -4, 5, 8]; // rows [1, 2, 3] and [-4, 5, 8]: means 2 and 3
    const { value, gradient: g } = valueAndGradient(cost, { params: ["W"], shapes: { W: [2, 3] } }, W);
    expect(value).toBeCloseTo(4 + 9, 13);
    // ∂/∂W_ij = 2·mean_i/3
    for (let j = 0; j < 3; j++) {
      expect(g[j]).toBeCloseTo((2 * 2) / 3, 13);
      expect(g[3 + j]).toBeCloseTo((2 * 3) / 3, 13);
    }
  });

  it("a dimension of size 1 broadcasts: A (3×1) + c (2) is the 3×2 matrix A_i + c_j", () => {
    const cost = reduce("sum", pow(add(sym("A"), sym("c")), num(2)));
    const A = [1, -2, 3];
    const c = [0.5, 4];
    const { value, gradient: g } = valueAndGradient(
      cost,
      { params: ["A", "c"], shapes: { A: [3, 1], c: [2] } },
      [...A, ...c],
    );
    let want = 0;
    for (const a of A) for (const b of c) want += (a + b) ** 2;
    expect(value).toBeCloseTo(want, 12);
    // ∂/∂A_i = 2 Σ_j (A_i + c_j), ∂/∂c_j = 2 Σ_i (A_i + c_j)
    A.forEach((a, i) => {
      expect(g[i]).toBeCloseTo(2 * (a + c[0]! + a + c[1]!), 12);
    });
    c.forEach((b, j) => {
      expect(g[3 + j]).toBeCloseTo(2 * A.reduce((s, a) => s + a + b, 0), 12);
    });
  });

  it("sum of a scalar inside a lowered problem counts the data rows: sum(b) = rows·b", () => {
    const cost = add(reduce("sum", sym("b")), reduce("sum", pow(sym("w"), num(2))), reduce("mean", sym("y")));
    const y = [1, 2, 3, 6];
    const {
      value,
      gradient: g,
      params,
    } = valueAndGradient(cost, { params: ["b", "w"], shapes: { w: [2] }, data: { y } }, [0.5, 1, -3]);
    expect(params).toEqual(["b", "w[0]", "w[1]"]);
    expect(value).toBeCloseTo(4 * 0.5 + 1 + 9 + 3, 13);
    expect(g).toEqual([4, 2, -6].map((v) => expect.closeTo(v, 13)));
  });
});

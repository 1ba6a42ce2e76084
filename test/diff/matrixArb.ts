/**
 * Random vector and matrix formulas for the matrix-form derivative tests: a depth-bounded arbitrary that
 * builds, for a wanted shape, a well-shaped expression from the data X (n,k), y (n), Y (n,m) and the
 * parameters b (scalar), w (k), c (m), W (k,m), V (m,k), with elementwise operations and functions,
 * broadcasting (a scalar, a vector against every row), `@` in numpy's four cases, `'`, sum/mean/logsumexp/
 * softmax along both dimensions and over every entry, and rows/cols. Sizes n, k, m are drawn small, and
 * values in [-1, 1].
 */
import fc from "fast-check";
import {
  type AlongOp,
  add,
  along,
  call,
  type Expr,
  FUNCTIONS,
  matmul,
  mul,
  num,
  pow,
  reduce,
  type Shape,
  type ShapeEnv,
  sizeOf,
  sub,
  sym,
  transpose,
} from "../../src/expr/index.js";

/** The shapes the generator knows, as keys: s scalar, n (n), nk (n,k), … */
export type Key = "s" | "n" | "k" | "m" | "nk" | "nm" | "km" | "mk";

/** The names: data X (n,k), y (n), Y (n,m); parameters b, w (k), c (m), W (k,m), V (m,k). */
export const [X, y, Y, b, w, c, W, V] = ["X", "y", "Y", "b", "w", "c", "W", "V"].map(sym) as [
  Expr,
  Expr,
  Expr,
  Expr,
  Expr,
  Expr,
  Expr,
  Expr,
];
const fn = (name: string) => (e: Expr) => call(FUNCTIONS.get(name)!, [e]);
/** Functions of the table, by name, as constructors of one argument. */
export const [sigmoid, log, tanh, sin] = ["sigmoid", "log", "tanh", "sin"].map(fn) as [
  (e: Expr) => Expr,
  (e: Expr) => Expr,
  (e: Expr) => Expr,
  (e: Expr) => Expr,
];
/** A ShapeEnv from a table of shapes (names not in it are scalars). */
export const envOf =
  (table: Readonly<Record<string, Shape>>): ShapeEnv =>
  (name) =>
    Object.hasOwn(table, name) ? table[name] : undefined;

/** The parameters, which the gradient is taken by. */
export const PARAMS = ["b", "w", "c", "W", "V"] as const;

const LEAVES: Record<Key, readonly Expr[]> = {
  s: [b, num(0.5), sizeOf("cols", W)],
  n: [y],
  k: [w],
  m: [c],
  nk: [X],
  nm: [Y],
  km: [W],
  mk: [V],
};
/** The shapes an operand may have to broadcast against a value of each shape. */
const PARTNERS: Record<Key, readonly Key[]> = {
  s: ["s"],
  n: ["s", "n"],
  k: ["s", "k"],
  m: ["s", "m"],
  nk: ["s", "k", "nk"],
  nm: ["s", "m", "nm"],
  km: ["s", "m", "km"],
  mk: ["s", "k", "mk"],
};
/** `@` of two shapes giving each shape (a transpose `'` marked on the left operand). */
const PRODUCTS: Record<Key, readonly [Key, Key, boolean][]> = {
  s: [
    ["k", "k", false],
    ["m", "m", true],
  ],
  n: [
    ["nk", "k", false],
    ["nm", "m", false],
  ],
  k: [
    ["nk", "n", true],
    ["n", "nk", false],
    ["km", "m", false],
    ["m", "mk", false],
  ],
  m: [
    ["k", "km", false],
    ["nm", "n", true],
    ["mk", "k", false],
  ],
  nk: [["nm", "mk", false]],
  nm: [["nk", "km", false]],
  km: [["nk", "nm", true]],
  mk: [["nm", "nk", true]],
};
/** Matrices reduced along a dimension to each vector shape. */
const ALONG: Partial<Record<Key, readonly [Key, 0 | 1][]>> = {
  n: [
    ["nk", 1],
    ["nm", 1],
  ],
  k: [
    ["nk", 0],
    ["mk", 0],
    ["km", 1],
  ],
  m: [
    ["nm", 0],
    ["km", 0],
    ["mk", 1],
  ],
};
/** The transpose of each matrix shape. */
const TRANSPOSED: Partial<Record<Key, Key>> = { km: "mk", mk: "km" };

const UNARY = [sin, tanh, sigmoid, (e: Expr) => pow(e, num(2))];

/** A random expression of shape `key`, at most `depth` operations deep. */
export function arbShaped(key: Key, depth: number): fc.Arbitrary<Expr> {
  const leaf = fc.constantFrom(...LEAVES[key]);
  if (depth === 0) return leaf;
  const sub1 = (k: Key) => arbShaped(k, depth - 1);
  const options: fc.Arbitrary<Expr>[] = [leaf];
  // elementwise, with either operand broadcast
  options.push(
    fc
      .tuple(
        sub1(key),
        fc.constantFrom(...PARTNERS[key]).chain(sub1),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
      )
      .map(([p, q, op, swap]) => {
        const [l, r] = swap ? [q, p] : [p, q];
        return op === 0
          ? add(l, r)
          : op === 1
            ? sub(l, r)
            : op === 2
              ? mul(l, r)
              : mul(l, pow(add(num(2), sigmoid(r)), num(-1)));
      }),
  );
  options.push(
    fc.tuple(sub1(key), fc.integer({ min: 0, max: UNARY.length - 1 })).map(([e, i]) => UNARY[i]!(e)),
  );
  options.push(
    fc
      .constantFrom(...PRODUCTS[key])
      .chain(([l, r, t]) => fc.tuple(sub1(l), sub1(r)).map(([p, q]) => matmul(t ? transpose(p) : p, q))),
  );
  const t = TRANSPOSED[key];
  if (t) options.push(sub1(t).map(transpose));
  if (key.length === 1 && key !== "s") options.push(sub1(key).map(transpose)); // a no-op on vectors
  const reductions = ALONG[key];
  const ops: AlongOp[] = ["sum", "mean", "logsumexp"];
  if (reductions)
    options.push(
      fc
        .tuple(fc.constantFrom(...reductions), fc.constantFrom(...ops))
        .chain(([[from, dim], op]) => sub1(from).map((e) => along(op, e, dim))),
    );
  if (key.length === 2)
    options.push(fc.tuple(sub1(key), fc.constantFrom<0 | 1>(0, 1)).map(([e, d]) => along("softmax", e, d)));
  else if (key !== "s") options.push(sub1(key).map((e) => along("softmax", e, 0)));
  if (key === "s") {
    const any = fc.constantFrom<Key>("n", "k", "nk", "km", "nm");
    options.push(
      fc
        .tuple(any.chain(sub1), fc.constantFrom<"sum" | "mean">("sum", "mean"))
        .map(([e, op]) => reduce(op, e)),
      fc
        .constantFrom<Key>("k", "nk", "mk")
        .chain(sub1)
        .map((e) => along("logsumexp", e, undefined)),
      fc
        .constantFrom<Key>("nk", "n")
        .chain(sub1)
        .map((e) => mul(sizeOf("rows", e), num(0.1))),
    );
  }
  return fc.oneof(...options);
}

/** A random scalar cost: a sum or mean of a random expression, or a scalar expression. */
export function arbCost(depth: number): fc.Arbitrary<Expr> {
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom<Key>("n", "k", "m", "nk", "nm", "km", "mk"),
        fc.constantFrom<"sum" | "mean">("sum", "mean"),
      )
      .chain(([key, op]) => arbShaped(key, depth).map((e) => reduce(op, e))),
    arbShaped("s", depth),
  );
}

/** Sizes and values of every name, and the ShapeEnv (with unknown sizes `?` for parameters when `unknown`). */
export interface World {
  readonly n: number;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly values: Map<string, { shape: readonly number[]; values: Float64Array }>;
  readonly env: ShapeEnv;
}

/** A random world: n in 2..4, k and m in 1..3, values in [-1, 1]. */
export function arbWorld(): fc.Arbitrary<World> {
  return fc
    .record({
      n: fc.integer({ min: 2, max: 4 }),
      k: fc.integer({ min: 1, max: 3 }),
      m: fc.integer({ min: 1, max: 3 }),
      unknown: fc.boolean(),
      entries: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }),
    })
    .map(({ n, k, m, unknown, entries }) => {
      const shapes = new Map<string, number[]>([
        ["X", [n, k]],
        ["y", [n]],
        ["Y", [n, m]],
        ["b", []],
        ["w", [k]],
        ["c", [m]],
        ["W", [k, m]],
        ["V", [m, k]],
      ]);
      let next = 0;
      const values = new Map(
        [...shapes].map(([name, shape]) => {
          const count = shape.reduce((p, d) => p * d, 1);
          const v = Float64Array.from(entries.slice(next, next + count));
          next += count;
          return [name, { shape, values: v }] as const;
        }),
      );
      const symbolic = new Map<string, Shape>([
        ["X", ["n", k]],
        ["y", ["n"]],
        ["Y", ["n", m]],
        ["w", unknown ? ["?"] : [k]],
        ["c", unknown ? ["?"] : [m]],
        ["W", unknown ? ["?", "?"] : [k, m]],
        ["V", unknown ? ["?", "?"] : [m, k]],
      ]);
      return { n, shapes, values, env: (name: string) => symbolic.get(name) };
    });
}

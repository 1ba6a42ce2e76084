/**
 * Shared fast-check arbitraries for property tests of every stage. A random formula is first drawn as a
 * `Recipe` (the formula as a user would write it, one operation a node), which can be built into an
 * expression tree with the smart constructors, written as fully parenthesised source text, or computed
 * directly in JavaScript; `arbExpr` is the built tree. Also: points, data columns, and points inside the
 * domain of each function of the table.
 */
import fc from "fast-check";
import {
  add,
  along,
  call,
  constant,
  div,
  type Expr,
  FUNCTIONS,
  type FunctionDef,
  isUndefined,
  matmul,
  mul,
  neg,
  num,
  pow,
  type ReduceOp,
  reduce,
  type Shape,
  type ShapeEnv,
  ShapeError,
  shapeOf,
  sizeOf,
  sub,
  sym,
  transpose,
} from "../src/expr/index.js";

/** A formula as written: every node is one operation of the language. */
export type Recipe =
  | { readonly op: "num"; readonly n: number; readonly d: number }
  | { readonly op: "const"; readonly name: "pi" | "e" }
  | { readonly op: "sym"; readonly name: string }
  | { readonly op: "+" | "-" | "*" | "/" | "^"; readonly a: Recipe; readonly b: Recipe }
  | { readonly op: "neg"; readonly a: Recipe }
  | { readonly op: "call"; readonly fn: FunctionDef; readonly args: readonly Recipe[] }
  | { readonly op: "reduce"; readonly reduction: ReduceOp; readonly body: Recipe };

/** Options of the formula arbitraries. */
export interface ExprOptions {
  /** Nesting depth bound (0: leaves only). */
  readonly depth: number;
  /** The names that may appear; at least one. */
  readonly names: readonly string[];
  /** Include calls of every row of FUNCTIONS (default true). */
  readonly functions?: boolean;
  /** Include `sum` and `mean` (default false). */
  readonly reductions?: boolean;
  /** Include numbers that are not small: f64 values, huge and tiny literals (default false). */
  readonly wideNumbers?: boolean;
  /**
   * Include formulas that divide by an exact 0 (`x/(1 - 1)`), which build to `UNDEFINED` and which the
   * parser rejects (default false).
   */
  readonly undefinedToo?: boolean;
}

const FUNCTION_ROWS = [...FUNCTIONS.values()];

function arbNumber(wide: boolean): fc.Arbitrary<Recipe> {
  const small = fc.oneof(
    fc.integer({ min: -5, max: 5 }).map((n) => ({ op: "num" as const, n, d: 1 })),
    fc
      .tuple(fc.integer({ min: -9, max: 9 }), fc.constantFrom(2, 3, 4, 5, 10, 7))
      .map(([n, d]) => ({ op: "num" as const, n, d })),
    fc.constantFrom("pi" as const, "e" as const).map((name) => ({ op: "const" as const, name })),
  );
  if (!wide) return small;
  const f64 = fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 })
    .map((n) => ({ op: "num" as const, n, d: 1 }));
  const big = fc
    .constantFrom(1e16, 2 ** 53, 2 ** 53 + 2, 1e300, 1e-300, 5e-324, 0.1 + 0.2, 1 / 3, 123456789.12345679)
    .map((n) => ({ op: "num" as const, n, d: 1 }));
  return fc.oneof(small, f64, big);
}

/** Random formulas as recipes; see `ExprOptions`. */
export function arbRecipe(options: ExprOptions): fc.Arbitrary<Recipe> {
  const {
    depth,
    names,
    functions = true,
    reductions = false,
    wideNumbers = false,
    undefinedToo = false,
  } = options;
  const leaf = fc.oneof(
    { arbitrary: arbNumber(wideNumbers), weight: 1 },
    { arbitrary: fc.constantFrom(...names).map((name) => ({ op: "sym" as const, name })), weight: 2 },
  );
  const node = (d: number): fc.Arbitrary<Recipe> => {
    if (d <= 0) return leaf;
    const sub = node(d - 1);
    const binary = fc
      .tuple(fc.constantFrom("+" as const, "-" as const, "*" as const, "/" as const, "^" as const), sub, sub)
      .map(([op, a, b]) => ({ op, a, b }));
    const choices: fc.WeightedArbitrary<Recipe>[] = [
      { arbitrary: leaf, weight: 2 },
      { arbitrary: binary, weight: 5 },
      { arbitrary: sub.map((a) => ({ op: "neg" as const, a })), weight: 1 },
    ];
    if (functions)
      choices.push({
        arbitrary: fc
          .constantFrom(...FUNCTION_ROWS)
          .chain((fn) =>
            fc
              .array(sub, { minLength: fn.arity, maxLength: fn.arity })
              .map((args) => ({ op: "call" as const, fn, args })),
          ),
        weight: 2,
      });
    if (reductions)
      choices.push({
        arbitrary: fc
          .tuple(fc.constantFrom("sum" as const, "mean" as const), sub)
          .map(([reduction, body]) => ({ op: "reduce" as const, reduction, body })),
        weight: 1,
      });
    return fc.oneof(...choices);
  };
  return undefinedToo ? node(depth) : node(depth).filter((r) => !isUndefined(buildRecipe(r)));
}

/** Builds a recipe with the smart constructors, as the parser does. */
export function buildRecipe(r: Recipe): Expr {
  switch (r.op) {
    case "num":
      return num(r.n, r.d);
    case "const":
      return constant(r.name);
    case "sym":
      return sym(r.name);
    case "+":
      return add(buildRecipe(r.a), buildRecipe(r.b));
    case "-":
      return sub(buildRecipe(r.a), buildRecipe(r.b));
    case "*":
      return mul(buildRecipe(r.a), buildRecipe(r.b));
    case "/":
      return div(buildRecipe(r.a), buildRecipe(r.b));
    case "^":
      return pow(buildRecipe(r.a), buildRecipe(r.b));
    case "neg":
      return neg(buildRecipe(r.a));
    case "call":
      return call(r.fn, r.args.map(buildRecipe));
    case "reduce":
      return reduce(r.reduction, buildRecipe(r.body));
    default:
      return r satisfies never;
  }
}

/** The recipe as fully parenthesised source text of the language. */
export function recipeText(r: Recipe): string {
  switch (r.op) {
    case "num": {
      const text = r.d === 1 ? numberLiteral(r.n) : `${r.n}/${r.d}`;
      return r.n < 0 || r.d !== 1 ? `(${text})` : text;
    }
    case "const":
    case "sym":
      return r.name;
    case "+":
    case "-":
    case "*":
    case "/":
    case "^":
      return `(${recipeText(r.a)} ${r.op} ${recipeText(r.b)})`;
    case "neg":
      return `(-${recipeText(r.a)})`;
    case "call":
      return `${r.fn.name}(${r.args.map(recipeText).join(", ")})`;
    case "reduce":
      return `${r.reduction}(${recipeText(r.body)})`;
    default:
      return r satisfies never;
  }
}

/** A literal for an f64 that the parser reads back as the same number (`1e+300` → `1e300`). */
function numberLiteral(n: number): string {
  return String(n).replace("e+", "e");
}

/** A value of the JavaScript computation: a number, or a column (one number a data row). */
export type Computed = number | readonly number[];

/**
 * Computes a recipe directly in f64, operation by operation as written (no folding, no rewriting);
 * names map to numbers or columns, `sum`/`mean` reduce a column (a number c sums to rows*c).
 * `largest` receives the largest magnitude of any intermediate value, for error bounds.
 */
export function computeRecipe(
  r: Recipe,
  values: Readonly<Record<string, number | ArrayLike<number>>>,
  stats: { largest: number } = { largest: 0 },
): Computed {
  const rows = Math.max(1, ...Object.values(values).map((v) => (typeof v === "number" ? 1 : v.length)));
  const lift = (args: Computed[], f: (...xs: number[]) => number): Computed => {
    const note = (x: number) => {
      stats.largest = Math.max(stats.largest, Math.abs(x));
      return x;
    };
    if (args.every((a) => typeof a === "number")) return note(f(...(args as number[])));
    return Array.from({ length: rows }, (_, i) =>
      note(f(...args.map((a) => (typeof a === "number" ? a : a[i]!)))),
    );
  };
  const go = (x: Recipe): Computed => {
    switch (x.op) {
      case "num":
        return lift([], () => x.n / x.d);
      case "const":
        return x.name === "pi" ? Math.PI : Math.E;
      case "sym": {
        const v = values[x.name]!;
        return typeof v === "number" ? lift([], () => v) : Array.from(v);
      }
      case "+":
        return lift([go(x.a), go(x.b)], (a, b) => a! + b!);
      case "-":
        return lift([go(x.a), go(x.b)], (a, b) => a! - b!);
      case "*":
        return lift([go(x.a), go(x.b)], (a, b) => a! * b!);
      case "/":
        return lift([go(x.a), go(x.b)], (a, b) => a! / b!);
      case "^":
        return lift([go(x.a), go(x.b)], (a, b) => a! ** b!);
      case "neg":
        return lift([go(x.a)], (a) => -a!);
      case "call":
        return lift(x.args.map(go), x.fn.evaluate);
      case "reduce": {
        const body = go(x.body);
        const total = typeof body === "number" ? body * rows : body.reduce((s, v) => s + v, 0);
        return lift([], () => (x.reduction === "sum" ? total : total / rows));
      }
      default:
        return x satisfies never;
    }
  };
  return go(r);
}

/** Random expression trees built with the smart constructors from every kind and every function. */
export function arbExpr(options: ExprOptions): fc.Arbitrary<Expr> {
  return arbRecipe(options).map(buildRecipe);
}

/**
 * A well-scaled number: 0, or ±[0.01, 3]. Never subnormal or tiny, where reassociating `(a/b)/c` as
 * `a*b^-1*c^-1` (which the tree does) legitimately changes f64 results by more than rounding.
 */
export const arbValue: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.boolean(), fc.double({ min: 0.01, max: 3, noNaN: true }))
      .map(([negative, v]) => (negative ? -v : v)),
    weight: 9,
  },
);

/** A value for each name (see `arbValue`). */
export function arbPoint(names: readonly string[]): fc.Arbitrary<Record<string, number>> {
  return fc.record(Object.fromEntries(names.map((n) => [n, arbValue]))) as fc.Arbitrary<
    Record<string, number>
  >;
}

/** A data column of `rows` values (see `arbValue`) for each name. */
export function arbColumns(
  names: readonly string[],
  rows: number,
): fc.Arbitrary<Record<string, Float64Array>> {
  const column = fc.array(arbValue, { minLength: rows, maxLength: rows }).map((xs) => Float64Array.from(xs));
  return fc.record(Object.fromEntries(names.map((n) => [n, column]))) as fc.Arbitrary<
    Record<string, Float64Array>
  >;
}

// ---- shaped trees -----------------------------------------------------------------------------------

/** The names of `arbShaped` trees and their shapes: parameters of fixed sizes, data with the rows `n`. */
export const SHAPED_NAMES: ReadonlyMap<string, Shape> = new Map<string, Shape>([
  ["b", []],
  ["c", []],
  ["w", [3]],
  ["v", [3]],
  ["u", [2]],
  ["y", ["n"]],
  ["x", ["n"]],
  ["X", ["n", 3]],
  ["Y", ["n", 2]],
  ["W", [3, 2]],
  ["V", [2, 3]],
]);

/** `SHAPED_NAMES` as a ShapeEnv. */
export const shapedEnv: ShapeEnv = (name) => SHAPED_NAMES.get(name);

const SHAPES: readonly Shape[] = [[], [3], [2], ["n"], ["n", 3], ["n", 2], [3, 2], [2, 3]];
const shapeKey = (s: Shape) => s.join(",");

/** One way to make a node of some shape from operands of the given shapes. */
type Way = { readonly operands: readonly Shape[]; readonly make: (args: Expr[]) => Expr };

/**
 * Every way to make each shape of SHAPES with one vector/matrix node from operands of those shapes, found by
 * trying each node on names of each shape (so the table follows src/expr's shape rules, whatever they are).
 */
function waysOfShaped(): Map<string, Way[]> {
  const ways = new Map<string, Way[]>(SHAPES.map((s) => [shapeKey(s), []]));
  const probe = (operands: Shape[], make: (args: Expr[]) => Expr) => {
    const names = operands.map((_, i) => `_${i}`);
    const env: ShapeEnv = (name) => operands[names.indexOf(name)];
    try {
      const shape = shapeOf(make(names.map((n) => sym(n))), env);
      ways.get(shapeKey(shape))?.push({ operands, make });
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
    }
  };
  for (const a of SHAPES) {
    for (const b of SHAPES) probe([a, b], ([l, r]) => matmul(l!, r!));
    probe([a], ([e]) => transpose(e!));
    for (const op of ["sum", "mean", "logsumexp", "softmax"] as const)
      for (const dim of [0, 1] as const) probe([a], ([e]) => along(op, e!, dim));
    probe([a], ([e]) => along("logsumexp", e!, undefined));
    probe([a], ([e]) => sizeOf("rows", e!));
    probe([a], ([e]) => sizeOf("cols", e!));
    probe([a], ([e]) => reduce("sum", e!));
    probe([a], ([e]) => reduce("mean", e!));
  }
  return ways;
}

const SHAPED_WAYS = waysOfShaped();

/** Numbers as a user writes them: small integers (negative too), fractions, decimals. */
const arbShapedNumber: fc.Arbitrary<Expr> = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map((n) => num(n)),
  fc.tuple(fc.integer({ min: -9, max: 9 }), fc.constantFrom(2, 3, 4, 10)).map(([n, d]) => num(n, d)),
  fc.constantFrom(-0.5, 2.5, 1e-3, -1e-3, 0.1).map((n) => num(n)),
);

const ELEMENTWISE = ["sin", "exp", "log", "sigmoid", "abs"].map((name) => FUNCTIONS.get(name)!);

/**
 * Random trees of shape `shape` over SHAPED_NAMES (see `shapedEnv`), `depth` levels deep, built with the
 * smart constructors from every node kind: elementwise operators and functions with broadcasting (a scalar
 * or a vector against a matrix), `@` of every shape that fits, `'`, calls along a dimension, sizes,
 * reductions, and numbers (negative ones too).
 */
export function arbShaped(shape: Shape, depth: number): fc.Arbitrary<Expr> {
  const memo = new Map<string, fc.Arbitrary<Expr>>();
  const node = (s: Shape, d: number): fc.Arbitrary<Expr> => {
    const key = `${shapeKey(s)}|${d}`;
    const known = memo.get(key);
    if (known) return known;
    const names = [...SHAPED_NAMES].filter(([, t]) => shapeKey(t) === shapeKey(s)).map(([n]) => sym(n));
    const leaves: fc.Arbitrary<Expr>[] = [];
    if (names.length > 0) leaves.push(fc.constantFrom(...names));
    if (s.length === 0) leaves.push(arbShapedNumber);
    const choices: fc.WeightedArbitrary<Expr>[] = leaves.map((arbitrary) => ({ arbitrary, weight: 2 }));
    if (d > 0) {
      const same = node(s, d - 1);
      const scalar = node([], d - 1);
      // a vector of the last dimension, which broadcasts against every row of a matrix
      const last = s.length === 2 && typeof s[1] === "number" ? node([s[1]], d - 1) : scalar;
      const other = fc.oneof(same, scalar, last);
      const binary = fc
        .tuple(fc.constantFrom("+", "-", "*", "/"), fc.boolean(), same, other)
        .map(([op, swap, a, b]) => {
          const [l, r] = swap ? [b, a] : [a, b];
          if (op === "+") return add(l, r);
          if (op === "-") return sub(l, r);
          if (op === "*") return mul(l, r);
          return div(l, r);
        });
      choices.push({ arbitrary: binary, weight: 4 });
      choices.push({ arbitrary: same.map(neg), weight: 1 });
      choices.push({
        arbitrary: fc.tuple(same, fc.constantFrom(2, 3, -1, 0.5)).map(([a, k]) => pow(a, num(k))),
        weight: 1,
      });
      choices.push({
        arbitrary: fc.tuple(fc.constantFrom(...ELEMENTWISE), same).map(([fn, a]) => call(fn, [a])),
        weight: 1,
      });
      const ways = SHAPED_WAYS.get(shapeKey(s)) ?? [];
      if (ways.length > 0)
        choices.push({
          arbitrary: fc
            .constantFrom(...ways)
            .chain((way) =>
              fc.tuple(...way.operands.map((o) => node(o, d - 1))).map((args) => way.make(args)),
            ),
          weight: 4,
        });
    }
    const arb = fc.oneof(...choices);
    memo.set(key, arb);
    return arb;
  };
  // The constructors fold `0*W` to the scalar 0 and `0/0` to UNDEFINED: keep the trees of the shape asked for.
  return node(shape, depth).filter((e) => {
    if (isUndefined(e)) return false;
    try {
      return shapeKey(shapeOf(e, shapedEnv)) === shapeKey(shape);
    } catch (error) {
      if (error instanceof ShapeError) return false;
      throw error;
    }
  });
}

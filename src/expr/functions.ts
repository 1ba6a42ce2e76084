/**
 * The one table of functions. Each entry holds everything every stage needs to know about a function: its
 * arity, how to evaluate it in f64, the JavaScript the compiler emits for it, the partial derivative with
 * respect to each argument (the outer derivative; the chain rule is applied once, in `src/diff`), its
 * LaTeX, where it is defined, where its derivative jumps (kinks), and an interval where tests sample it
 * smoothly. Adding a function is adding one entry.
 */
import { add, call, div, type Expr, mul, neg, num, pow, sub } from "./expr.js";

/** One row of the function table. */
export interface FunctionDef {
  readonly name: string;
  readonly arity: number;
  /** One line for the language reference. */
  readonly doc: string;
  /** f64 evaluation. */
  readonly evaluate: (...args: number[]) => number;
  /** A JavaScript expression computing it from argument expressions that are safe to repeat. */
  readonly js: (...args: string[]) => string;
  /** ∂f/∂(argument i), in terms of the arguments. */
  readonly derivative: (args: readonly Expr[], i: number) => Expr;
  /** LaTeX from the arguments' LaTeX. */
  readonly latex: (...args: string[]) => string;
  /**
   * A sampling interval inside the domain of every argument, away from poles and kinks, where tests and
   * benchmarks draw smooth points (not the domain itself: see `defined` and `kinks`).
   */
  readonly domain: readonly [number, number];
  /** Where it is defined: NaN for every real argument outside this interval; its ends may be poles. */
  readonly defined: readonly [number, number];
  /**
   * Where the derivative jumps: values of the argument (for `max` and `min`, of a - b). There the
   * derivative rule gives the subgradient the language documents (`sign(0) = 0` for `abs`).
   */
  readonly kinks: readonly number[];
  /** The exact value for exact arguments, when it is an exact number (`sqrt(4)`, `exp(0)`); else undefined. */
  readonly exact?: (...args: number[]) => number | undefined;
}

const fn = (name: string) => FUNCTIONS.get(name)!;
const apply = (name: string, ...args: Expr[]) => call(fn(name), args);
const paren = (a: string) => `\\left(${a}\\right)`;
const op = (name: string) => (a: string) => `\\operatorname{${name}}${paren(a)}`;
const mathOp = (name: string) => (a: string) => `\\${name}${paren(a)}`;
/** Exact only where the argument is 0 and the value there is a whole number (sin(0) = 0, cos(0) = 1). */
const exactAtZero = (f: (x: number) => number) => (x: number) => (x === 0 ? f(0) : undefined);
const step = (x: number) => (x > 0 ? 1 : 0);
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

function unary(
  name: string,
  doc: string,
  evaluate: (x: number) => number,
  derivative: (a: Expr) => Expr,
  latex: (a: string) => string,
  domain: readonly [number, number],
  extra: {
    js?: (a: string) => string;
    exact?: (x: number) => number | undefined;
    defined?: readonly [number, number];
    kinks?: readonly number[];
  } = {},
): FunctionDef {
  return {
    name,
    arity: 1,
    doc,
    evaluate,
    js: extra.js ?? ((a) => `Math.${name}(${a})`),
    derivative: (args) => derivative(args[0]!),
    latex,
    domain,
    defined: extra.defined ?? REALS,
    kinks: extra.kinks ?? [],
    ...(extra.exact ? { exact: extra.exact } : {}),
  };
}

const one = num(1);
const REALS = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] as const;
const POSITIVE = [0, Number.POSITIVE_INFINITY] as const;
const UNIT = [-1, 1] as const;
const sq = (a: Expr) => pow(a, num(2));

const rows: FunctionDef[] = [
  unary("sin", "sine", Math.sin, (a) => apply("cos", a), mathOp("sin"), [-3, 3], {
    exact: exactAtZero(Math.sin),
  }),
  unary("cos", "cosine", Math.cos, (a) => neg(apply("sin", a)), mathOp("cos"), [-3, 3], {
    exact: exactAtZero(Math.cos),
  }),
  unary("tan", "tangent", Math.tan, (a) => add(one, sq(apply("tan", a))), mathOp("tan"), [-1.2, 1.2], {
    exact: exactAtZero(Math.tan),
  }),
  unary(
    "asin",
    "inverse sine",
    Math.asin,
    (a) => div(one, apply("sqrt", sub(one, sq(a)))),
    mathOp("arcsin"),
    [-0.9, 0.9],
    {
      exact: exactAtZero(Math.asin),
      defined: UNIT,
    },
  ),
  unary(
    "acos",
    "inverse cosine",
    Math.acos,
    (a) => neg(div(one, apply("sqrt", sub(one, sq(a))))),
    mathOp("arccos"),
    [-0.9, 0.9],
    { defined: UNIT },
  ),
  unary("atan", "inverse tangent", Math.atan, (a) => div(one, add(one, sq(a))), mathOp("arctan"), [-3, 3], {
    exact: exactAtZero(Math.atan),
  }),
  unary("sinh", "hyperbolic sine", Math.sinh, (a) => apply("cosh", a), mathOp("sinh"), [-3, 3], {
    exact: exactAtZero(Math.sinh),
  }),
  unary("cosh", "hyperbolic cosine", Math.cosh, (a) => apply("sinh", a), mathOp("cosh"), [-3, 3], {
    exact: exactAtZero(Math.cosh),
  }),
  unary(
    "tanh",
    "hyperbolic tangent",
    Math.tanh,
    (a) => sub(one, sq(apply("tanh", a))),
    mathOp("tanh"),
    [-3, 3],
    {
      exact: exactAtZero(Math.tanh),
    },
  ),
  unary(
    "asinh",
    "inverse hyperbolic sine",
    Math.asinh,
    (a) => div(one, apply("sqrt", add(sq(a), one))),
    op("arsinh"),
    [-3, 3],
    {
      exact: exactAtZero(Math.asinh),
    },
  ),
  unary(
    "acosh",
    "inverse hyperbolic cosine",
    Math.acosh,
    (a) => div(one, apply("sqrt", sub(sq(a), one))),
    op("arcosh"),
    [1.1, 4],
    { defined: [1, Number.POSITIVE_INFINITY] },
  ),
  unary(
    "atanh",
    "inverse hyperbolic tangent",
    Math.atanh,
    (a) => div(one, sub(one, sq(a))),
    op("artanh"),
    [-0.9, 0.9],
    {
      exact: exactAtZero(Math.atanh),
      defined: UNIT,
    },
  ),
  unary("exp", "e to the power x", Math.exp, (a) => apply("exp", a), mathOp("exp"), [-3, 3], {
    exact: exactAtZero(Math.exp),
  }),
  unary("log", "natural logarithm", Math.log, (a) => div(one, a), mathOp("log"), [0.1, 5], {
    exact: (x) => (x === 1 ? 0 : undefined),
    defined: POSITIVE,
  }),
  unary(
    "log1p",
    "log(1 + x), accurate near 0",
    Math.log1p,
    (a) => div(one, add(one, a)),
    op("log1p"),
    [-0.5, 3],
    {
      exact: exactAtZero(Math.log1p),
      defined: [-1, Number.POSITIVE_INFINITY],
    },
  ),
  unary("expm1", "exp(x) - 1, accurate near 0", Math.expm1, (a) => apply("exp", a), op("expm1"), [-3, 3], {
    exact: exactAtZero(Math.expm1),
  }),
  unary(
    "log2",
    "base-2 logarithm",
    Math.log2,
    (a) => div(one, mul(a, apply("log", num(2)))),
    (a) => `\\log_{2}${paren(a)}`,
    [0.1, 5],
    { defined: POSITIVE },
  ),
  unary(
    "log10",
    "base-10 logarithm",
    Math.log10,
    (a) => div(one, mul(a, apply("log", num(10)))),
    (a) => `\\log_{10}${paren(a)}`,
    [0.1, 5],
    { defined: POSITIVE },
  ),
  unary(
    "sqrt",
    "square root",
    Math.sqrt,
    (a) => div(one, mul(num(2), apply("sqrt", a))),
    (a) => `\\sqrt{${a}}`,
    [0.1, 5],
    {
      exact: (x) => (Number.isInteger(Math.sqrt(x)) ? Math.sqrt(x) : undefined),
      defined: POSITIVE,
    },
  ),
  unary(
    "cbrt",
    "cube root",
    Math.cbrt,
    (a) => div(one, mul(num(3), sq(apply("cbrt", a)))),
    (a) => `\\sqrt[3]{${a}}`,
    [0.1, 5],
    { exact: (x) => (Number.isInteger(Math.cbrt(x)) ? Math.cbrt(x) : undefined) },
  ),
  unary(
    "abs",
    "absolute value; derivative sign(x), 0 at 0",
    Math.abs,
    (a) => apply("sign", a),
    (a) => `\\left|${a}\\right|`,
    [0.2, 3],
    {
      exact: Math.abs,
      kinks: [0],
    },
  ),
  unary("sign", "-1, 0 or 1; derivative 0", Math.sign, () => num(0), op("sign"), [0.2, 3], {
    exact: Math.sign,
    kinks: [0],
  }),
  unary(
    "step",
    "1 where x > 0, else 0 (Heaviside, step(0) = 0); derivative 0",
    step,
    () => num(0),
    op("step"),
    [0.2, 3],
    {
      js: (a) => `(${a} > 0 ? 1 : 0)`,
      exact: step,
      kinks: [0],
    },
  ),
  unary(
    "sigmoid",
    "logistic function 1/(1 + exp(-x))",
    sigmoid,
    (a) => mul(apply("sigmoid", a), sub(one, apply("sigmoid", a))),
    (a) => `\\sigma${paren(a)}`,
    [-4, 4],
    { js: (a) => `(${a} >= 0 ? 1 / (1 + Math.exp(-${a})) : Math.exp(${a}) / (1 + Math.exp(${a})))` },
  ),
  unary(
    "softplus",
    "log(1 + exp(x)), computed without overflow",
    softplus,
    (a) => apply("sigmoid", a),
    op("softplus"),
    [-4, 4],
    {
      js: (a) => `(Math.max(${a}, 0) + Math.log1p(Math.exp(-Math.abs(${a}))))`,
    },
  ),
  unary(
    "relu",
    "max(x, 0); derivative step(x), 0 at 0",
    (x) => Math.max(x, 0),
    (a) => apply("step", a),
    op("ReLU"),
    [0.2, 3],
    {
      js: (a) => `Math.max(${a}, 0)`,
      exact: (x) => Math.max(x, 0),
      kinks: [0],
    },
  ),
  {
    name: "max",
    arity: 2,
    doc: "the larger of a and b; at a tie the derivative goes to b",
    evaluate: Math.max,
    js: (a, b) => `Math.max(${a}, ${b})`,
    derivative: ([a, b], i) => (i === 0 ? apply("step", sub(a!, b!)) : sub(one, apply("step", sub(a!, b!)))),
    latex: (a, b) => `\\max${paren(`${a}, ${b}`)}`,
    domain: [-3, 3],
    defined: REALS,
    kinks: [0],
    exact: Math.max,
  },
  {
    name: "min",
    arity: 2,
    doc: "the smaller of a and b; at a tie the derivative goes to b",
    evaluate: Math.min,
    js: (a, b) => `Math.min(${a}, ${b})`,
    derivative: ([a, b], i) => (i === 0 ? apply("step", sub(b!, a!)) : sub(one, apply("step", sub(b!, a!)))),
    latex: (a, b) => `\\min${paren(`${a}, ${b}`)}`,
    domain: [-3, 3],
    defined: REALS,
    kinks: [0],
    exact: Math.min,
  },
];

/** The natural logarithm of `e`, with log(e) = 1 for the constant e (the rule for d/dx a^x uses it). */
export function ln(x: Expr): Expr {
  return x.kind === "num" && x.constant === "e" ? one : apply("log", x);
}

/** Every function of the language, by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  rows.map((r) => [r.name, Object.freeze(r)]),
);

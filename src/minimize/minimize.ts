/**
 * `minimize`: the whole pipeline for a user — a formula (text or tree) and data in, fitted parameters out.
 * It parses (checking that the cost is a scalar given the data), compiles the value, gradient and Hessian,
 * and runs an optimizer. Parameters are addressed by name here; the optimizer sees vectors.
 */
import {
  type Backend,
  compile,
  dataShapes,
  isShapedData,
  lowerProblem,
  lowerScalar,
  ParamLayout,
  type ParamValue,
  type Precision,
  type TensorInput,
  tensorOf,
  withCheckedColumns,
} from "../compile/index.js";
import { parameters } from "../diff/index.js";
import {
  type Expr,
  freeSymbols,
  type Shape,
  ShapeError,
  type SquaredTerm,
  sumOfSquares,
} from "../expr/index.js";
import {
  type IterationInfo,
  type Method,
  methodNamed,
  type OptimizeOptions,
  type OptimizeResult,
  optimize,
} from "../optimize/index.js";
import { type DeclareShape, parse, parseConstraint, withShapeAdvice } from "../syntax/index.js";
import { absentName, parameterNotInFormula } from "../text/absentName.js";
import { namedEntries } from "../text/byName.js";
import { columnSlip, columnSlipMessage } from "./columnNames.js";
import { compiledOnce } from "./compiledOnce.js";
import { formulaOnce, keepScalar, paramsKey } from "./formulaOnce.js";
import { withResiduals } from "./leastSquares.js";
import { analyseOptimum, type FitStatistics } from "./statistics.js";

/**
 * Values by name: a Map, or an object whose own properties are the names (inherited ones are never read, so
 * `constructor` or `toString` is a name like any other; build such objects with Object.fromEntries or JSON,
 * since a literal `{ __proto__: … }` sets the prototype instead).
 */
export type Named<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

import { type ConstraintTree, placeConstraints } from "./constraints.js";
import { MinimizeError } from "./minimizeError.js";

/**
 * Options of `minimize`: the optimizer's, with parameters by name, plus data. `V` is what a parameter's value
 * is: `number` (the default) when every parameter is a scalar, so that `init` holds numbers and there are no
 * `shapes`; `ParamValue` to allow vectors and matrices.
 */
export interface MinimizeOptions<V = number>
  extends Omit<OptimizeOptions, "init" | "bounds" | "onIteration" | "constraints"> {
  /**
   * Data by name: columns (arrays), matrices of data rows (arrays of rows, or `{ shape: [n, k], values }`),
   * numbers; every other name in the formula is a parameter.
   */
  data?: Named<TensorInput>;
  /**
   * Starting values by name (missing ones start at 0), or one per parameter in order: numbers, arrays
   * (vectors), arrays of rows (matrices) or `{ shape, values }`. A parameter's shape is its init's, or the
   * one in `shapes` (then a number fills every entry).
   */
  init?: [V] extends [number]
    ? Named<number> | readonly number[]
    : Named<TensorInput> | readonly TensorInput[];
  /** The shape of a vector or matrix parameter (`{ w: [3], W: [4, 3] }`), where its init does not give it. */
  shapes?: [V] extends [number] ? undefined : Named<readonly number[]>;
  /**
   * The parameters, in order; default: the formula's names that are not data, in order of appearance. Without
   * it, a name that is a data column's but for letter case or a typo (`x` for a column `X`) is an error.
   */
  params?: readonly string[];
  /**
   * A box `[lower, upper]` per parameter name; for a vector or matrix each side is a number (for every
   * entry) or an array of the parameter's shape.
   */
  bounds?: Named<readonly [TensorInput, TensorInput]>;
  /**
   * Compute `statistics` and `unidentified` at the optimum (by default beyond 200 parameters, or 20 entries of
   * vector and matrix parameters, they are skipped: `true` computes them whatever the size).
   */
  statistics?: boolean;
  /**
   * Constraints such as "x1 + x2 <= 1", "x1*x2 == 2" (`<=`, `>=`, `==`), as text or as trees; one parameter
   * against a constant is a bound. Method lbfgs only.
   */
  constraints?: readonly (string | ConstraintTree)[];
  /** The arithmetic of the compiled cost: "f64" (default) or "f32" like PyTorch's float32 (see compile). */
  precision?: Precision;
  /** The code the cost is compiled to: "js", "wasm" or "auto" (the default; see compile). */
  backend?: Backend;
  /** Called at every iterate, with the parameters also by name in their shapes; returning false stops the run. */
  onIteration?(info: IterationInfo & { readonly named: Readonly<Record<string, V>> }): unknown;
}

/** One recorded iterate, parameters by name (an object without prototype), each in its shape. */
export interface MinimizeHistoryEntry<V = number> {
  readonly iteration: number;
  readonly cost: number;
  readonly gradientNorm: number;
  readonly params: Record<string, V>;
}

/** The outcome of `minimize`: as the optimizer's, with parameters by name. */
export interface MinimizeResult<V = number> extends Omit<OptimizeResult, "x" | "history"> {
  /**
   * The fitted parameters by name, in an object without prototype: only the parameters are its keys. Each
   * in its shape: a number, an array (a vector), an array of rows (a matrix).
   */
  readonly params: Record<string, V>;
  /** The method that ran. */
  readonly method: Method;
  readonly history: MinimizeHistoryEntry<V>[];
  /** What the optimum means: the Hessian's eigenvalues, and for a least-squares fit to data its summary. */
  readonly statistics?: FitStatistics;
  /** Parameters the cost or the data do not determine (the message says why); empty when all are. */
  readonly unidentified?: string[];
}

export { MinimizeError };

/**
 * The method used when none is given: L-BFGS, which solves smooth problems best, or Levenberg–Marquardt
 * for a sum of squares without bounds, unless the options ask for step-size training (a learning rate or
 * mini-batches), which means gradient descent.
 */
export function defaultMethod(options: {
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** True when the cost is a sum of squares (and nothing, such as bounds, rules out "lm"). */
  readonly leastSquares?: boolean;
}): Method {
  if (options.learningRate !== undefined || options.batchSize !== undefined) return "gd";
  return options.leastSquares ? "lm" : "lbfgs";
}

/** `info` with its parameters also by name, built only if a callback reads them (it runs every iteration). */
function withNames(layout: ParamLayout, info: IterationInfo) {
  let byName: Record<string, ParamValue> | undefined;
  return {
    ...info,
    get named() {
      byName ??= layout.reshape(info.params);
      return byName;
    },
  };
}

/** The shapes of the parameters that have one: from `shapes`, else from a vector or matrix init. */
function paramShapes(options: MinimizeOptions<ParamValue> | MinimizeOptions): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  if (options.init !== undefined && !Array.isArray(options.init))
    for (const [name, value] of namedEntries(options.init as Named<TensorInput>)) {
      const shape = tensorOf(value, `init of '${name}'`).shape;
      if (shape.length > 0) out.set(name, shape);
    }
  for (const [name, shape] of namedEntries(options.shapes ?? new Map<string, readonly number[]>())) {
    if (!Array.isArray(shape) || shape.length > 2 || !shape.every((d) => Number.isInteger(d) && d >= 1))
      throw new MinimizeError(
        `shapes: '${name}' must have a shape [], [k] or [m, k] of whole sizes of at least 1, not ${JSON.stringify(shape)}`,
      );
    out.set(name, shape);
  }
  return out;
}

type Callback = NonNullable<MinimizeOptions<ParamValue>["onIteration"]>;

/** `lowerProblem`, with a hint where a shape mistake may come from a parameter whose shape was not given. */
function lowerWithHint(
  expr: Expr,
  params: readonly string[],
  shapes: ReadonlyMap<string, readonly number[]>,
  data: ReadonlyMap<string, TensorInput>,
) {
  try {
    return lowerProblem(expr, params, shapes, data);
  } catch (error) {
    const scalars = params.filter((p) => !shapes.has(p));
    if (!(error instanceof ShapeError) || scalars.length === 0) throw error;
    throw new MinimizeError(
      `${error.message} (${scalars.map((p) => `'${p}'`).join(", ")} ${scalars.length > 1 ? "are scalars" : "is a scalar"}: a parameter's shape comes from its init, such as [0, 0, 0], or from the shapes option)`,
    );
  }
}

/**
 * The formula's names that are not data, in order of appearance; a name that is an unused column's but for
 * letter case or a typo is an error (the caller lists it in `params` to mean it).
 */
function defaultParams(expr: Expr, dataNames: readonly string[]): readonly string[] {
  const params = parameters(expr, { data: dataNames });
  const used = new Set(freeSymbols(expr));
  const slip = columnSlip(
    params,
    dataNames.filter((name) => !used.has(name)),
  );
  if (slip) throw new MinimizeError(columnSlipMessage(slip, "list it in params"));
  return params;
}

/** The names of each cost checked lately: trees are immutable, so a repeated call does not walk it again. */
const namesOfCost = new WeakMap<Expr, ReadonlySet<string>>();

/**
 * Throws when a listed parameter is in neither the cost nor a constraint: nothing can fit it, and it would
 * come back at its start as if fitted. The constraints are read only when the cost lacks a parameter.
 */
function checkParamsUsed(
  expr: Expr,
  params: readonly string[],
  constraints: MinimizeOptions["constraints"],
): void {
  let inCost = namesOfCost.get(expr);
  if (inCost === undefined) {
    inCost = new Set(freeSymbols(expr));
    namesOfCost.set(expr, inCost);
  }
  if (absentName(params, inCost) === undefined) return;
  const names = new Set(inCost);
  for (const c of constraints ?? []) {
    const { lhs, rhs } = typeof c === "string" ? parseConstraint(c) : c;
    for (const name of [...freeSymbols(lhs), ...freeSymbols(rhs)]) names.add(name);
  }
  const absent = absentName(params, names);
  if (absent !== undefined) throw new MinimizeError(parameterNotInFormula("params", absent, [...names]));
}

/** How an API caller gives a parameter its shape, for the hint of a shape mistake. */
const declareInOptions: DeclareShape = (name, sizes) =>
  `shapes: { ${name}: [${sizes}] } (or an init of that shape)`;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The options `minimize` decides itself rather than passing on. */
type OwnOptions = "method" | "init" | "bounds" | "constraints" | "onIteration";

/**
 * The optimizer's options: `own`, and the rest of `options` read by name. Every key is listed (the type
 * makes a new optimizer option fail to compile here until it is), absent ones undefined, which the optimizer
 * reads as not given: a literal of one shape, where spreading the caller's object took microseconds a call.
 */
function optimizerOptions(
  options: MinimizeOptions<ParamValue> | MinimizeOptions,
  own: { [K in OwnOptions]: OptimizeOptions[K] },
): OptimizeOptions {
  const all: { [K in keyof Required<OptimizeOptions>]: OptimizeOptions[K] } = {
    method: own.method,
    init: own.init,
    bounds: own.bounds,
    constraints: own.constraints,
    onIteration: own.onIteration,
    learningRate: options.learningRate,
    maxIterations: options.maxIterations,
    maxEvaluations: options.maxEvaluations,
    tolerance: options.tolerance,
    costTolerance: options.costTolerance,
    stepTolerance: options.stepTolerance,
    lineSearch: options.lineSearch,
    momentum: options.momentum,
    dampening: options.dampening,
    beta1: options.beta1,
    beta2: options.beta2,
    epsilon: options.epsilon,
    alpha: options.alpha,
    weightDecay: options.weightDecay,
    memory: options.memory,
    constraintTolerance: options.constraintTolerance,
    batchSize: options.batchSize,
    seed: options.seed,
    historyEvery: options.historyEvery,
  };
  return all;
}

/**
 * The entries of vector and matrix parameters up to which statistics are computed by default. They need the
 * Hessian, whose symbolic entries a lowered model has one of per pair of entries, each a sum over the data:
 * 100 entries of a linear model took 14 s (the softmax lab's 15, about 1 s); `statistics: true` asks anyway.
 */
const STATISTICS_ENTRIES_SHAPED = 20;

/**
 * Minimizes `cost` over its parameters. A vector or matrix parameter (its shape from its init or from
 * `shapes`) is optimized entry by entry and comes back in its shape.
 * @throws ParseError for a bad formula, CompileError for unbound names or bad data, OptimizeError for bad options.
 */
export function minimize(cost: string | Expr, options?: MinimizeOptions): MinimizeResult;
export function minimize(
  cost: string | Expr,
  options: MinimizeOptions<ParamValue>,
): MinimizeResult<ParamValue>;
export function minimize(
  cost: string | Expr,
  options: MinimizeOptions<ParamValue> | MinimizeOptions = {},
): MinimizeResult<ParamValue> {
  // the cost, its residuals for lm and for the statistics bind the same columns: checked and copied once
  return withCheckedColumns(() => fitCost(cost, options));
}

function fitCost(
  cost: string | Expr,
  options: MinimizeOptions<ParamValue> | MinimizeOptions,
): MinimizeResult<ParamValue> {
  const given = namedEntries(options.data ?? new Map<string, TensorInput>());
  const dataNames = [...given.keys()];
  const shapeOfParam = paramShapes(options);
  const shapeOfData = dataShapes(given);
  const env = (name: string): Shape | undefined => shapeOfParam.get(name) ?? shapeOfData.get(name);
  // plain columns and scalar parameters: what the text alone decides is kept per text (shapes take part
  // in parsing otherwise)
  const plain = shapeOfParam.size === 0 && !isShapedData(given);
  const parseText = (text: string) => () => {
    try {
      return parse(text, { data: dataNames, shapes: env });
    } catch (error) {
      throw withShapeAdvice(error, declareInOptions);
    }
  };
  const formula =
    typeof cost === "string" && plain ? formulaOnce(cost, dataNames, parseText(cost)) : undefined;
  const expr = formula?.expr ?? (typeof cost === "string" ? parseText(cost)() : cost);
  let params = options.params;
  if (params === undefined) {
    params = formula?.params ?? defaultParams(expr, dataNames);
    if (formula) formula.params = params;
  } else checkParamsUsed(expr, params, options.constraints);
  const index = new Map(params.map((p, i) => [p, i]));
  const check = (name: string, what: string) => {
    if (!index.has(name))
      throw new MinimizeError(
        `${what} names '${name}', which is not a parameter (parameters: ${params.join(", ") || "none"})`,
      );
  };
  let initByName: Map<string, TensorInput>;
  if (Array.isArray(options.init)) {
    if (options.init.length !== params.length)
      throw new MinimizeError(
        `init has ${options.init.length} values for ${params.length} parameters (${params.join(", ")})`,
      );
    const list = options.init as readonly TensorInput[];
    initByName = new Map(params.map((p, i) => [p, list[i]!]));
    params.forEach((p) => {
      const shape = tensorOf(initByName.get(p)!, `init of '${p}'`).shape;
      if (shape.length > 0 && !shapeOfParam.has(p)) shapeOfParam.set(p, shape);
    });
  } else {
    initByName = namedEntries((options.init ?? new Map()) as Named<TensorInput>);
    for (const name of initByName.keys()) check(name, "init");
  }
  // vectors and matrices are lowered to scalar formulas over their entries, which the optimizer sees flat;
  // a kept formula remembers which parameter lists left it scalar
  const listKey = formula && shapeOfParam.size === 0 ? paramsKey(params) : undefined;
  const keptScalar = listKey === undefined ? undefined : formula!.scalar.get(listKey);
  const lowered = keptScalar ? undefined : lowerWithHint(expr, params, shapeOfParam, given);
  const layout =
    keptScalar?.layout ??
    lowered?.layout ??
    new ParamLayout(
      params,
      params.map(() => []),
    );
  const entries = layout.entries;
  const data = lowered?.data ?? (given as Map<string, ArrayLike<number>>);
  const scalarCost = lowered?.expr ?? expr;
  const init = [...layout.flatten(initByName, "init")];
  let bounds: OptimizeOptions["bounds"];
  if (options.bounds) {
    const sides = namedEntries(options.bounds);
    for (const name of sides.keys()) check(name, "bounds");
    const lower = layout.flatten(new Map([...sides].map(([p, b]) => [p, b[0]])), "bounds");
    const upper = layout.flatten(new Map([...sides].map(([p, b]) => [p, b[1]])), "bounds");
    const box = new Array<readonly [number, number] | undefined>(entries.length);
    params.forEach((p, k) => {
      const { start, count } = layout.range(k);
      for (let j = start; j < start + count; j++) box[j] = sides.has(p) ? [lower[j]!, upper[j]!] : undefined;
    });
    bounds = box;
  }
  let squares: SquaredTerm[] | undefined;
  if (keptScalar) squares = keptScalar.squares;
  else {
    const isEntry = new Set(entries);
    squares = sumOfSquares(scalarCost, (name) => isEntry.has(name));
    if (listKey !== undefined && !lowered) keepScalar(formula!, listKey, { layout, squares });
  }
  const constrained = (options.constraints ?? []).length > 0;
  const precision = options.precision ?? "f64";
  // lm's residuals and Jacobian are f64 only, so an f32 cost defaults to the other methods
  const leastSquares = !!squares && !bounds && !constrained && precision === "f64";
  // read the way the optimizer reads it (`Adam`, `sgd`), so the result names the method that ran
  const method =
    methodNamed(options.method ?? defaultMethod({ ...options, leastSquares })) ?? options.method!;
  if (method === "lm" && !squares)
    throw new MinimizeError(
      "method 'lm' needs a cost that is a sum of squares, such as sum((W*x - y)^2) or (1 - a)^2 + 100*(b - a^2)^2",
    );
  if (method === "lm" && precision !== "f64")
    throw new MinimizeError("method 'lm' computes in f64 only; use another method with precision 'f32'");
  const placed = placeConstraints(options.constraints ?? [], {
    params: entries,
    data,
    bounds,
    method,
    ...(lowered ? { lower: (e: Expr) => lowerScalar(e, lowered.env) } : {}),
  });
  bounds = placed.bounds;
  const compileAll = () => {
    const compiled = compile(scalarCost, {
      params: entries,
      data,
      precision,
      ...(options.backend ? { backend: options.backend } : {}),
    });
    const objective =
      method === "lm" ? withResiduals(compiled, squares!, { params: entries, data }) : compiled;
    return { compiled, objective };
  };
  // a formula text with plain columns compiles to the same code for equal data: kept (small data only)
  const { compiled, objective } = formula
    ? compiledOnce(
        [formula.key, listKey ?? paramsKey(entries), precision, options.backend ?? "", method === "lm"].join(
          "\u0000",
        ),
        data,
        compileAll,
      )
    : compileAll();
  const onIteration = options.onIteration;
  const result = optimize(
    objective,
    optimizerOptions(options, {
      method,
      init,
      bounds,
      constraints: placed.constraints.length > 0 ? placed.constraints : undefined,
      // a caller whose callback takes numbers has only scalar parameters (see the overloads)
      onIteration: onIteration
        ? (info: IterationInfo) => (onIteration as Callback)(withNames(layout, info))
        : undefined,
    }),
  );
  const { x, history } = result;
  const analysis =
    options.statistics === false ||
    // at a point where the cost keeps falling there is no optimum to describe; under constraints the cost's
    // Hessian does not describe it (a parameter only a constraint uses is determined, not left at its start)
    result.status === "unbounded" ||
    placed.constraints.length > 0 ||
    (options.statistics === undefined && entries.length > (lowered ? STATISTICS_ENTRIES_SHAPED : 200))
      ? undefined
      : analyseOptimum(scalarCost, compiled, x, squares, {
          data,
          ...("leastSquares" in objective ? { residuals: objective.leastSquares } : {}),
        });
  // built field by field, in the optimizer's order: spreading its result (and each history entry) into a
  // literal that overrides some of its keys took microseconds each
  const fitted = {
    // lm tracks its sum of squared residuals; report the compiled formula's value, as every other method does
    cost: method === "lm" ? compiled.value(x) : result.cost,
    gradientNorm: result.gradientNorm,
    iterations: result.iterations,
    evaluations: result.evaluations,
    gradientEvaluations: result.gradientEvaluations,
    hessianEvaluations: result.hessianEvaluations,
    converged: result.converged,
    status: result.status,
    message: analysis?.note ? `${result.message} ${analysis.note}` : result.message,
  } as Mutable<MinimizeResult<ParamValue>>;
  if (result.constraints !== undefined) {
    fitted.constraints = result.constraints;
    fitted.maxViolation = result.maxViolation;
  }
  if (analysis) {
    fitted.statistics = analysis.statistics;
    fitted.unidentified = analysis.unidentified;
  }
  const byName = new Array<MinimizeHistoryEntry<ParamValue>>(history.length);
  for (let i = 0; i < history.length; i++) {
    const h = history[i]!;
    byName[i] = {
      iteration: h.iteration,
      cost: h.cost,
      gradientNorm: h.gradientNorm,
      params: layout.reshape(h.params),
    };
  }
  fitted.method = method;
  fitted.params = layout.reshape(x);
  fitted.history = byName;
  return fitted;
}

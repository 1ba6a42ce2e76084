/**
 * `minimize`: the whole pipeline for a user — a formula (text or tree) and data in, fitted parameters out.
 * It parses (checking that the cost is a scalar given the data), compiles the value, gradient and Hessian,
 * and runs an optimizer. Parameters are addressed by name here; the optimizer sees vectors.
 */
import { type Backend, compile, type Precision } from "../compile/index.js";
import { parameters } from "../diff/index.js";
import { type Expr, freeSymbols, sumOfSquares } from "../expr/index.js";
import {
  type IterationInfo,
  type Method,
  methodNamed,
  type OptimizeOptions,
  type OptimizeResult,
  optimize,
} from "../optimize/index.js";
import { parse } from "../syntax/index.js";
import { byName, namedEntries } from "../text/byName.js";
import { columnSlip, columnSlipMessage } from "./columnNames.js";
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

/** Options of `minimize`: the optimizer's, with parameters by name, plus data. */
export interface MinimizeOptions
  extends Omit<OptimizeOptions, "init" | "bounds" | "onIteration" | "constraints"> {
  /** Data columns by name; every other name in the formula is a parameter. */
  data?: Named<ArrayLike<number>>;
  /** Starting values by name (missing ones start at 0), or one per parameter in order. */
  init?: Named<number> | readonly number[];
  /**
   * The parameters, in order; default: the formula's names that are not data, in order of appearance. Without
   * it, a name that is a data column's but for letter case or a typo (`x` for a column `X`) is an error.
   */
  params?: readonly string[];
  /** A box `[lower, upper]` per parameter name. */
  bounds?: Named<readonly [number, number]>;
  /** Compute `statistics` and `unidentified` at the optimum (default true; skipped beyond 200 parameters). */
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
  /** Called at every iterate; returning false stops the run. */
  onIteration?: (info: IterationInfo & { readonly named: Readonly<Record<string, number>> }) => unknown;
}

/** One recorded iterate, parameters by name (an object without prototype). */
export interface MinimizeHistoryEntry {
  readonly iteration: number;
  readonly cost: number;
  readonly gradientNorm: number;
  readonly params: Record<string, number>;
}

/** The outcome of `minimize`: as the optimizer's, with parameters by name. */
export interface MinimizeResult extends Omit<OptimizeResult, "x" | "history"> {
  /** The fitted parameters by name, in an object without prototype: only the parameters are its keys. */
  readonly params: Record<string, number>;
  /** The method that ran. */
  readonly method: Method;
  readonly history: MinimizeHistoryEntry[];
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

const named = (names: readonly string[], values: ArrayLike<number>) =>
  byName(names.map((n, i) => [n, values[i]!]));

/** `info` with its parameters also by name, built only if a callback reads them (it runs every iteration). */
function withNames(params: readonly string[], info: IterationInfo) {
  let byName: Record<string, number> | undefined;
  return {
    ...info,
    get named() {
      byName ??= named(params, info.params);
      return byName;
    },
  };
}

/**
 * Minimizes `cost` over its parameters.
 * @throws ParseError for a bad formula, CompileError for unbound names or bad data, OptimizeError for bad options.
 */
export function minimize(cost: string | Expr, options: MinimizeOptions = {}): MinimizeResult {
  const data = namedEntries(options.data ?? new Map<string, ArrayLike<number>>());
  const dataNames = [...data.keys()];
  const expr = typeof cost === "string" ? parse(cost, { data: dataNames }) : cost;
  let params = options.params;
  if (params === undefined) {
    params = parameters(expr, { data: dataNames });
    const used = new Set(freeSymbols(expr));
    const slip = columnSlip(
      params,
      dataNames.filter((name) => !used.has(name)),
    );
    if (slip) throw new MinimizeError(columnSlipMessage(slip, "list it in params"));
  }
  const index = new Map(params.map((p, i) => [p, i]));
  const check = (name: string, what: string) => {
    if (!index.has(name))
      throw new MinimizeError(
        `${what} names '${name}', which is not a parameter (parameters: ${params.join(", ") || "none"})`,
      );
  };
  let init: number[];
  if (Array.isArray(options.init)) {
    if (options.init.length !== params.length)
      throw new MinimizeError(
        `init has ${options.init.length} values for ${params.length} parameters (${params.join(", ")})`,
      );
    init = [...options.init];
  } else {
    const given = namedEntries((options.init ?? new Map()) as Named<number>);
    for (const name of given.keys()) check(name, "init");
    init = params.map((p) => given.get(p) ?? 0);
  }
  let bounds: OptimizeOptions["bounds"];
  if (options.bounds) {
    const given = namedEntries(options.bounds);
    for (const name of given.keys()) check(name, "bounds");
    bounds = params.map((p) => given.get(p));
  }
  const squares = sumOfSquares(expr, (name) => index.has(name));
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
  const placed = placeConstraints(options.constraints ?? [], { params, data, bounds, method });
  bounds = placed.bounds;
  const compiled = compile(expr, {
    params,
    data,
    precision,
    ...(options.backend ? { backend: options.backend } : {}),
  });
  const objective = method === "lm" ? withResiduals(compiled, squares!, { params, data }) : compiled;
  const {
    data: _data,
    init: _init,
    params: _params,
    bounds: _bounds,
    constraints: _constraints,
    precision: _precision,
    backend: _backend,
    onIteration,
    statistics: _statistics,
    ...optimizerOptions
  } = options;
  const result = optimize(objective, {
    ...optimizerOptions,
    method,
    init,
    ...(bounds ? { bounds } : {}),
    ...(placed.constraints.length > 0 ? { constraints: placed.constraints } : {}),
    ...(onIteration ? { onIteration: (info: IterationInfo) => onIteration(withNames(params, info)) } : {}),
  });
  const { x, history, ...rest } = result;
  const analysis =
    options.statistics === false || params.length > 200
      ? undefined
      : analyseOptimum(expr, compiled, x, squares, {
          data,
          ...("leastSquares" in objective ? { residuals: objective.leastSquares } : {}),
        });
  return {
    ...rest,
    // lm tracks its sum of squared residuals; report the compiled formula's value, as every other method does
    ...(method === "lm" ? { cost: compiled.value(x) } : {}),
    ...(analysis
      ? {
          statistics: analysis.statistics,
          unidentified: analysis.unidentified,
          message: analysis.note ? `${rest.message} ${analysis.note}` : rest.message,
        }
      : {}),
    method,
    params: named(params, x),
    history: history.map((h) => ({ ...h, params: named(params, h.params) })),
  };
}

/**
 * `minimize`: the whole pipeline for a user — a formula (text or tree) and data in, fitted parameters out.
 * It parses (checking that the cost is a scalar given the data), compiles the value, gradient and Hessian,
 * and runs an optimizer. Parameters are addressed by name here; the optimizer sees vectors.
 */
import { compile, type Precision } from "../compile/index.js";
import { parameters } from "../diff/index.js";
import type { Expr } from "../expr/index.js";
import {
  type IterationInfo,
  type Method,
  type OptimizeOptions,
  type OptimizeResult,
  optimize,
} from "../optimize/index.js";
import { parse } from "../syntax/index.js";

/** Options of `minimize`: the optimizer's, with parameters by name, plus data. */
export interface MinimizeOptions extends Omit<OptimizeOptions, "init" | "bounds" | "onIteration"> {
  /** Data columns by name; every other name in the formula is a parameter. */
  data?: Readonly<Record<string, ArrayLike<number>>>;
  /** Starting values by name (missing ones start at 0), or one per parameter in order. */
  init?: Readonly<Record<string, number>> | readonly number[];
  /** The parameters, in order; default: the formula's names that are not data, in order of appearance. */
  params?: readonly string[];
  /** A box `[lower, upper]` per parameter name. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** The arithmetic of the compiled cost: "f64" (default) or "f32" like PyTorch's float32 (see compile). */
  precision?: Precision;
  /** Called at every iterate; returning false stops the run. */
  onIteration?: (info: IterationInfo & { readonly named: Readonly<Record<string, number>> }) => unknown;
}

/** One recorded iterate, parameters by name. */
export interface MinimizeHistoryEntry {
  readonly iteration: number;
  readonly cost: number;
  readonly gradientNorm: number;
  readonly params: Record<string, number>;
}

/** The outcome of `minimize`: as the optimizer's, with parameters by name. */
export interface MinimizeResult extends Omit<OptimizeResult, "x" | "history"> {
  readonly params: Record<string, number>;
  /** The method that ran. */
  readonly method: Method;
  readonly history: MinimizeHistoryEntry[];
}

/** An error in how minimize was called (an init or bound for a name that is not a parameter). */
export class MinimizeError extends Error {
  override readonly name = "MinimizeError";
}

/**
 * The method used when none is given: L-BFGS, which solves smooth problems best, unless the options ask for
 * step-size training (a learning rate or mini-batches), which means gradient descent.
 */
export function defaultMethod(options: {
  readonly learningRate?: number;
  readonly batchSize?: number;
}): Method {
  return options.learningRate !== undefined || options.batchSize !== undefined ? "gd" : "lbfgs";
}

const named = (names: readonly string[], values: ArrayLike<number>) =>
  Object.fromEntries(names.map((n, i) => [n, values[i]!]));

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
  const data = options.data ?? {};
  const dataNames = Object.keys(data);
  const expr = typeof cost === "string" ? parse(cost, { data: dataNames }) : cost;
  const params = options.params ?? parameters(expr, { data: dataNames });
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
    const given = (options.init ?? {}) as Record<string, number>;
    for (const name of Object.keys(given)) check(name, "init");
    init = params.map((p) => (Object.hasOwn(given, p) ? given[p]! : 0));
  }
  let bounds: OptimizeOptions["bounds"];
  if (options.bounds) {
    for (const name of Object.keys(options.bounds)) check(name, "bounds");
    bounds = params.map((p) => (Object.hasOwn(options.bounds!, p) ? options.bounds![p] : undefined));
  }
  const objective = compile(expr, { params, data, precision: options.precision ?? "f64" });
  const method = options.method ?? defaultMethod(options);
  const {
    data: _data,
    init: _init,
    params: _params,
    bounds: _bounds,
    precision: _precision,
    onIteration,
    ...optimizerOptions
  } = options;
  const result = optimize(objective, {
    ...optimizerOptions,
    method,
    init,
    ...(bounds ? { bounds } : {}),
    ...(onIteration ? { onIteration: (info: IterationInfo) => onIteration(withNames(params, info)) } : {}),
  });
  const { x, history, ...rest } = result;
  return {
    ...rest,
    method,
    params: named(params, x),
    history: history.map((h) => ({ ...h, params: named(params, h.params) })),
  };
}

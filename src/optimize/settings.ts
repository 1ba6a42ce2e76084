/**
 * Options resolved into settings: every default filled in for the chosen method and every value checked.
 * Input is OptimizeOptions and the objective; output is a Settings record, or an OptimizeError naming the
 * first option that is wrong. The hyper-parameter table below is the one place defaults live.
 */

import type { Constraint } from "./constraint.js";
import type { Objective } from "./objective.js";
import { OptimizeError } from "./optimizeError.js";
import { METHODS, type Method, methodNamed, type OptimizeOptions } from "./options.js";

/** The methods that step along a search direction with a line search, and use a gradient tolerance. */
const lineSearchMethods: readonly Method[] = ["lbfgs", "bfgs", "newton", "lm"];

/** True for methods that take fixed-rule steps (PyTorch's optimizers), false for the line-search methods. */
export function isFirstOrder(method: Method): boolean {
  return !lineSearchMethods.includes(method);
}

type Check = (value: number) => boolean;
const positive: Check = (v) => v > 0 && Number.isFinite(v);
const nonNegative: Check = (v) => v >= 0 && Number.isFinite(v);
const fraction: Check = (v) => v >= 0 && v < 1;
const positiveInteger: Check = (v) => Number.isInteger(v) && v > 0;

/** Each hyper-parameter: its default per method that has it (PyTorch's torch.optim), and its valid range. */
const hyperParameters = {
  learningRate: {
    defaults: {
      gd: 0.01,
      momentum: 0.01,
      nesterov: 0.01,
      adagrad: 0.01,
      rmsprop: 0.01,
      adam: 1e-3,
      adamw: 1e-3,
    },
    check: positive,
    range: "a positive number",
  },
  momentum: { defaults: { momentum: 0.9, nesterov: 0.9 }, check: fraction, range: "in [0, 1)" },
  dampening: { defaults: { momentum: 0 }, check: (v: number) => v >= 0 && v <= 1, range: "in [0, 1]" },
  beta1: { defaults: { adam: 0.9, adamw: 0.9 }, check: fraction, range: "in [0, 1)" },
  beta2: { defaults: { adam: 0.999, adamw: 0.999 }, check: fraction, range: "in [0, 1)" },
  epsilon: {
    defaults: { adagrad: 1e-10, rmsprop: 1e-8, adam: 1e-8, adamw: 1e-8 },
    check: nonNegative,
    range: "a non-negative number",
  },
  alpha: { defaults: { rmsprop: 0.99 }, check: (v: number) => v >= 0 && v <= 1, range: "in [0, 1]" },
  weightDecay: { defaults: { adamw: 0.01 }, check: nonNegative, range: "a non-negative number" },
  memory: { defaults: { lbfgs: 10 }, check: positiveInteger, range: "a positive integer" },
} as const satisfies Record<
  string,
  { defaults: Partial<Record<Method, number>>; check: Check; range: string }
>;

type HyperParameter = keyof typeof hyperParameters;

/** Every option with its default filled in; hyper-parameters the method lacks are NaN. */
export interface Settings extends Record<HyperParameter, number> {
  readonly method: Method;
  /** The starting point as given; `optimize` projects it into the bounds. */
  readonly init: Float64Array;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly tolerance: number;
  readonly costTolerance: number;
  readonly stepTolerance: number;
  readonly armijo: boolean;
  /** True when a line search picks each step (lbfgs, bfgs, newton, and gd with armijo). */
  readonly searchesSteps: boolean;
  readonly bounds: readonly (readonly [number, number] | undefined)[];
  /** General constraints; empty for an unconstrained run. */
  readonly constraints: readonly Constraint[];
  readonly constraintTolerance: number;
  /** Undefined for full-data steps. */
  readonly batchSize: number | undefined;
  readonly seed: number;
  readonly historyEvery: number;
  readonly onIteration: OptimizeOptions["onIteration"];
}

/** Fills in defaults for `options.method` and checks every option against it and the objective. */
export function resolveSettings(objective: Objective, options: OptimizeOptions): Settings {
  const method = methodNamed(options.method ?? "lbfgs");
  if (method === undefined) {
    throw new OptimizeError(`unknown method '${options.method}'; use one of ${METHODS.join(", ")}`);
  }
  const searchesSteps = !isFirstOrder(method) || options.lineSearch === "armijo";
  // each read by name, in the table's order: a loop over the names made keyed loads and stores that
  // missed V8's caches, microseconds per call
  const learningRate = hyperParameter("learningRate", method, options.learningRate);
  const momentum = hyperParameter("momentum", method, options.momentum);
  const dampening = hyperParameter("dampening", method, options.dampening);
  const beta1 = hyperParameter("beta1", method, options.beta1);
  const beta2 = hyperParameter("beta2", method, options.beta2);
  const epsilon = hyperParameter("epsilon", method, options.epsilon);
  const alpha = hyperParameter("alpha", method, options.alpha);
  const weightDecay = hyperParameter("weightDecay", method, options.weightDecay);
  const memory = hyperParameter("memory", method, options.memory);
  if (options.lineSearch !== undefined && method !== "gd") {
    throw new OptimizeError(
      `option 'lineSearch' applies only to method 'gd'; '${method}' chooses its own step length`,
    );
  }
  const hasBounds = options.bounds?.some((b) => b !== undefined) ?? false;
  if (hasBounds && (method === "bfgs" || method === "newton" || method === "lm")) {
    throw new OptimizeError(
      `method '${method}' does not support bounds; use 'lbfgs' or a first-order method`,
    );
  }
  if (method === "lm" && objective.leastSquares === undefined) {
    throw new OptimizeError(
      "method 'lm' needs a cost that is a sum of squares, but this objective has no residuals",
    );
  }
  const constraints = options.constraints ?? [];
  if (constraints.length > 0 && method !== "lbfgs") {
    throw new OptimizeError(
      `method '${method}' cannot take constraints; use 'lbfgs' (L-BFGS-B inside an augmented Lagrangian)`,
    );
  }
  if (method === "newton" && objective.hessian === undefined) {
    throw new OptimizeError("method 'newton' needs the Hessian, but this objective has none");
  }
  if (options.batchSize !== undefined) {
    checkBatchSize(objective, method, options.batchSize);
    if (options.lineSearch === "armijo") {
      throw new OptimizeError(
        "lineSearch 'armijo' compares full-data costs; it cannot be used with batchSize",
      );
    }
  }
  return {
    method,
    init: startingPoint(objective, options),
    maxIterations: count("maxIterations", options.maxIterations, constraints.length > 0 ? 10000 : 1000),
    maxEvaluations: maxEvaluations(options.maxEvaluations),
    tolerance: tolerance(
      "tolerance",
      options.tolerance,
      constraints.length > 0 ? 1e-6 : searchesSteps ? 1e-8 : 0,
    ),
    costTolerance: tolerance("costTolerance", options.costTolerance, 0),
    stepTolerance: tolerance("stepTolerance", options.stepTolerance, 0),
    armijo: options.lineSearch === "armijo",
    searchesSteps,
    bounds: options.bounds ?? [],
    constraints,
    constraintTolerance: tolerance("constraintTolerance", options.constraintTolerance, 1e-8),
    batchSize: options.batchSize,
    seed: options.seed ?? 0,
    historyEvery: count("historyEvery", options.historyEvery, 1),
    onIteration: options.onIteration,
    learningRate,
    momentum,
    dampening,
    beta1,
    beta2,
    epsilon,
    alpha,
    weightDecay,
    memory,
  };
}

/** Hyper-parameter `name` for `method`: the option given, else the method's default, else NaN; checked. */
function hyperParameter(name: HyperParameter, method: Method, given: number | undefined): number {
  const { defaults, check, range } = hyperParameters[name];
  const fallback = (defaults as Partial<Record<Method, number>>)[method];
  if (given !== undefined && fallback === undefined) {
    throw new OptimizeError(`option '${name}' does not apply to method '${method}'`);
  }
  const value = given ?? fallback ?? Number.NaN;
  if (fallback !== undefined && !check(value)) {
    throw new OptimizeError(`option '${name}' must be ${range}, got ${value}`);
  }
  return value;
}

function checkBatchSize(objective: Objective, method: Method, batchSize: number): void {
  if (!isFirstOrder(method)) {
    throw new OptimizeError(
      `method '${method}' needs the full-data gradient; batchSize works only with first-order methods`,
    );
  }
  if (objective.rows === undefined || objective.useRows === undefined) {
    throw new OptimizeError("batchSize needs a cost over data rows, but this objective has no rows");
  }
  if (!positiveInteger(batchSize)) {
    throw new OptimizeError(`option 'batchSize' must be a positive integer, got ${batchSize}`);
  }
}

function startingPoint(objective: Objective, options: OptimizeOptions): Float64Array {
  const n = objective.params.length;
  if (options.init.length !== n) {
    throw new OptimizeError(`init has ${options.init.length} values but the objective has ${n} parameters`);
  }
  // a plain loop: Float64Array.from goes through the iterator protocol, and forEach through a closure
  const init = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    init[i] = options.init[i]!;
    if (!Number.isFinite(init[i]!)) throw new OptimizeError(`init for ${objective.params[i]} is ${init[i]}`);
  }
  return init;
}

function maxEvaluations(value = Number.POSITIVE_INFINITY): number {
  if (!(value > 0)) throw new OptimizeError(`option 'maxEvaluations' must be positive, got ${value}`);
  return value;
}

// Each option is read by its caller, by name: a read by a name passed in was a keyed load that missed V8's
// caches, as in resolveSettings.
function count(name: "maxIterations" | "historyEvery", given: number | undefined, fallback: number): number {
  const value = given ?? fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new OptimizeError(`option '${name}' must be a non-negative integer, got ${value}`);
  }
  return value;
}

function tolerance(
  name: "tolerance" | "costTolerance" | "stepTolerance" | "constraintTolerance",
  given: number | undefined,
  fallback: number,
): number {
  const value = given ?? fallback;
  if (!nonNegative(value))
    throw new OptimizeError(`option '${name}' must be a non-negative number, got ${value}`);
  return value;
}

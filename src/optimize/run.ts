/**
 * The bookkeeping every method shares: counted (and cached) evaluations of the objective, the per-iterate
 * checks in a fixed order (finite → onIteration → tolerances → divergence → limits), the history and the
 * result. Methods call `visit` once per iterate x_k and stop when it says so (the first-order loop first asks
 * `steady`, which passes the common iterate inline, and calls `visit` for the others); the Run never steps
 * itself.
 * Invariant: the status is set exactly once, by `visit` or by `stop`, before `result` is called.
 */
import type { Box } from "./box.js";
import type { Objective } from "./objective.js";
import type { HistoryEntry, OptimizeResult, Status } from "./result.js";
import type { Settings } from "./settings.js";
import { copy, distance, norm, sameVector } from "./vector.js";

/** Rises in a row, and growth over the initial cost, after which a run counts as diverged. */
const divergenceRises = 10;
const divergenceGrowth = 1e10;
/**
 * A run counts as unbounded below when its cost fell this many times the initial cost's size (at least 1)
 * below it and its parameters grew this many times their initial norm (at least 1) — the factor of
 * divergence, in the spirit of IPOPT's diverging iterates and KNITRO's `objrange` — and, from there, the cost
 * fell in each of `divergenceRises` iterations while the gradient norm stayed at least `unboundedGradient`
 * times its value at the first of them. Each part rules out a legitimate run: a large fall (a log-likelihood
 * of −1e6) with parameters of ordinary size; parameters running off for an infimum that is not attained
 * (exp(−W), separable logistic regression) with a bounded cost; and the approach to a distant minimum, where
 * the gradient shrinks as the cost levels off.
 */
const unboundedGrowth = 1e10;
const unboundedGradient = 0.999;

/** The statuses that mean the run found what it was looking for. */
export const convergedStatuses: readonly Status[] = [
  "gradient-tolerance",
  "cost-tolerance",
  "step-tolerance",
  "optimal",
];

/** One run of one method on one objective. */
export class Run {
  evaluations = 0;
  gradientEvaluations = 0;
  hessianEvaluations = 0;
  private status: Status | undefined;
  private message = "";
  private readonly history: HistoryEntry[] = [];
  // The last valueAndGradient call, so a point a line search accepted is not evaluated twice.
  /** Scratch vectors for the trial points of a line search (one search at a time), allocated once per run. */
  readonly trial: Float64Array;
  readonly trialGradient: Float64Array;
  private readonly cachedX: Float64Array;
  private readonly cachedGradient: Float64Array;
  private cachedValue = Number.NaN;
  private cacheValid = false;
  /** True when `cachedX` holds the last point `evaluated` was told of (its value and gradient not kept). */
  private lastValid = false;
  // State of the per-iterate tests.
  private initialCost = Number.NaN;
  /** The cost beyond which a streak of rises counts as divergence: a huge multiple of the initial cost. */
  private divergenceLimit = Number.NaN;
  /** The cost below which the run may be unbounded, and the parameters' norm that must be exceeded too. */
  private unboundedCost = Number.NaN;
  private unboundedNorm = Number.NaN;
  private previousCost = Number.NaN;
  /**
   * The cost at the iterate being tested, for `diverged`: handed over in a field, since a number passed to a
   * call that V8 does not inline is allocated, at every step.
   */
  private cost = Number.NaN;
  private readonly previousX: Float64Array;
  private rises = 0;
  /** Falls of the cost in a row below `unboundedCost`, and the gradient norm at the first of them. */
  private falls = 0;
  private fallStartGradient = Number.NaN;
  /** The unit of `iteration` in messages: "epoch" in mini-batch runs. */
  private readonly unit: string;
  /**
   * The gradient norm at or below which the run has converged. A zero gradient ends a method with a line
   * search even with tolerance 0 (it has no direction left), while a first-order method with momentum keeps
   * moving through it, so there 0 means off (−1: no norm is below it).
   */
  private readonly gradientTolerance: number;
  /**
   * True when no bounds, callback, cost or step tolerance take part in the per-iterate tests: only then can
   * `steady` pass an iterate (a loop asks this first, before it computes the gradient norm for it).
   */
  readonly plain: boolean;

  constructor(
    /** What the run minimizes; a loop of fixed-rule steps calls it itself (see `evaluated`). */
    readonly objective: Objective,
    private readonly settings: Settings,
    private readonly box: Box,
    /** Advice appended to not-finite and diverged messages, e.g. "try a smaller learning rate (now 10)". */
    private readonly hint: string | undefined,
  ) {
    const n = objective.params.length;
    this.trial = new Float64Array(n);
    this.trialGradient = new Float64Array(n);
    this.cachedX = new Float64Array(n);
    this.cachedGradient = new Float64Array(n);
    // read only for the step tolerance; a typed array fewer per run without it
    this.previousX = new Float64Array(settings.stepTolerance > 0 ? n : 0);
    this.unit = settings.batchSize === undefined ? "iteration" : "epoch";
    this.gradientTolerance = settings.tolerance > 0 || settings.searchesSteps ? settings.tolerance : -1;
    this.plain =
      !box.bounded &&
      settings.onIteration === undefined &&
      settings.costTolerance === 0 &&
      settings.stepTolerance === 0;
  }

  /** Writes the gradient at `x` into `g` and returns the cost, counted; repeated calls at one point are free. */
  valueAndGradient(x: Float64Array, g: Float64Array): number {
    if (this.cacheValid && sameVector(x, this.cachedX)) {
      copy(this.cachedGradient, g);
      return this.cachedValue;
    }
    this.evaluations++;
    this.gradientEvaluations++;
    const f = this.objective.valueAndGradient(x, g);
    copy(x, this.cachedX);
    copy(g, this.cachedGradient);
    this.cachedValue = f;
    this.cacheValid = true;
    this.lastValid = false;
    return f;
  }

  /**
   * True when `x` is the point `evaluated` was told of last, so that a loop of fixed-rule steps, whose `f`
   * and `g` still hold its value and gradient, need not evaluate it again (a step undone by the box). Known
   * in runs with bounds only: without them the step rule itself says whether x moved.
   */
  isLastPoint(x: Float64Array): boolean {
    return this.lastValid && sameVector(x, this.cachedX);
  }

  /**
   * Counts an evaluation at `x` that a loop of fixed-rule steps made itself, calling the objective in its
   * own loop (V8 then inlines the generated code there; behind a call it returned the cost boxed, an
   * allocation per step). Such a loop evaluates nothing in between; a line search uses `valueAndGradient`.
   * The point is kept for `isLastPoint` only where a box may undo a step: the copy, per parameter and step,
   * is a store that the next step's loads of x may wait for.
   */
  evaluated(x: Float64Array): void {
    this.evaluations++;
    this.gradientEvaluations++;
    this.cacheValid = false;
    if (this.box.bounded) {
      copy(x, this.cachedX);
      this.lastValid = true;
    }
  }

  /** Writes the Hessian at `x` into `out`, counted. */
  hessian(x: Float64Array, out: Float64Array): void {
    this.hessianEvaluations++;
    this.objective.hessian!(x, out);
  }

  /** Restricts the objective to a mini-batch (undefined: all rows). */
  useRows(rows: Uint32Array | undefined): void {
    this.cacheValid = false;
    this.lastValid = false;
    this.objective.useRows!(rows);
  }

  /** The gradient norm the tests and the history use: projected when there are bounds. */
  gradientNorm(x: Float64Array, g: Float64Array): number {
    return this.box.bounded ? this.box.projectedGradientNorm(x, g) : norm(g);
  }

  /**
   * Records iterate x_k (cost f over all rows, gradient g) and applies the stopping tests in order;
   * returns true when the run stops here.
   */
  visit(k: number, x: Float64Array, f: number, g: Float64Array): boolean {
    const gradientNorm = this.gradientNorm(x, g);
    if (this.historyDue(k)) this.record(k, x, f, gradientNorm);
    return !this.steady(k, f, gradientNorm) && this.test(k, x, f, g, gradientNorm);
  }

  /**
   * Passes the common iterate k (cost f): one of a run without bounds, callback, cost or step tolerance,
   * within the limits, finite, above the gradient tolerance, whose cost neither diverged nor fell below
   * `unboundedCost`. Counts its rise and returns true; otherwise changes nothing and returns false, and
   * `visit` applies every test. Small, so that V8 inlines it into the first-order loop, which then calls
   * `visit` only where a history entry is due or a test may stop the run (a call there took f boxed, an
   * allocation per step, and cost as much as the kernel itself).
   */
  steady(k: number, f: number, gradientNorm: number): boolean {
    const { settings } = this;
    if (
      !this.plain ||
      k === 0 ||
      k >= settings.maxIterations ||
      this.evaluations >= settings.maxEvaluations ||
      !Number.isFinite(f) ||
      !Number.isFinite(gradientNorm) ||
      gradientNorm <= this.gradientTolerance ||
      f < this.unboundedCost
    ) {
      return false;
    }
    // what `diverged` counts, without stopping: a run that diverges here is stopped by `test`
    const rises = f > this.previousCost ? this.rises + 1 : 0;
    if (rises >= divergenceRises && f >= this.divergenceLimit) return false;
    this.rises = rises;
    this.previousCost = f;
    return true;
  }

  /** True when iterate k gets a history entry (which `visit` records). */
  historyDue(k: number): boolean {
    const every = this.settings.historyEvery;
    return every > 0 && k % every === 0;
  }

  /** `visit`'s stopping tests in their order, for any iterate. */
  private test(k: number, x: Float64Array, f: number, g: Float64Array, gradientNorm: number): boolean {
    const { settings } = this;
    if (k === 0) {
      this.initialCost = f;
      this.divergenceLimit = f + divergenceGrowth * Math.max(Math.abs(f), 1);
      this.unboundedCost = f - unboundedGrowth * Math.max(Math.abs(f), 1);
      this.unboundedNorm = unboundedGrowth * Math.max(norm(x), 1);
    }
    // Without bounds a finite norm means a finite gradient, so the per-entry search runs only when needed.
    if (this.box.bounded || !(Number.isFinite(f) && Number.isFinite(gradientNorm))) {
      const notFinite = this.notFinite(k, f, g);
      if (notFinite !== undefined) return this.stop("not-finite", notFinite);
    }
    if (settings.onIteration?.({ iteration: k, cost: f, gradientNorm, params: x.slice() }) === false) {
      return this.stop("stopped", `Stopped by onIteration at ${this.unit} ${k}.`);
    }
    if (gradientNorm <= this.gradientTolerance) {
      return this.stop(
        "gradient-tolerance",
        `Converged: the gradient norm ${format(gradientNorm)} is within the tolerance ${settings.tolerance} ` +
          `after ${k} ${this.unit}s.`,
      );
    }
    if (k > 0) {
      const change = Math.abs(f - this.previousCost);
      if (
        settings.costTolerance > 0 &&
        change <= settings.costTolerance * Math.max(Math.abs(f), Math.abs(this.previousCost), 1)
      ) {
        return this.stop(
          "cost-tolerance",
          `Converged: the cost changed by ${format(change)} in ${this.unit} ${k}, within the relative ` +
            `costTolerance ${settings.costTolerance}.`,
        );
      }
      if (settings.stepTolerance > 0) {
        const step = distance(x, this.previousX);
        if (step <= settings.stepTolerance * Math.max(norm(x), 1)) {
          return this.stop(
            "step-tolerance",
            `Converged: ${this.unit} ${k} moved the parameters by ${format(step)}, within the relative ` +
              `stepTolerance ${settings.stepTolerance}.`,
          );
        }
      }
      this.cost = f;
      if (this.diverged(k)) return true;
      // the rare case, apart so that the common iterate stays small
      if (f < this.unboundedCost && this.unbounded(k, x, gradientNorm)) return true;
    }
    this.previousCost = f;
    if (settings.stepTolerance > 0) copy(x, this.previousX);
    if (k >= settings.maxIterations) {
      return this.stop(
        "max-iterations",
        `Stopped after ${k} ${this.unit}s (maxIterations); the gradient norm is ${format(gradientNorm)}.`,
      );
    }
    if (this.evaluations >= settings.maxEvaluations) {
      return this.stop(
        "max-evaluations",
        `Stopped after ${this.evaluations} evaluations (maxEvaluations) at ${this.unit} ${k}; ` +
          `the gradient norm is ${format(gradientNorm)}.`,
      );
    }
    return false;
  }

  /**
   * Counts a rise to the cost at iterate k (`cost`), and stops the run when it diverged. A first-order method with too
   * large a step overshoots further every iteration; growth by a huge factor after a streak of rises tells
   * that apart from the noisy rises of a stochastic run.
   */
  private diverged(k: number): boolean {
    const f = this.cost;
    this.rises = f > this.previousCost ? this.rises + 1 : 0;
    if (this.rises < divergenceRises || !(f >= this.divergenceLimit)) return false;
    return this.stopDiverged(k, f);
  }

  /**
   * Ends a run that diverged at iterate k with cost f. Apart from `diverged`, which runs at every iterate:
   * small, it leaves V8 room to inline the objective's evaluation into the methods' loops as well.
   */
  private stopDiverged(k: number, f: number): true {
    return this.stop(
      "diverged",
      `The cost rose in each of the last ${this.rises} ${this.unit}s, from ${format(this.initialCost)} ` +
        `at ${this.unit} 0 to ${format(f)} at ${this.unit} ${k}; the run diverged${this.advice()}.`,
    );
  }

  /**
   * At iterate k, whose cost (in `cost`) fell far below the start: stops the run when the parameters ran off
   * too and the cost keeps falling as fast (see `unboundedGrowth`), as along a direction with no minimum.
   */
  private unbounded(k: number, x: Float64Array, gradientNorm: number): boolean {
    const f = this.cost;
    if (!(f < this.previousCost)) {
      this.falls = 0;
      return false;
    }
    if (this.falls++ === 0) this.fallStartGradient = gradientNorm;
    if (this.falls < divergenceRises || !(gradientNorm >= unboundedGradient * this.fallStartGradient))
      return false;
    if (!(norm(x) >= this.unboundedNorm)) return false;
    let largest = 0;
    for (let i = 1; i < x.length; i++) if (Math.abs(x[i]!) > Math.abs(x[largest]!)) largest = i;
    return this.stop(
      "unbounded",
      `The cost fell in each of the last ${this.falls} ${this.unit}s, from ${format(this.initialCost)} at ` +
        `${this.unit} 0 to ${format(f)} at ${this.unit} ${k}, while ${this.objective.params[largest]} grew to ` +
        `${format(x[largest]!)} and the gradient did not shrink: the cost may have no minimum (unbounded below).`,
    );
  }

  /** Ends the run because no step along the search direction at iterate x_k lowered the cost f. */
  failedSearch(k: number, x: Float64Array, f: number, g: Float64Array): void {
    this.stop(
      "line-search-failed",
      `The line search found no lower cost than ${format(f)} at iteration ${k} (gradient norm ` +
        `${format(this.gradientNorm(x, g))}); the cost may be at the limit of floating-point precision ` +
        "there, so a larger tolerance would stop earlier.",
    );
  }

  /** Ends the run with `status`; returns true so callers can `return run.stop(…)`. */
  stop(status: Status, message: string): true {
    this.status ??= status;
    if (this.message === "") this.message = message;
    return true;
  }

  /** The result at the final iterate x_k, which gets a history entry if it has none yet. */
  result(k: number, x: Float64Array, f: number, g: Float64Array): OptimizeResult {
    const gradientNorm = this.gradientNorm(x, g);
    const last = this.history.at(-1);
    if (this.settings.historyEvery > 0 && last?.iteration !== k) this.record(k, x, f, gradientNorm);
    const status = this.status ?? "stopped";
    return {
      x: x.slice(),
      cost: f,
      gradientNorm,
      iterations: k,
      evaluations: this.evaluations,
      gradientEvaluations: this.gradientEvaluations,
      hessianEvaluations: this.hessianEvaluations,
      converged: convergedStatuses.includes(status),
      status,
      message: this.message,
      history: this.history,
    };
  }

  private record(k: number, x: Float64Array, cost: number, gradientNorm: number): void {
    // a plain loop: Array.from on a typed array goes through the iterator protocol, several times slower
    const params = new Array<number>(x.length);
    for (let i = 0; i < x.length; i++) params[i] = x[i]!;
    this.history.push({ iteration: k, cost, gradientNorm, params });
  }

  /** The sentence for a non-finite cost or gradient at x_k, or undefined when all are finite. */
  private notFinite(k: number, f: number, g: Float64Array): string | undefined {
    let bad = -1;
    for (let i = 0; i < g.length && bad < 0; i++) if (!Number.isFinite(g[i]!)) bad = i;
    if (bad < 0 && Number.isFinite(f)) return undefined;
    const what = bad >= 0 ? `The gradient with respect to ${this.objective.params[bad]}` : "The cost";
    const value = bad >= 0 ? g[bad]! : f;
    if (k === 0) return `${what} is ${value} at the starting point; start where the cost is defined.`;
    return `${what} became ${value} at ${this.unit} ${k}${this.advice()}.`;
  }

  private advice(): string {
    return this.hint === undefined ? "" : `; ${this.hint}`;
  }
}

/** A number for messages: short, but never rounded to zero. */
export function format(v: number): string {
  return Number.isFinite(v) && v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)
    ? v.toExponential(2)
    : String(Number(v.toPrecision(6)));
}

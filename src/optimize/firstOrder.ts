/**
 * The loop of the first-order methods (PyTorch-style): iteration k evaluates f(x_k) and ∇f(x_k), lets the
 * Run record and test them, then takes one step (or, with mini-batches, one epoch of steps) to x_{k+1},
 * projected into the box. `maxIterations` therefore counts steps, or epochs. Input is a StepRule and a
 * starting point inside the box; output is the Run's result.
 */
import type { Box } from "./box.js";
import { MiniBatches } from "./miniBatches.js";
import type { OptimizeResult } from "./result.js";
import type { Run } from "./run.js";

/** One first-order update rule, holding its own state (moment estimates, momentum buffer). */
export interface StepRule {
  /**
   * Moves `x` one step using the gradient `g` at `x`; false when `x` did not move: every update fell below
   * its precision, or (a line search) no step could be found. The loop then does not evaluate `x` again,
   * without comparing it with the point evaluated last (a copy and a comparison per parameter and step).
   * The cost is not passed: a number passed to a call V8 does not inline is allocated, at every step; a
   * rule that needs it (a line search) asks the Run, whose cache holds it.
   */
  step(x: Float64Array, g: Float64Array): boolean;
  /** True for a rule that evaluates trial points (a line search); the others leave `g` as it was. */
  readonly searches?: boolean;
}

/** Mini-batch setup of a run: rows of the objective, rows per batch, seed of the shuffle. */
export interface Batching {
  readonly rows: number;
  readonly batchSize: number;
  readonly seed: number;
}

/** Runs `rule` from `x` (modified in place) until the Run stops it. */
export function runFirstOrder(
  run: Run,
  box: Box,
  rule: StepRule,
  x: Float64Array,
  batching: Batching | undefined,
): OptimizeResult {
  const g = new Float64Array(x.length);
  const batches = batching && new MiniBatches(batching.rows, batching.batchSize, batching.seed);
  // a rule with a line search evaluates trial points in between, so it needs the full cache of the Run;
  // otherwise the loop calls the objective itself, and a point that did not move is not evaluated again
  const searches = rule.searches === true;
  const { objective } = run;
  // The cost at x, in a typed array read where it is used: V8 boxes a number, a heap allocation per step,
  // when it lives in a local across the loop's iterations or where the calls it does not inline (visit,
  // result) take it from one local, even if those calls are rare.
  const cost = new Float64Array(1);
  if (searches) cost[0] = run.valueAndGradient(x, g);
  else {
    cost[0] = objective.valueAndGradient(x, g);
    run.evaluated(x);
  }
  let k = 0;
  for (; ; k++) {
    // the common iterate is decided inline; visit runs where it records or a test may stop the run
    const common = run.plain && !run.historyDue(k) && run.steady(k, cost[0]!, run.gradientNorm(x, g));
    if (!common && run.visit(k, x, cost[0]!, g)) break;
    if (batches !== undefined) epoch(run, box, rule, x, batches);
    else {
      const moved = rule.step(x, g);
      if (searches && !moved) {
        run.stop(
          "line-search-failed",
          `The Armijo line search found no lower cost along the negative gradient at iteration ${k}; ` +
            "the cost may be at the limit of floating-point precision.",
        );
        break;
      }
      // a point that did not move keeps its cost and gradient; with bounds the box may also undo a step
      // (project only there: inlined into the loop, it took the room in V8's budget that norm needs)
      if (box.bounded) {
        box.project(x);
        if (!searches && run.isLastPoint(x)) continue;
      } else if (!searches && !moved) continue;
    }
    if (searches) cost[0] = run.valueAndGradient(x, g);
    else {
      cost[0] = objective.valueAndGradient(x, g);
      run.evaluated(x);
    }
  }
  return run.result(k, x, cost[0]!, g);
}

/** One pass over the shuffled rows, a step per mini-batch; leaves the objective on all rows. */
function epoch(run: Run, box: Box, rule: StepRule, x: Float64Array, batches: MiniBatches): void {
  const g = new Float64Array(x.length);
  try {
    for (const batch of batches.nextEpoch()) {
      run.useRows(batch);
      run.valueAndGradient(x, g);
      rule.step(x, g);
      box.project(x);
    }
  } finally {
    run.useRows(undefined);
  }
}

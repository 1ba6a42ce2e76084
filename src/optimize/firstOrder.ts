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
   * Moves `x` one step using the gradient `g` at `x`; false when no step could be found. The cost is not
   * passed: a number passed to a call V8 does not inline is allocated, at every step; a rule that needs it
   * (a line search) asks the Run, whose cache holds it.
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
  let f: number;
  if (searches) f = run.valueAndGradient(x, g);
  else {
    f = objective.valueAndGradient(x, g);
    run.evaluated(x);
  }
  let k = 0;
  for (; !run.visit(k, x, f, g); k++) {
    if (batches === undefined) {
      if (!rule.step(x, g)) {
        run.stop(
          "line-search-failed",
          `The Armijo line search found no lower cost along the negative gradient at iteration ${k}; ` +
            "the cost may be at the limit of floating-point precision.",
        );
        break;
      }
      box.project(x);
    } else {
      epoch(run, box, rule, x, batches);
    }
    if (searches) f = run.valueAndGradient(x, g);
    else if (!run.isLastPoint(x)) {
      f = objective.valueAndGradient(x, g);
      run.evaluated(x);
    }
  }
  return run.result(k, x, f, g);
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

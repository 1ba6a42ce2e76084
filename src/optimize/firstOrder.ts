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
  /** Moves `x` one step using the gradient `g` and cost `f` at `x`; false when no step could be found. */
  step(x: Float64Array, g: Float64Array, f: number): boolean;
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
  let f = run.valueAndGradient(x, g);
  let k = 0;
  for (; !run.visit(k, x, f, g); k++) {
    if (batches === undefined) {
      if (!rule.step(x, g, f)) {
        run.stop(
          "line-search-failed",
          `The Armijo line search found no lower cost along the negative gradient at iteration ${k}; ` +
            "the cost may be at the limit of floating-point precision.",
        );
        break;
      }
      if (box.bounded) box.project(x);
    } else {
      epoch(run, box, rule, x, batches);
    }
    f = run.valueAndGradient(x, g);
  }
  return run.result(k, x, f, g);
}

/** One pass over the shuffled rows, a step per mini-batch; leaves the objective on all rows. */
function epoch(run: Run, box: Box, rule: StepRule, x: Float64Array, batches: MiniBatches): void {
  const g = new Float64Array(x.length);
  try {
    for (const batch of batches.nextEpoch()) {
      run.useRows(batch);
      rule.step(x, g, run.valueAndGradient(x, g));
      box.project(x);
    }
  } finally {
    run.useRows(undefined);
  }
}

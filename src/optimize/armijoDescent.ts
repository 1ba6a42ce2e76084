/**
 * Method "gd" with `lineSearch: "armijo"`: steepest descent whose step length is searched each iteration by
 * backtracking (armijo.ts) along the projected path P(x − α∇f(x)). Each search starts from twice the step
 * the previous one accepted (the learning rate at first), so the step can grow as well as shrink.
 */
import { projectedArmijo } from "./armijo.js";
import type { Box } from "./box.js";
import type { StepRule } from "./firstOrder.js";
import type { Run } from "./run.js";
import { negate } from "./vector.js";

/** Gradient descent with a backtracking Armijo search, starting from `learningRate`. */
export function armijoDescent(run: Run, box: Box, learningRate: number): StepRule {
  let alpha0 = learningRate;
  return {
    searches: true,
    step(x, g) {
      // the cost at x, from the Run's cache: the loop has just evaluated x
      const f = run.valueAndGradient(x, g);
      const p = new Float64Array(x.length);
      negate(g, p);
      const alpha = projectedArmijo(run, box, { x, f, g, p, alpha0 });
      if (alpha === 0) return false;
      box.moveTo(x, x, alpha, p);
      alpha0 = 2 * alpha;
      return true;
    },
  };
}

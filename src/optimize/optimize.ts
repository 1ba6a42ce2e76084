/**
 * The entry point: resolves the options, puts the starting point into the box, picks the update rule of the
 * method and hands it to its loop (firstOrder.ts for step rules, descent.ts for line-search methods). Input
 * is an Objective and OptimizeOptions; output is an OptimizeResult. It throws OptimizeError only for options
 * that cannot work, before the first evaluation.
 */
import { adagrad } from "./adagrad.js";
import { adam } from "./adam.js";
import { armijoDescent } from "./armijoDescent.js";
import { runAugmentedLagrangian } from "./augmentedLagrangian.js";
import { bfgs } from "./bfgs.js";
import { Box } from "./box.js";
import { type DirectionRule, runDescent } from "./descent.js";
import { runFirstOrder, type StepRule } from "./firstOrder.js";
import { lbfgs } from "./lbfgs.js";
import { runLbfgsb } from "./lbfgsb.js";
import { levenbergMarquardt } from "./levenbergMarquardt.js";
import { newton } from "./newton.js";
import type { Objective } from "./objective.js";
import type { OptimizeOptions } from "./options.js";
import type { OptimizeResult } from "./result.js";
import { rmsprop } from "./rmsprop.js";
import { Run } from "./run.js";
import { isFirstOrder, resolveSettings, type Settings } from "./settings.js";
import { sgd } from "./sgd.js";

/**
 * Minimizes `objective` from `options.init` with `options.method` (default "lbfgs"). Throws OptimizeError
 * for options that do not fit the method or the objective; every run that starts returns a result whose
 * `status` and `message` say why it stopped.
 */
export function optimize(objective: Objective, options: OptimizeOptions): OptimizeResult {
  const settings = resolveSettings(objective, options);
  const box = new Box(settings.bounds, objective.params);
  const x = settings.init.slice();
  box.project(x);
  if (isFirstOrder(settings.method)) {
    const run = new Run(
      objective,
      settings,
      box,
      `try a smaller learning rate (now ${settings.learningRate})`,
    );
    const batching =
      settings.batchSize === undefined
        ? undefined
        : { rows: objective.rows!, batchSize: settings.batchSize, seed: settings.seed };
    return runFirstOrder(run, box, stepRule(settings, run, box), x, batching);
  }
  if (settings.constraints.length > 0) return runAugmentedLagrangian(objective, settings, box, x);
  const run = new Run(objective, settings, box, undefined);
  if (settings.method === "lm") return levenbergMarquardt(run, settings, objective.leastSquares!, x);
  if (settings.method === "lbfgs" && box.bounded) return runLbfgsb(run, box, settings.memory, x);
  return runDescent(run, box, directionRule(settings, run, objective.params), x);
}

function stepRule(settings: Settings, run: Run, box: Box): StepRule {
  const { learningRate: lr, momentum, dampening, beta1, beta2, epsilon } = settings;
  switch (settings.method) {
    case "gd":
      return settings.armijo ? armijoDescent(run, box, lr) : sgd(lr, 0, 0, false);
    case "momentum":
      return sgd(lr, momentum, dampening, false);
    case "nesterov":
      return sgd(lr, momentum, 0, true);
    case "adagrad":
      return adagrad(lr, epsilon);
    case "rmsprop":
      return rmsprop(lr, settings.alpha, epsilon);
    case "adam":
      return adam(lr, beta1, beta2, epsilon, 0);
    case "adamw":
      return adam(lr, beta1, beta2, epsilon, settings.weightDecay);
    default:
      throw new Error(`stepRule: '${settings.method}' is not a first-order method`);
  }
}

function directionRule(settings: Settings, run: Run, params: readonly string[]): DirectionRule {
  switch (settings.method) {
    case "lbfgs":
      return lbfgs(params.length, settings.memory);
    case "bfgs":
      return bfgs(params.length);
    case "newton":
      return newton(run, params);
    default:
      throw new Error(`directionRule: '${settings.method}' is not a line-search method`);
  }
}

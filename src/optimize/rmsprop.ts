/**
 * RMSprop as PyTorch's torch.optim.RMSprop writes it (momentum 0, centered false, weight_decay 0): every
 * parameter divides its step by the root of a moving average of squared gradients, ε outside the root,
 *   v_t = α·v_{t−1} + (1 − α)·g_t²  (v_0 = 0),   x ← x − lr·g_t / (√v_t + ε).
 * Tieleman & Hinton (2012), Coursera lecture 6.5.
 */
import type { StepRule } from "./firstOrder.js";

/** PyTorch's RMSprop update rule. */
export function rmsprop(learningRate: number, alpha: number, epsilon: number): StepRule {
  let average: Float64Array | undefined;
  return {
    step(x, g) {
      average ??= new Float64Array(x.length);
      let moved = false;
      for (let i = 0; i < x.length; i++) {
        average[i] = alpha * average[i]! + (1 - alpha) * g[i]! * g[i]!;
        const before = x[i]!;
        const after = before - (learningRate * g[i]!) / (Math.sqrt(average[i]!) + epsilon);
        x[i] = after;
        if (after !== before) moved = true;
      }
      return moved;
    },
  };
}

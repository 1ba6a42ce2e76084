/**
 * Adagrad as PyTorch's torch.optim.Adagrad writes it (lr_decay 0, initial_accumulator_value 0,
 * weight_decay 0): every parameter divides its step by the root of its summed squared gradients,
 *   s_t = s_{t−1} + g_t²,   x ← x − lr·g_t / (√s_t + ε).
 * Duchi, Hazan & Singer (2011), "Adaptive subgradient methods for online learning".
 */
import type { StepRule } from "./firstOrder.js";

/** PyTorch's Adagrad update rule. */
export function adagrad(learningRate: number, epsilon: number): StepRule {
  let sum: Float64Array | undefined;
  return {
    step(x, g) {
      sum ??= new Float64Array(x.length);
      let moved = false;
      for (let i = 0; i < x.length; i++) {
        sum[i]! += g[i]! * g[i]!;
        const before = x[i]!;
        const after = before - (learningRate * g[i]!) / (Math.sqrt(sum[i]!) + epsilon);
        x[i] = after;
        if (after !== before) moved = true;
      }
      return moved;
    },
  };
}

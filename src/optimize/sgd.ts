/**
 * Gradient descent with optional momentum, exactly as PyTorch's torch.optim.SGD writes it (weight_decay 0):
 *   b_1 = g_1,  b_t = μ·b_{t−1} + (1 − τ)·g_t      (momentum μ, dampening τ; no buffer when μ = 0)
 *   x ← x − lr·b_t                                  (heavy ball, method "momentum")
 *   x ← x − lr·(g_t + μ·b_t)                        (method "nesterov", τ = 0)
 *   x ← x − lr·g_t                                  (method "gd", μ = 0)
 */
import type { StepRule } from "./firstOrder.js";

/** PyTorch's SGD update rule; `momentum` 0 gives plain gradient descent. */
export function sgd(learningRate: number, momentum: number, dampening: number, nesterov: boolean): StepRule {
  // plain gradient descent as a rule of its own: small enough that V8 inlines it into the loop beside the
  // objective's generated code (with the momentum branches it left one of the two out)
  if (momentum === 0)
    return {
      step(x, g) {
        let moved = false;
        for (let i = 0; i < x.length; i++) {
          const before = x[i]!;
          const after = before - learningRate * g[i]!;
          x[i] = after;
          if (after !== before) moved = true;
        }
        return moved;
      },
    };
  let buffer: Float64Array | undefined;
  return {
    step(x, g) {
      if (buffer === undefined) {
        // PyTorch starts the buffer at the first gradient itself, undamped.
        buffer = g.slice();
      } else {
        for (let i = 0; i < x.length; i++) buffer[i] = momentum * buffer[i]! + (1 - dampening) * g[i]!;
      }
      let moved = false;
      for (let i = 0; i < x.length; i++) {
        const before = x[i]!;
        const after = before - learningRate * (nesterov ? g[i]! + momentum * buffer[i]! : buffer[i]!);
        x[i] = after;
        if (after !== before) moved = true;
      }
      return moved;
    },
  };
}

/**
 * Adam and AdamW as PyTorch's torch.optim.Adam / AdamW write them (amsgrad false), step t = 1, 2, …:
 *   x ← x·(1 − lr·λ)                              (AdamW only: decoupled weight decay λ)
 *   m_t = m_{t−1} + (1 − β₁)(g_t − m_{t−1}),   v_t = β₂·v_{t−1} + (1 − β₂)·g_t²   (m_0 = v_0 = 0)
 *   x ← x − (lr / (1 − β₁ᵗ))·m_t / (√v_t / √(1 − β₂ᵗ) + ε)
 * Kingma & Ba (2015); Loshchilov & Hutter (2019) for the decoupled decay.
 */
import type { StepRule } from "./firstOrder.js";

/** PyTorch's Adam update rule; a `weightDecay` above 0 makes it AdamW. */
export function adam(
  learningRate: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  weightDecay: number,
): StepRule {
  let t = 0;
  let m: Float64Array | undefined;
  let v: Float64Array | undefined;
  return {
    step(x, g) {
      t++;
      m ??= new Float64Array(x.length);
      v ??= new Float64Array(x.length);
      const stepSize = learningRate / (1 - beta1 ** t);
      const correction2 = Math.sqrt(1 - beta2 ** t);
      let moved = false;
      for (let i = 0; i < x.length; i++) {
        const before = x[i]!;
        let after = weightDecay !== 0 ? before * (1 - learningRate * weightDecay) : before;
        m[i]! += (1 - beta1) * (g[i]! - m[i]!);
        v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
        after -= (stepSize * m[i]!) / (Math.sqrt(v[i]!) / correction2 + epsilon);
        x[i] = after;
        if (after !== before) moved = true;
      }
      return moved;
    },
  };
}

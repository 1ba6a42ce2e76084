/**
 * The Newton direction p = −(∇²f + τI)⁻¹∇f, with τ ≥ 0 from the modified Cholesky factorization of
 * Nocedal & Wright, Algorithm 3.3 (modifiedCholesky.ts): τ = 0 where the Hessian is positive definite, so
 * the pure Newton step is kept there, and large enough elsewhere that p is a descent direction. Nocedal &
 * Wright, Algorithm 3.2 (line-search Newton with Hessian modification); the line search is descent.ts's.
 */
import type { DirectionRule } from "./descent.js";
import { modifiedCholesky, solveCholesky } from "./modifiedCholesky.js";
import type { Run } from "./run.js";

/** The modified Newton direction from the objective's Hessian at x, evaluated through `run`. */
export function newton(run: Run, params: readonly string[]): DirectionRule {
  const n = params.length;
  const hessian = new Float64Array(n * n);
  const factor = new Float64Array(n * n);
  return {
    informed: true,
    direction(g, p, x, k) {
      run.hessian(x, hessian);
      const bad = hessian.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        const [row, column] = [params[Math.floor(bad / n)], params[bad % n]];
        run.stop(
          "not-finite",
          `The Hessian entry (${row}, ${column}) became ${hessian[bad]} at iteration ${k}.`,
        );
        return false;
      }
      modifiedCholesky(hessian, n, factor);
      solveCholesky(factor, n, g, p);
      for (let i = 0; i < n; i++) p[i] = -p[i]!;
      return true;
    },
    update() {},
    reset() {},
  };
}

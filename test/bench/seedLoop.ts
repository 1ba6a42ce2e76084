/**
 * The hand-written reference the seed's benchmarks compare compiled code with: the obvious fused loop
 * over Float64Arrays that a good engineer writes for `mean((W*x + b - y)^2)` and its gradient.
 */

/** Cost and both partials in one pass, constant factors applied at the end; writes ∂/∂W, ∂/∂b into g. */
export function handWritten(p: Float64Array, g: Float64Array, x: Float64Array, y: Float64Array): number {
  const w = p[0]!;
  const b = p[1]!;
  const n = x.length;
  let cost = 0;
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const r = w * xi + b - y[i]!;
    cost += r * r;
    gw += r * xi;
    gb += r;
  }
  g[0] = (2 * gw) / n;
  g[1] = (2 * gb) / n;
  return cost / n;
}

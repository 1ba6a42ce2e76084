/**
 * The seed's least-squares line as the benchmarks use it: its data at any size, and the hand-written fused
 * JavaScript loop that every compiled `valueAndGradient` of `mean((W*x + b - y)^2)` is measured against.
 */

/** The obvious fused loop: cost and both partials in one pass, constant factors applied at the end. */
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

/** n rows of a noisy line y ≈ 2x + 1 over x = sin(i). */
export function line(n: number) {
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  const y = Float64Array.from(x, (v, i) => 2 * v + 1 + 0.1 * Math.cos(7 * i));
  return { x, y };
}

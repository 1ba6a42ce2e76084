/**
 * The statistics of an optimum: OLS standard errors against the closed form σ²(XᵀX)⁻¹, against R's
 * published summary of lm(dist ~ speed) on the `cars` data, Student t quantiles against tables, the
 * Hessian's eigenvalues against the 2×2 closed form, and parameters that are not identified.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minimize } from "../../src/minimize/index.js";
import { studentTQuantile } from "../../src/minimize/studentT.js";
import { symmetricEigen } from "../../src/optimize/index.js";

describe("a least-squares fit's statistics", () => {
  const x = [1, 2, 3, 4, 5, 6];
  const y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.3];

  it("equal the closed form of OLS, σ²(XᵀX)⁻¹, for sum and for mean", () => {
    const n = x.length;
    const sx = x.reduce((s, v) => s + v, 0);
    const sxx = x.reduce((s, v) => s + v * v, 0);
    const sy = y.reduce((s, v) => s + v, 0);
    const sxy = x.reduce((s, v, i) => s + v * y[i]!, 0);
    const det = n * sxx - sx * sx;
    const slope = (n * sxy - sx * sy) / det;
    const intercept = (sy - slope * sx) / n;
    const rss = x.reduce((s, v, i) => s + (y[i]! - intercept - slope * v) ** 2, 0);
    const sigma2 = rss / (n - 2);
    // (XᵀX)⁻¹ = [[sxx, −sx], [−sx, n]] / det
    const want = [
      [(sigma2 * sxx) / det, (-sigma2 * sx) / det],
      [(-sigma2 * sx) / det, (sigma2 * n) / det],
    ];
    for (const cost of ["sum((b0 + b1*x - y)^2)", "mean((b0 + b1*x - y)^2)"]) {
      const r = minimize(cost, { data: { x, y } });
      expect(r.params.b1).toBeCloseTo(slope, 10);
      const s = r.statistics!;
      expect(s.dof).toBe(n - 2);
      const got = s.covariance!.flat();
      for (let k = 0; k < 4; k++) expect(got[k]).toBeCloseTo(want.flat()[k]!, 10);
      expect(s.standardErrors!.b0).toBeCloseTo(Math.sqrt(want[0]![0]!), 10);
      expect(s.residualStandardError).toBeCloseTo(Math.sqrt(sigma2), 10);
    }
  });

  it("match R's summary of lm(dist ~ speed) on the cars data", () => {
    const speed = [
      4, 4, 7, 7, 8, 9, 10, 10, 10, 11, 11, 12, 12, 12, 12, 13, 13, 13, 13, 14, 14, 14, 14, 15, 15, 15, 16,
      16, 17, 17, 17, 18, 18, 18, 18, 19, 19, 19, 20, 20, 20, 20, 20, 22, 23, 24, 24, 24, 24, 25,
    ];
    const dist = [
      2, 10, 4, 22, 16, 10, 18, 26, 34, 17, 28, 14, 20, 24, 28, 26, 34, 34, 46, 26, 36, 60, 80, 20, 26, 54,
      32, 40, 32, 40, 50, 42, 56, 76, 84, 36, 46, 68, 32, 48, 52, 56, 64, 66, 54, 70, 92, 93, 120, 85,
    ];
    const r = minimize("sum((dist - (a + b*speed))^2)", { data: { speed, dist } });
    const s = r.statistics!;
    // R: Estimate, Std. Error; Residual standard error: 15.38 on 48 degrees of freedom; R²: 0.6511
    expect(r.params.a).toBeCloseTo(-17.5791, 4);
    expect(r.params.b).toBeCloseTo(3.9324, 4);
    expect(s.standardErrors!.a).toBeCloseTo(6.7584, 4);
    expect(s.standardErrors!.b).toBeCloseTo(0.4155, 4);
    expect(s.residualStandardError).toBeCloseTo(15.38, 2);
    expect(s.dof).toBe(48);
    expect(s.rSquared).toBeCloseTo(0.6511, 4);
    // confint(): (Intercept) −31.167850 −3.990340; speed 3.096964 4.767853
    expect(s.confidenceIntervals!.a![0]).toBeCloseTo(-31.16785, 5);
    expect(s.confidenceIntervals!.a![1]).toBeCloseTo(-3.99034, 5);
    expect(s.confidenceIntervals!.b![0]).toBeCloseTo(3.096964, 6);
    expect(s.confidenceIntervals!.b![1]).toBeCloseTo(4.767853, 6);
  });
});

describe("Student's t quantiles", () => {
  it("match the tables", () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.706204736174698],
      [0.975, 2, 4.302652729749464],
      [0.975, 10, 2.228138851986274],
      [0.975, 48, 2.0106347546964454],
      [0.95, 5, 2.015048372669157],
      [0.995, 30, 2.749995653567816],
      [0.975, 1e6, 1.9599663],
      [0.025, 10, -2.228138851986274],
    ];
    for (const [p, dof, t] of table) expect(studentTQuantile(p, dof)).toBeCloseTo(t, 6);
  });
});

describe("the Hessian's eigenvalues", () => {
  it("of Rosenbrock at (1, 1) equal the 2×2 closed form", () => {
    const s = minimize("(1 - a)^2 + 100*(b - a^2)^2", { init: { a: -1.2, b: 1 } }).statistics!;
    // H = [[802, −400], [−400, 200]]: λ = (tr ± √(tr² − 4·det))/2
    const tr = 1002;
    const det = 802 * 200 - 400 * 400;
    const root = Math.sqrt(tr * tr - 4 * det);
    expect(s.smallestEigenvalue).toBeCloseTo((tr - root) / 2, 8);
    expect(s.largestEigenvalue).toBeCloseTo((tr + root) / 2, 8);
    expect(s.conditionNumber).toBeCloseTo((tr + root) / (tr - root), 4);
  });

  it("solve A·v = λ·v for random symmetric matrices (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * n, maxLength: n * n }),
            ),
          ),
        ([n, entries]) => {
          const a = entries.map((_, k) => (entries[k]! + entries[(k % n) * n + Math.floor(k / n)]!) / 2);
          const { values, vectors } = symmetricEigen(a, n);
          const scale = Math.max(1, ...a.map(Math.abs));
          vectors.forEach((v, k) => {
            for (let i = 0; i < n; i++) {
              const av = v.reduce((s, vj, j) => s + a[i * n + j]! * vj, 0);
              expect(Math.abs(av - values[k]! * v[i]!)).toBeLessThanOrEqual(1e-10 * scale * n);
            }
          });
          for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("parameters that are not identified", () => {
  it("refuses a parameter that does not occur in the cost, which nothing could fit", () => {
    const fit = () => minimize("(a - 1)^2", { params: ["a", "c"], init: { a: 0, c: 5 } });
    expect(fit).toThrow("params names 'c', which is not in the formula (its names: a)");
  });

  it("names the parameters of a rank-deficient Jacobian", () => {
    const r = minimize("mean((a*x + b*x - y)^2)", { data: { x: [1, 2, 3], y: [2, 4, 6] } });
    expect(r.converged).toBe(true);
    expect(r.unidentified).toEqual(["a", "b"]);
    expect(r.message).toContain("a and b are not identified: the Jacobian has rank 1 for 2 parameters");
    expect(r.statistics!.standardErrors).toBeUndefined();
  });

  it("reads the Jacobian of many rows window by window, across the terms' blocks", () => {
    // 9001 rows: the Jacobian is reduced some thousands of rows at a time, the last window partly full,
    // and the scalar term's residual sits after the rows
    const rows = 9001;
    const x = Array.from({ length: rows }, (_, i) => (i % 97) / 10);
    const y = x.map((v, i) => 2 * v + 1 + ((i * 7919) % 13) / 100);
    const r = minimize("sum((a*x + c*x + b - y)^2) + (b - 1)^2", { data: { x, y } });
    expect(r.unidentified).toEqual(["a", "c"]);
    expect(r.message).toContain("a and c are not identified: the Jacobian has rank 2 for 3 parameters");
    // full rank over the same rows: the closed form of OLS, σ²(XᵀX)⁻¹
    const fit = minimize("mean((b1*x + b0 - y)^2)", { data: { x, y } });
    const sx = x.reduce((s, v) => s + v, 0);
    const sxx = x.reduce((s, v) => s + v * v, 0);
    const det = rows * sxx - sx * sx;
    const b1 = fit.params.b1!;
    const b0 = fit.params.b0!;
    const rss = x.reduce((s, v, i) => s + (y[i]! - b0 - b1 * v) ** 2, 0);
    const sigma2 = rss / (rows - 2);
    const se = fit.statistics!.standardErrors!;
    expect(se.b1! / Math.sqrt((sigma2 * rows) / det)).toBeCloseTo(1, 9);
    expect(se.b0! / Math.sqrt((sigma2 * sxx) / det)).toBeCloseTo(1, 9);
    expect(fit.statistics!.dof).toBe(rows - 2);
  });

  it("uses the Hessian for a cost that is not a sum of squares", () => {
    const r = minimize("log(1 + (a - b)^2) + exp(c) - c", { init: { a: 1, b: 0, c: 1 } });
    expect(r.unidentified).toEqual(["a", "b"]);
    expect(r.message).toContain("the Hessian has rank 2 for 3 parameters");
  });

  it("says nothing when every parameter is determined", () => {
    const r = minimize("(a - 1)^2 + (a + b)^2", {});
    expect(r.unidentified).toEqual([]);
    expect(r.message).not.toContain("identified");
  });
});

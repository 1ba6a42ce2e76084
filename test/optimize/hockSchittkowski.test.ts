/**
 * The Hock–Schittkowski problems from their standard starts (test/optimize/hock-schittkowski/*.sg): the
 * default method must reach each published optimum (hockSchittkowski.ts's rule). The few it does not reach
 * are listed with the reason; for those it must still end feasible and never below the published optimum,
 * so a wrong answer cannot hide among them.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../src/minimize/index.js";
import { COST_TOLERANCE, hockSchittkowski, reached, VIOLATION_TOLERANCE } from "./hockSchittkowski.js";

/** Problems whose published optimum the default method does not reach, and why. */
const notReached = new Map<number, string>([
  [2, "ends at the local minimum 4.9412 near x1 = −1.22 (as SLSQP and trust-constr do from this start)"],
  [13, "the constraint qualification fails at the optimum; the multiplier diverges and it stops at 0.994"],
  [20, "ends at the local minimum 40.1987 at x1 = −0.5 (as SLSQP and trust-constr do from this start)"],
]);

const problems = hockSchittkowski();

describe("Hock–Schittkowski problems", () => {
  it("are at least twenty, with HS 1–4, 6, 7, 9–19, 21, 28, 35, 39, 40, 43, 48 and 71 among them", () => {
    const numbers = new Set(problems.map((p) => p.number));
    for (const n of [
      1, 2, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 28, 35, 39, 40, 43, 48, 71,
    ])
      expect(numbers.has(n), `HS ${n}`).toBe(true);
  });

  for (const p of problems.filter((q) => !notReached.has(q.number))) {
    it(`HS ${p.number} reaches the published optimum ${p.optimum}`, async () => {
      const r = await runProgram(p.source, { file: p.file, historyEvery: 0 });
      expect(reached(r.cost, r.maxViolation!, p.optimum), `cost ${r.cost}, violation ${r.maxViolation}`).toBe(
        true,
      );
      expect(r.status).toBe("optimal");
    });
  }

  for (const p of problems.filter((q) => notReached.has(q.number))) {
    it(`HS ${p.number} ends feasible and not below the optimum (${notReached.get(p.number)})`, async () => {
      const r = await runProgram(p.source, { file: p.file, historyEvery: 0 });
      expect(r.maxViolation).toBeLessThanOrEqual(VIOLATION_TOLERANCE);
      // A slightly violated constraint can buy a slightly lower cost; by more than that is a wrong answer.
      expect(r.cost).toBeGreaterThanOrEqual(
        p.optimum - 0.05 * Math.max(1, Math.abs(p.optimum)) - COST_TOLERANCE,
      );
    });
  }
});

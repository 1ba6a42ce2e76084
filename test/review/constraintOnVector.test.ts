/**
 * Review finding: a constraint that is one number but mentions a vector parameter (`subject to sum(w) <= 1`)
 * is refused with "'w' is neither a parameter (w[0], w[1]) nor a data column", the caret under `<=`,
 * although README says only a constraint that is not one number (`w >= 0` on a vector) is an error.
 * Known optimum: min sum((w - 3)^2) subject to sum(w) <= 1 is w = [0.5, 0.5] (projection onto the half-plane).
 */
import { describe, expect, test } from "vitest";
import { runProgram } from "../../src/index.js";

describe("a scalar constraint on a vector parameter", () => {
  test("subject to sum(w) <= 1 reaches the projection [0.5, 0.5]", async () => {
    const fit = await runProgram("param w[2] = 0\nminimize sum((w - 3)^2)\nsubject to sum(w) <= 1\n");
    const w = fit.params.w as number[];
    expect(w[0]).toBeCloseTo(0.5, 5);
    expect(w[1]).toBeCloseTo(0.5, 5);
  });

  test("subject to w@w <= 1 reaches the unit circle at [1, 1]/sqrt(2)", async () => {
    const fit = await runProgram("param w[2] = 0\nminimize sum((w - 3)^2)\nsubject to w@w <= 1\n");
    const w = fit.params.w as number[];
    expect(w[0]).toBeCloseTo(Math.SQRT1_2, 4);
    expect(w[1]).toBeCloseTo(Math.SQRT1_2, 4);
  });
});

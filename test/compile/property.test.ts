/**
 * Property tests of the code generator against the reference interpreter, on random formulas (with and
 * without data and reductions) at random points: the compiled value equals `evaluate`, the compiled
 * gradient equals `evaluate` of the `gradient` trees, and both agree with central finite differences.
 */
import fc from "fast-check";
import { describe, test } from "vitest";
import { check, withData, withoutData } from "./agreement.js";

describe("compiled code agrees with evaluate and with finite differences", () => {
  test("formulas over data columns, with reductions nested anywhere", () => {
    fc.assert(fc.property(withData(), check("js")), { numRuns: 500 });
  });

  test("formulas of parameters only (sum(c) = c without data)", () => {
    fc.assert(fc.property(withoutData, check("js")), { numRuns: 500 });
  });
});

/**
 * A run whose steps no longer move x stops and says so. On separable data the logistic cost has no minimum;
 * L-BFGS walks out until `1 - h` rounds, where the cost is flat to rounding and the line search returns
 * steps too small to change x in floating point. Those steps used to count as successes: the same direction
 * repeated until the iteration limit (1000 iterations, 28,030 evaluations, x frozen from iteration 42 on).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile/index.js";
import { optimize } from "../../src/optimize/index.js";
import { parse } from "../../src/syntax/index.js";

const h = "sigmoid(w1*x1 + w2*x2 + b)";
const logistic = compile(parse(`mean(-(y*log(${h}) + (1 - y)*log(1 - ${h})))`), {
  params: ["w1", "w2", "b"],
  data: { x1: [1, 2, 3, 4, 5, 6], x2: [2, 3, 1, 3, 3, 2], y: [0, 0, 0, 1, 1, 1] },
});

describe("a step that does not move x", () => {
  it("ends the run as a failed line search, not at the iteration limit", () => {
    const r = optimize(logistic, { init: [0, 0, 0], method: "lbfgs", historyEvery: 0 });
    expect(r.status).toBe("line-search-failed");
    expect(r.converged).toBe(false);
    expect(r.iterations).toBeLessThan(200);
    expect(r.evaluations).toBeLessThan(2000);
    // the data are separated: the point reached classifies every row, and its cost is near 0
    expect(r.cost).toBeLessThan(1e-5);
    expect(r.message).toMatch(/no lower cost/);
  });
});

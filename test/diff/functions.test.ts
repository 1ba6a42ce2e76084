/**
 * The derivative of every row of the function table, against central differences of its independent
 * definition (`test/expr/reference.ts`) on a grid across its domain and on both sides of every kink, and
 * at each kink against the subgradient the language documents (README, "Kinks").
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { derivative } from "../../src/diff/index.js";
import { call, FUNCTIONS, sym } from "../../src/expr/index.js";
import { argumentLists, REFERENCE } from "../expr/reference.js";
import { centralDifference } from "./finiteDifference.js";

/**
 * The derivative at a kink, by argument, as documented: abs'(0) = sign(0) = 0, relu'(0) = step(0) = 0, sign
 * and step have derivative 0, and at a tie max and min pass the whole derivative to b.
 */
const SUBGRADIENT: Readonly<Record<string, readonly number[]>> = {
  abs: [0],
  relu: [0],
  sign: [0],
  step: [0],
  max: [0, 1],
  min: [0, 1],
};

describe("the derivative of every row of the function table", () => {
  it("is documented at every kink", () => {
    const kinked = [...FUNCTIONS.values()].filter((fn) => fn.kinks.length > 0).map((fn) => fn.name);
    expect(kinked.sort()).toEqual(Object.keys(SUBGRADIENT).sort());
  });

  for (const fn of FUNCTIONS.values()) {
    it(`${fn.name}: each partial matches a central difference across its domain and beside every kink`, () => {
      const args = Array.from({ length: fn.arity }, (_, i) => sym(`a${i}`));
      const f = call(fn, args);
      const partials = args.map((a) => derivative(f, a.name));
      let compared = 0;
      for (const point of argumentLists(fn)) {
        const at = Object.fromEntries(point.map((v, i) => [`a${i}`, v]));
        const gap = fn.arity === 1 ? point[0]! : point[0]! - point[1]!;
        const atKink = fn.kinks.includes(gap);
        args.forEach((_, i) => {
          const exact = evaluate(partials[i]!, at);
          const where = `d${fn.name}/da${i} at (${point.join(", ")})`;
          if (atKink) {
            expect(exact, where).toBe(SUBGRADIENT[fn.name]![i]);
            return;
          }
          const along = (v: number) => REFERENCE[fn.name]!(...point.map((p, j) => (j === i ? v : p)));
          const fd = centralDifference(along, point[i]!);
          expect(fd, `${where}: no difference`).toBeDefined();
          expect(Math.abs(exact - fd!), `${where}: ${exact} vs ${fd}`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(fd!)),
          );
          compared++;
        });
      }
      expect(compared).toBeGreaterThan(20);
    });
  }
});

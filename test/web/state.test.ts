/**
 * The page's state in the URL: every problem survives toHash → fromHash, whatever its formula text and
 * numbers; a malformed part of a link falls back, part by part, instead of breaking the page.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../../web/examples.js";
import type { Problem } from "../../web/protocol.js";
import { fromHash, toHash } from "../../web/state.js";

const seed = EXAMPLES[0]!.problem;
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const arbProblem: fc.Arbitrary<Problem> = fc.record({
  formula: fc.string({ unit: "grapheme", maxLength: 40 }),
  data: fc.uniqueArray(fc.tuple(name, fc.array(finite, { maxLength: 5 })), {
    selector: ([n]) => n,
    maxLength: 3,
  }),
  init: fc.uniqueArray(fc.tuple(name, finite), { selector: ([n]) => n, maxLength: 3 }),
  method: fc.constantFrom("gd", "adam", "lbfgs", "newton"),
  lr: fc.double({ min: 1e-9, max: 10, noNaN: true }),
  epochs: fc.nat(100_000),
  model: fc.string({ maxLength: 20 }),
  hessian: fc.boolean(),
});

describe("the URL hash", () => {
  it("gives back every problem", () => {
    fc.assert(
      fc.property(arbProblem, (problem) => {
        // -0 is written "0"; it is the same starting value.
        const same = JSON.parse(JSON.stringify(problem));
        expect(JSON.parse(JSON.stringify(fromHash(`#${toHash(problem)}`, seed)))).toEqual(same);
      }),
    );
  });

  it("is readable for the seed", () => {
    expect(decodeURIComponent(toHash(seed).replace(/\+/g, " "))).toBe(
      "f=mean((W*x + b - y)^2)&d=x:1,2,3;y:1,2,3&p=W:0,b:0&m=gd&lr=0.01&e=2000&model=W*x + b",
    );
  });

  it("takes each malformed or missing part from the fallback", () => {
    const got = fromHash("#f=x%5E2&d=x:1,abc&p=W:&lr=-1&e=2.5", seed);
    expect(got).toEqual({ ...seed, formula: "x^2", hessian: false });
    expect(fromHash("", seed)).toEqual(seed);
    expect(fromHash("#d=1x:1,2", seed).data).toEqual(seed.data);
  });
});

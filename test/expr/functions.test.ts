/**
 * Every row of the function table against an independent reference (`reference.ts`): its f64 evaluation,
 * its generated JavaScript (run through `new Function`) and the reference interpreter on a grid across its
 * domain and on both sides of every kink, and NaN outside its domain. A row whose code differs from its
 * definition anywhere on that grid (`relu` written as `Math.abs`) fails here.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/compile/index.js";
import { call, FUNCTIONS, type FunctionDef, sym } from "../../src/expr/index.js";
import { argumentLists, outsidePoints, REFERENCE } from "./reference.js";

/** The row's generated JavaScript as a function of its arguments. */
function compiled(fn: FunctionDef): (...x: number[]) => number {
  const params = Array.from({ length: fn.arity }, (_, i) => `a${i}`);
  return new Function(...params, `return ${fn.js(...params)};`) as (...x: number[]) => number;
}

/** Equal up to rounding of differently written formulas. */
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe("every row of the function table", () => {
  it("has a reference, and kinks only where its derivative is documented as a subgradient", () => {
    expect(Object.keys(REFERENCE).sort()).toEqual([...FUNCTIONS.keys()].sort());
    const withKinks = [...FUNCTIONS.values()].filter((fn) => fn.kinks.length > 0).map((fn) => fn.name);
    expect(withKinks.sort()).toEqual(["abs", "max", "min", "relu", "sign", "step"]);
  });

  for (const fn of FUNCTIONS.values()) {
    it(`${fn.name}: evaluate, generated JavaScript and the interpreter agree with its definition, kinks included`, () => {
      const js = compiled(fn);
      const args = Array.from({ length: fn.arity }, (_, i) => sym(`a${i}`));
      const call_ = call(fn, args);
      for (const point of argumentLists(fn, true)) {
        const want = REFERENCE[fn.name]!(...point);
        const where = `${fn.name}(${point.join(", ")})`;
        expect(Number.isFinite(want), where).toBe(true);
        expect(
          near(fn.evaluate(...point), want),
          `${where}: evaluate ${fn.evaluate(...point)} vs ${want}`,
        ).toBe(true);
        expect(near(js(...point), want), `${where}: js ${js(...point)} vs ${want}`).toBe(true);
        const at = Object.fromEntries(point.map((v, i) => [`a${i}`, v]));
        expect(near(evaluate(call_, at), want), `${where}: interpreter`).toBe(true);
      }
    });

    if (fn.arity === 1 && outsidePoints(fn).length > 0)
      it(`${fn.name}: is NaN outside its domain [${fn.defined.join(", ")}]`, () => {
        const js = compiled(fn);
        for (const x of outsidePoints(fn)) {
          expect(fn.evaluate(x), `${fn.name}(${x})`).toBeNaN();
          expect(js(x), `${fn.name}(${x}) in JavaScript`).toBeNaN();
        }
      });
  }
});

import { it } from "vitest";
import { matrixGradient } from "../../src/diff/matrixReverse.js";
import { add, along, reduce, sym, transpose, type Shape } from "../../src/expr/index.js";
import { simplifyShaped } from "../../src/simplify/index.js";
import { format } from "../../src/print/index.js";
it("s", () => {
  const cost = reduce("sum", transpose(add(along("softmax", sym("W"), 0), transpose(sym("V")))));
  for (const u of [true, false]) {
    const t = new Map<string, Shape>([["W", u ? ["?", "?"] : [2, 1]], ["V", u ? ["?", "?"] : [1, 2]]]);
    const env = (n: string) => t.get(n);
    console.log(format(simplifyShaped([cost], env)[0]!), matrixGradient(cost, ["V", "W"], env).map((e) => format(e)));
  }
});

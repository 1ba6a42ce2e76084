/**
 * Differentiate-and-simplify speed: the golden set of small formulas (per formula), the 40-deep composition
 * sin(exp(sin(exp(…x…)))) and the gradient of the 1,000-parameter Rosenbrock function. Each also reports the
 * size of its result. Nodes are interned, so repeated runs see a warm intern table, as a long-running
 * process does. The n-ary cases (x*x*…*x, x/x/…/x, x + x + … + x) run at n and 4n: the ratio of their
 * times is about 4 when the rules are linear (it was about 16 before the product rule grouped equal factors).
 * So does a composition sin(log1p(…x…)) of depth n and 4n (about 16 before the chain rule kept products
 * pending instead of building one more flat product at every level).
 * For scale (this machine): SymPy's diff takes 2.7 ms per small formula, 68 ms for the
 * 40-deep composition and 47 s for the 1,000-parameter gradient; mathjs's derivative 2.4 ms per small formula.
 */
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import { derivative, gradient, parameters } from "../../src/diff/index.js";
import {
  add,
  addAll,
  call,
  type Expr,
  FUNCTIONS,
  likelyData,
  mul,
  mulAll,
  num,
  pow,
  size,
  sub,
  sym,
} from "../../src/expr/index.js";
import { parse } from "../../src/syntax/index.js";
import { readGolden } from "../golden.js";

const sources = readGolden(readFileSync(new URL("../golden/derivatives.txt", import.meta.url), "utf8")).map(
  (c) => c.input,
);

/**
 * The golden set with every parameter renamed by `suffix`: new nodes that no earlier run has interned, so
 * each bench iteration differentiates formulas it has never seen (a cold intern table for them).
 */
function goldenSet(suffix: string) {
  return sources.map((source) => {
    const plain = parse(source);
    const data = likelyData(plain);
    const renamed = parameters(plain, { data }).reduce(
      (text, n) => text.replace(new RegExp(`\\b${n}\\b`, "g"), `${n}_${suffix}`),
      source,
    );
    const e = parse(renamed);
    return { e, names: parameters(e, { data }) };
  });
}
const golden = goldenSet("warm");
const fresh = Array.from({ length: 320 }, (_, k) => goldenSet(String(k)));
let next = 0;

/** Median time per formula over never-seen copies of the golden set, measured here once, for README. */
function coldMedianPerFormula(runs: number): number {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const set = fresh[next++]!;
    const start = performance.now();
    for (const g of set) gradient(g.e, g.names);
    times.push(((performance.now() - start) / set.length) * 1000);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
}
const coldMedian = coldMedianPerFormula(100);

let deep: Expr = sym("x");
for (let i = 0; i < 40; i++) deep = call(FUNCTIONS.get(i % 2 === 0 ? "exp" : "sin")!, [deep]);

const p = Array.from({ length: 1000 }, (_, i) => sym(`p${i}`));
const rosenbrock = add(
  ...p
    .slice(0, -1)
    .map((pi, i) =>
      add(mul(num(100), pow(sub(p[i + 1]!, pow(pi, num(2))), num(2))), pow(sub(num(1), pi), num(2))),
    ),
);
const rosenbrockNames = p.map((s) => s.name);

const perFormula = golden.reduce((n, g) => n + g.names.length, 0);
console.log(
  `golden set: ${golden.length} formulas, ${perFormula} partial derivatives, never-seen median ${coldMedian.toFixed(1)} µs per formula; ` +
    `40-deep: derivative size ${size(derivative(deep, "x"), { shared: true })} shared nodes (function ${size(deep, { shared: true })}); ` +
    `Rosenbrock-1000: gradient ${size(add(...gradient(rosenbrock, rosenbrockNames)), { shared: true })} shared nodes (function ${size(rosenbrock, { shared: true })})`,
);

describe("differentiate and simplify", () => {
  bench(
    `golden set, never seen before: all ${golden.length} gradients (divide by ${golden.length} per formula)`,
    () => {
      for (const g of fresh[next++ % fresh.length]!) gradient(g.e, g.names);
    },
    { iterations: 300, time: 0 },
  );
  bench(
    `golden set, again: all ${golden.length} gradients (divide by ${perFormula} for one derivative)`,
    () => {
      for (const g of golden) gradient(g.e, g.names);
    },
  );
  bench("40-deep composition sin(exp(sin(exp(…x…))))", () => {
    derivative(deep, "x");
  });
  bench(
    "Rosenbrock gradient, 1,000 parameters",
    () => {
      gradient(rosenbrock, rosenbrockNames);
    },
    { iterations: 10, time: 2000 },
  );
});

const x = sym("x");
const product = (n: number) => mulAll(Array.from({ length: n }, () => x));
const quotient = (n: number) => mulAll([x, ...Array.from({ length: n - 1 }, () => pow(x, num(-1)))]);
const sum = (n: number) => addAll(Array.from({ length: n }, () => x));
const nary = [
  ["x*x*…*x", product],
  ["x/x/…/x", quotient],
] as const;

for (const [name, make] of nary)
  describe(`${name}: n and 4n factors (time ratio about 4 when linear)`, () => {
    for (const n of [1600, 6400]) {
      const e = make(n);
      bench(`derivative, ${n} factors`, () => {
        derivative(e, "x");
      });
      bench(`gradient, ${n} factors`, () => {
        gradient(e, ["x"]);
      });
    }
  });

describe("x + x + … + x: n and 4n terms (time ratio about 4 when linear)", () => {
  for (const n of [250_000, 1_000_000]) {
    const e = sum(n);
    bench(
      `gradient, ${n} terms`,
      () => {
        gradient(e, ["x"]);
      },
      { iterations: 5, time: 0 },
    );
  }
});

/** sin(log1p(sin(…log1p(x)…))), `depth` calls deep. */
function composition(depth: number): Expr {
  let e: Expr = x;
  for (let i = 0; i < depth; i++) e = call(FUNCTIONS.get(i % 2 === 1 ? "sin" : "log1p")!, [e]);
  return e;
}

describe("sin(log1p(…x…)): depth n and 4n (time ratio about 4 when linear)", () => {
  for (const n of [2000, 8000]) {
    const e = composition(n);
    bench(
      `derivative, depth ${n}`,
      () => {
        derivative(e, "x");
      },
      { iterations: 5, time: 0 },
    );
    bench(
      `gradient, depth ${n}`,
      () => {
        gradient(e, ["x"]);
      },
      { iterations: 5, time: 0 },
    );
  }
});

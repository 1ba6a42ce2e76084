/**
 * Name checking in program files and "did you mean": both used to be quadratic (8,000 parameters took 11 s
 * to parse; a typo in a 40,000-character name 10 s). The reference in each group is the part of the work
 * that cannot be avoided: parsing the program's formula alone, and comparing the two names once.
 */
import { bench, describe } from "vitest";
import { parse, parseProgram } from "../../src/syntax/index.js";
import { suggest } from "../../src/text/suggest.js";

const names = Array.from({ length: 8_000 }, (_, i) => `p${i}`);
const formula = names.map((p) => `${p}^2`).join(" + ");
const program = `param ${names.map((p) => `${p} = 1`).join(", ")}\nminimize ${formula}\n`;

// About a second an iteration: a few iterations, not vitest's default half a second of samples.
const few = { time: 0, iterations: 5, warmupIterations: 1 };

describe("a program of 8,000 parameters", () => {
  bench(
    "parseProgram (every name checked)",
    () => {
      parseProgram(program);
    },
    few,
  );
  bench(
    "reference: parse its minimize formula alone",
    () => {
      parse(formula);
    },
    few,
  );
});

const long = "a".repeat(40_000);
const typo = `${long.slice(1)}b`;

describe("a typo in a name of 40,000 characters", () => {
  bench("suggest among the declared names", () => {
    suggest(typo, [long, ...names]);
  });
  bench("reference: compare the two names once", () => {
    let same = 0;
    for (let i = 0; i < long.length; i++) if (long.charCodeAt(i) === typo.charCodeAt(i)) same++;
    if (same < 0) throw new Error("unreachable");
  });
});

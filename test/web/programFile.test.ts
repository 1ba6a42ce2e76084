/**
 * "Download .sg": the program file the page writes is one that symgrad reads back as the same problem —
 * checked with the library's own parser, for the examples and for formulas with comments and line breaks.
 */
import { describe, expect, it } from "vitest";
import { format, parse, parseProgram } from "../../src/index.js";
import { EXAMPLES } from "../../web/examples.js";
import { programText } from "../../web/programFile.js";
import type { Problem } from "../../web/protocol.js";

function readBack(problem: Problem, params: readonly string[]) {
  const program = parseProgram(programText(problem, params, true), "problem.sg");
  const names = problem.data.map(([n]) => n);
  return {
    cost: format(program.cost),
    expected: format(parse(problem.formula, { data: names })),
    data: program.data.map((d) => [d.names[0], d.values]),
    init: program.params.map((p) => [p.name, p.init]),
    models: [...program.definitions.values()].map((d) => format(d)),
  };
}

describe("program files written by the page", () => {
  for (const { label, problem } of EXAMPLES) {
    it(`reads back ${label}`, () => {
      const params = problem.init.map(([n]) => n);
      const back = readBack(problem, params);
      expect(back.cost).toBe(back.expected);
      expect(back.data).toEqual(problem.data);
      expect(back.init).toEqual(problem.init);
      expect(back.models).toEqual(problem.model ? [format(parse(problem.model))] : []);
    });
  }

  it("keeps a formula with comments and line breaks, and a model whose name is taken", () => {
    const problem: Problem = {
      ...EXAMPLES[0]!.problem,
      formula: "mean((h*x + b # the line\n  - y)^2)",
      model: "h*x + b",
      init: [["h", 2]],
    };
    const text = programText(problem, ["h", "b"], true);
    expect(text).toContain("model = h*x + b");
    expect(text).toContain("param h = 2, b = 0");
    const back = readBack(problem, ["h", "b"]);
    expect(back.cost).toBe("mean((h*x + b - y)^2)");
    expect(back.models).toEqual(["h*x + b"]);
  });

  it("names the command that runs it", () => {
    const text = programText(EXAMPLES[0]!.problem, ["W", "b"], true);
    expect(text).toContain("npx symgrad run problem.sg --method gd --lr 0.01 --epochs 2000");
    expect(programText(EXAMPLES[2]!.problem, ["a", "b"], false)).toContain("--method lbfgs --max-iter 100");
  });
});

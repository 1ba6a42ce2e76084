/**
 * Parsing constraints: the three relations, both sides as expression trees, text kept as written, `subject
 * to` lines in programs (definitions substituted), and the keywords `subject` and `to` still free to name
 * things elsewhere.
 */
import { describe, expect, it } from "vitest";
import { ParseError, parse, parseConstraint, parseProgram } from "../../src/syntax/index.js";

describe("parseConstraint", () => {
  it.each(["<=", ">=", "=="] as const)("reads lhs %s rhs", (relation) => {
    const c = parseConstraint(`x1 + 2*x2   ${relation} sin(x3)`);
    expect(c.relation).toBe(relation);
    expect(c.lhs).toBe(parse("x1 + 2*x2"));
    expect(c.rhs).toBe(parse("sin(x3)"));
    expect(c.text).toBe(`x1 + 2*x2 ${relation} sin(x3)`);
    expect(c.relationSpan.column).toBe(13);
  });

  it("gives a positioned error for a second comparison", () => {
    expect(() => parseConstraint("0 <= x <= 1")).toThrow(ParseError);
  });

  it("checks data columns when told them", () => {
    expect(() => parseConstraint("W*x <= 1", { data: ["x"] })).toThrow(/'x' is a data column/);
    expect(parseConstraint("mean(W*x) <= 1", { data: ["x"] }).relation).toBe("<=");
  });
});

describe("subject to in programs", () => {
  it("collects the constraints after minimize, with definitions substituted", () => {
    const p = parseProgram(
      "param x1, x2\ns = x1 + x2\nminimize x1^2 + x2^2\nsubject to s >= 1\nsubject to x1 ==\n  x2\n",
    );
    expect(p.constraints.map((c) => [c.lhs, c.relation, c.rhs])).toEqual([
      [parse("x1 + x2"), ">=", parse("1")],
      [parse("x1"), "==", parse("x2")],
    ]);
    expect(p.constraints.map((c) => c.text)).toEqual(["s >= 1", "x1 == x2"]);
  });

  it("leaves 'subject' and 'to' free as names", () => {
    expect(
      parseProgram("param to = 1\nsubject = to^2\nminimize subject\nsubject to to >= 2\n").constraints[0]!
        .lhs,
    ).toBe(parse("to"));
    expect(parse("subject - to")).toBe(parse("subject + (-1)*to"));
  });
});

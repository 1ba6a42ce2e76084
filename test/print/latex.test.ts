import { describe, expect, it } from "vitest";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";
import { golden } from "../golden.js";

// Each block: a formula, and its LaTeX (names x, y, x1, y_2 are taken as data columns by default).
golden(new URL("../golden/latex.txt", import.meta.url), (source) =>
  format(parse(source), { style: "latex" }),
);

describe("LaTeX", () => {
  it("writes the seed's cost as a statistician would", () => {
    expect(format(parse("mean((W*x + b - y)^2)"), { style: "latex" })).toBe(
      "\\frac{1}{n}\\sum_{i=1}^{n} \\left(W x^{(i)} + b - y^{(i)}\\right)^{2}",
    );
  });

  it("indexes only the names given as data", () => {
    expect(format(parse("mean((W*u - v)^2)"), { style: "latex", data: ["u"] })).toBe(
      "\\frac{1}{n}\\sum_{i=1}^{n} \\left(W u^{(i)} - v\\right)^{2}",
    );
  });

  it("keeps distinct names distinct", () => {
    const names = ["x", "x_", "x__1", "x_1", "_x", "theta", "theta_1", "Wb"];
    const printed = names.map((n) => format(parse(n), { style: "latex" }));
    expect(new Set(printed).size).toBe(names.length);
  });

  // issue 9: LaTeX defined `t_{1}` but used `\mathit{t1}`, and lost `^{(i)}` on data inside definitions
  it("uses a shared name as it defines it, indexed like data when it varies by row", () => {
    expect(format(parse("exp(sin(x))^2 + exp(sin(x))"), { style: "latex", share: true })).toBe(
      "t_{1} = \\exp\\left(\\sin\\left(x\\right)\\right)\nt_{1}^{2} + t_{1}",
    );
    expect(format(parse("mean(exp(W*x)^2 + exp(W*x))"), { style: "latex", share: true })).toBe(
      "t_{1}^{(i)} = \\exp\\left(W x^{(i)}\\right)\n" +
        "\\frac{1}{n}\\sum_{i=1}^{n} \\left({t_{1}^{(i)}}^{2} + t_{1}^{(i)}\\right)",
    );
    // a formula's own t_2 and t1 keep their names; the shared one takes a name that differs from both
    const own = format(parse("t1 + t_2 + exp(x)*exp(x)"), { style: "latex", share: true });
    expect(own).toBe("t_{3} = \\exp\\left(x\\right)\n\\mathit{t1} + t_{2} + t_{3} t_{3}");
  });
});

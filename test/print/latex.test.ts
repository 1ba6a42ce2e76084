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
});

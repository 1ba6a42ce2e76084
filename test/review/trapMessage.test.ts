/**
 * Review finding: when the (n,1) side of the (n) vs (n,1) trap is the data (`data y = [[1], [2], [3]]`), the
 * error still advises "declare a k×1 parameter as a vector, param W[k]", which the program has no
 * parameter to apply to (its parameter is already `param w[2]`). The advice must fit the operand that is (n,1).
 */
import { describe, expect, test } from "vitest";
import { parseProgram } from "../../src/index.js";

describe("the (n) vs (n,1) trap with an (n,1) data column", () => {
  test("does not tell the user to redeclare a parameter that is already a vector", () => {
    const source =
      "data X = [[1, 2], [3, 4], [5, 6]]\ndata y = [[1], [2], [3]]\nparam w[2]\nminimize mean((X@w - y)^2)\n";
    let message = "";
    try {
      parseProgram(source);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/n×n/);
    expect(message).not.toMatch(/param W\[k\]/);
    expect(message).toMatch(/\by\b/);
  });
});

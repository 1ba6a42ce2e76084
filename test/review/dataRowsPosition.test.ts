/**
 * Review finding: in a program, data of different row counts (`data X` of 3 rows, `data y` of 2) is an
 * error without a position ("data column 'y' has 2 rows, but the other columns have 3"), although issue 10
 * asks for every such mistake "a clear error at its position" (line, column, caret).
 */
import { describe, expect, test } from "vitest";
import { runProgram, SymgradError } from "../../src/index.js";

describe("data of different row counts in a program", () => {
  test("is an error that points at the data statement", async () => {
    const source =
      "data X = [[1, 2], [3, 4], [5, 6]]\ndata y = [1, 2]\nparam w[2]\nminimize mean((X@w - y)^2)\n";
    const error = await runProgram(source).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SymgradError);
    expect((error as SymgradError).format()).toMatch(/Line 2, col \d+/);
  });
});

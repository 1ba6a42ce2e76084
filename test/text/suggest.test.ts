import { describe, expect, it } from "vitest";
import { suggest } from "../../src/text/suggest.js";

describe("suggest", () => {
  it("finds the nearest flag or name within a typo's distance", () => {
    expect(suggest("--lr0", ["--lr", "--iterations", "--method"])).toBe("--lr");
    expect(suggest("--itrations", ["--lr", "--iterations"])).toBe("--iterations");
    expect(suggest("yy", ["x", "y"])).toBe("y");
    expect(suggest("gradeint", ["gradient", "hessian"])).toBe("gradient");
  });

  it("prefers a match that differs only in case, then the closest, then the first", () => {
    expect(suggest("w", ["ww", "W"])).toBe("W");
    expect(suggest("abcd", ["abxy", "abcx"])).toBe("abcx");
    expect(suggest("ab", ["ax", "bb"])).toBe("ax");
  });

  it("allows a third of the length for long words", () => {
    expect(suggest("learningrate", ["learning_rat"])).toBe("learning_rat"); // 2 edits
    expect(suggest("--learning-rate", ["--lerning-rat"])).toBe("--lerning-rat"); // 2 edits
    expect(suggest("abcdefghijkl", ["abcdXXXXijkl"])).toBe("abcdXXXXijkl"); // 4 edits ≤ 12/3
    expect(suggest("abcdefghijkl", ["abcdXXXXXjkl"])).toBeUndefined(); // 5 edits
  });

  it("gives nothing for unrelated words or complete rewrites", () => {
    expect(suggest("x", ["y"])).toBeUndefined();
    expect(suggest("--color", ["--lr", "--method"])).toBeUndefined();
    expect(suggest("anything", [])).toBeUndefined();
  });
});

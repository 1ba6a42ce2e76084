import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, MAX_EDITS, suggest } from "../../src/text/suggest.js";

/** The textbook Wagner–Fischer distance, unbounded: the reference for the banded one. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

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

  it("allows a third of the length for long words, but never more than MAX_EDITS", () => {
    expect(MAX_EDITS).toBe(3);
    expect(suggest("learningrate", ["learning_rat"])).toBe("learning_rat"); // 2 edits
    expect(suggest("--learning-rate", ["--lerning-rat"])).toBe("--lerning-rat"); // 2 edits
    expect(suggest("abcdefghi", ["abcXXXghi"])).toBe("abcXXXghi"); // 3 edits ≤ 9/3
    expect(suggest("abcdefghijkl", ["abcdXXXXijkl"])).toBeUndefined(); // 4 edits > MAX_EDITS
  });

  it("gives nothing for unrelated words or complete rewrites", () => {
    expect(suggest("x", ["y"])).toBeUndefined();
    expect(suggest("--color", ["--lr", "--method"])).toBeUndefined();
    expect(suggest("anything", [])).toBeUndefined();
  });

  it("suggests between names of 200,000 characters (a bounded distance: stress test, was quadratic)", () => {
    const long = "a".repeat(200_000);
    const typo = `${long.slice(0, 100_000)}b${long.slice(100_001)}`;
    expect(suggest(typo, ["c".repeat(200_000), long])).toBe(long);
    expect(suggest(`${typo}bbbb`, [long])).toBeUndefined();
  });
});

describe("editDistance", () => {
  it("is the Levenshtein distance when that is within the bound, else bound + 1", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.nat(5), (a, b, bound) => {
        const full = levenshtein(a, b);
        expect(editDistance(a, b, bound)).toBe(full <= bound ? full : bound + 1);
      }),
      { numRuns: 3000 },
    );
  });
});

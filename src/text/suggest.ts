/**
 * "Did you mean …?" for names the user typed: flags, column names, parameters, functions. A leaf module with
 * no imports, so that every stage can offer a suggestion without depending on another stage. Input: the word
 * and the names that would have been accepted; output: the closest of them, or undefined when none is close
 * enough to be a plausible typo. Distances are bounded (at most MAX_EDITS), so a word of length n costs
 * O(n · MAX_EDITS) per candidate, however long the names are.
 */

/** The most edits a suggestion may be away from what was typed. */
export const MAX_EDITS = 3;

/**
 * The candidate nearest to `word` by edit distance, if it is close enough to be a typo: within 2 edits, or a
 * third of the word's length for longer words (at most {@link MAX_EDITS}), and never a complete rewrite. A
 * candidate that differs only in letter case wins outright; ties go to the earlier candidate.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(MAX_EDITS, Math.max(2, Math.floor(word.length / 3)));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate.length === word.length && candidate.toLowerCase() === lower) return candidate;
    const d = editDistance(word, candidate, bestDistance - 1);
    // `d < length` rejects "x" → "y": one edit, but nothing of what was typed survives.
    if (d < bestDistance && d < Math.max(word.length, candidate.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Insertions, deletions and substitutions turning `a` into `b` (Wagner–Fischer, one row of memory), or
 * `bound + 1` as soon as it is certain to exceed `bound`. Only the diagonal band |i - j| ≤ bound can hold a
 * distance within the bound (Ukkonen's cut-off), so the cost is O(|a| · bound).
 */
export function editDistance(a: string, b: string, bound: number): number {
  const over = bound + 1;
  if (bound < 0) return over;
  if (Math.abs(a.length - b.length) > bound) return over;
  // row[j]: the distance between a[0, i) and b[0, j); cells outside the band count as `over`.
  const row = new Array<number>(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, bound); j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - bound);
    const to = Math.min(b.length, i + bound);
    let diagonal = row[from - 1]!;
    row[from - 1] = from - 1 === 0 && i <= bound ? i : over;
    let smallest = row[from - 1]!;
    for (let j = from; j <= to; j++) {
      const above = row[j]!;
      const d = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1), over);
      row[j] = d;
      diagonal = above;
      if (d < smallest) smallest = d;
    }
    if (smallest > bound) return over;
  }
  return Math.min(row[b.length]!, over);
}

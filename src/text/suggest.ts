/**
 * "Did you mean …?" for names the user typed: flags, column names, parameters, functions. A leaf module with
 * no imports, so that every stage can offer a suggestion without depending on another stage. Input: the word
 * and the names that would have been accepted; output: the closest of them, or undefined when none is close
 * enough to be a plausible typo.
 */

/**
 * The candidate nearest to `word` by edit distance, if it is close enough to be a typo: within 2 edits, or a
 * third of the word's length for longer words, and never a complete rewrite. A candidate that differs only in
 * letter case wins outright; ties go to the earlier candidate.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === word.toLowerCase()) return candidate;
    const d = levenshtein(word, candidate);
    // `d < length` rejects "x" → "y": one edit, but nothing of what was typed survives.
    if (d <= limit && d < Math.max(word.length, candidate.length) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Insertions, deletions and substitutions turning `a` into `b` (Wagner–Fischer, one row of memory). */
function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

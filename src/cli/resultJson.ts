/**
 * A fit's result as JSON, written in pieces: the text is exactly `JSON.stringify(result, null, 2)`, but the
 * history goes out a few thousand entries at a time, so millions of recorded iterates (`--every 1`) never
 * build one string longer than a JavaScript string may be.
 */

/** History entries per write. */
const ENTRIES_PER_WRITE = 2000;

/** A placeholder for the history in the JSON of everything else; no JSON text contains it unescaped. */
const HOLE = "\u0000history";

/** Writes `result` and a newline as indented JSON through `write`, the `history` array in pieces. */
export function writeResultJson(
  result: { readonly history?: readonly unknown[] | undefined },
  write: (text: string) => unknown,
): void {
  const history = result.history;
  if (history === undefined || history.length === 0) {
    write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const [before, after] = JSON.stringify({ ...result, history: HOLE }, null, 2).split(JSON.stringify(HOLE));
  // The history is a top-level field: its entries sit at depth 2 (4 spaces), their fields at depth 3.
  let chunk = `${before}[\n`;
  for (let i = 0; i < history.length; i++) {
    chunk += `    ${JSON.stringify(history[i], null, 2).replaceAll("\n", "\n    ")}`;
    chunk += i + 1 < history.length ? ",\n" : "\n  ]";
    if ((i + 1) % ENTRIES_PER_WRITE === 0) {
      write(chunk);
      chunk = "";
    }
  }
  write(`${chunk}${after}\n`);
}

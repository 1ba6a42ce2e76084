/**
 * A fit's result as JSON, written in pieces: the text is exactly `JSON.stringify(result, null, 2)`, except
 * that an array of numbers (a vector parameter, a row of a matrix) is written on one line, and the history
 * goes out a few thousand entries at a time, so millions of recorded iterates (`--every 1`) never build one
 * string longer than a JavaScript string may be.
 */

/** History entries per write. */
const ENTRIES_PER_WRITE = 2000;

/** A placeholder for the history in the JSON of everything else; no JSON text contains it unescaped. */
const HOLE = "\u0000history";

/** An array of numbers (or nulls) that JSON.stringify spread over lines; no JSON string holds a newline. */
const NUMBER_ARRAY = /\[\n\s*((?:-?\d[\d.eE+-]*|null)(?:,\n\s*(?:-?\d[\d.eE+-]*|null))*)\n\s*\]/g;

/** `JSON.stringify(value, null, 2)` with arrays of numbers on one line: `[1, 2, 3]`. */
function stringify(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    NUMBER_ARRAY,
    (_, items: string) => `[${items.split(/,\n\s*/).join(", ")}]`,
  );
}

/** Writes `result` and a newline as indented JSON through `write`, the `history` array in pieces. */
export function writeResultJson(
  result: { readonly history?: readonly unknown[] | undefined },
  write: (text: string) => unknown,
): void {
  const history = result.history;
  if (history === undefined || history.length === 0) {
    write(`${stringify(result)}\n`);
    return;
  }
  const [before, after] = stringify({ ...result, history: HOLE }).split(JSON.stringify(HOLE));
  // The history is a top-level field: its entries sit at depth 2 (4 spaces), their fields at depth 3.
  let chunk = `${before}[\n`;
  for (let i = 0; i < history.length; i++) {
    chunk += `    ${stringify(history[i]).replaceAll("\n", "\n    ")}`;
    chunk += i + 1 < history.length ? ",\n" : "\n  ]";
    if ((i + 1) % ENTRIES_PER_WRITE === 0) {
      write(chunk);
      chunk = "";
    }
  }
  write(`${chunk}${after}\n`);
}

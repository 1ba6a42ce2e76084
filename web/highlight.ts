/**
 * Colours for the formula editor: the text split into runs of numbers, names, function names (a name
 * before `(`), operators, brackets and comments, with the parser's error span marked. Output is HTML for the
 * layer under the transparent textarea, so it must keep every character where the textarea has it.
 */

/** Where the parser's error is: 1-based line and column, and its length. */
export interface Place {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

const TOKEN =
  /(#[^\n]*)|(\d*\.?\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)(?=\s*\()|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^=,])|([()[\]])/g;
const KINDS = ["comment", "number", "function", "name", "operator", "bracket"] as const;

/** HTML of `text` with a span per token kind and a `<mark>` over the error, if any. */
export function highlight(text: string, error?: Place): string {
  const kind = new Array<string>(text.length).fill("");
  for (const m of text.matchAll(TOKEN)) {
    const k = KINDS[m.slice(1).findIndex((g) => g !== undefined)]!;
    kind.fill(k, m.index, m.index + m[0].length);
  }
  const wrong = new Array<boolean>(text.length).fill(false);
  const start = error ? offsetOf(text, error.line, error.column) : -1;
  if (error) wrong.fill(true, start, Math.min(text.length, start + error.length));
  let html = "";
  let i = 0;
  while (i < text.length) {
    let j = i + 1;
    while (j < text.length && kind[j] === kind[i] && wrong[j] === wrong[i]) j++;
    const piece = escapeHtml(text.slice(i, j));
    const inner = kind[i] ? `<span class="tok-${kind[i]}">${piece}</span>` : piece;
    html += wrong[i] ? `<mark>${inner}</mark>` : inner;
    i = j;
  }
  // An error at the very end (a missing closing bracket) gets a visible marker after the text.
  if (start >= text.length) html += "<mark> </mark>";
  // A trailing newline needs a character after it, or the layer ends one line short of the textarea.
  return `${html}\n`;
}

/** The 0-based offset of a 1-based line and column. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + column - 1;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

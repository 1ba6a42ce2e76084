/**
 * How data messages quote what the user gave: in double quotes (JSON's escapes, so control characters show),
 * cut to a few dozen characters. A message quotes at most one cell or name, never a line of a file that was
 * not meant as data (`data u from "/etc/passwd"`), nor a megabyte of one.
 */

/** The longest text a message quotes, in characters, before cutting it with `…`. */
export const QUOTE_LENGTH = 24;

/** `text` in double quotes, cut to {@link QUOTE_LENGTH} characters with `…` when longer. */
export function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text);
}

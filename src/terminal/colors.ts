/**
 * ANSI styles for the CLI, and the decision whether to use them. Colour is on for a TTY unless the user said
 * otherwise: `--no-color`/`--color` first, then FORCE_COLOR, then NO_COLOR (https://no-color.org), then
 * TERM=dumb. Styles are plain SGR codes; with colour off every style returns its text unchanged.
 */

/** A text style: wraps its argument in escape codes, or returns it as is when colour is off. */
export type Style = (text: string) => string;

/** The styles the CLI uses. */
export interface Colors {
  readonly bold: Style;
  readonly dim: Style;
  readonly red: Style;
  readonly green: Style;
  readonly yellow: Style;
  readonly cyan: Style;
}

// SGR open/close pairs; closing with the specific code (22, 39) rather than 0 lets styles nest.
const CODES: Record<keyof Colors, readonly [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** The styles, as escape codes when `enabled`, else as identity functions. */
export function colors(enabled: boolean): Colors {
  const styles = Object.entries(CODES).map(([name, [open, close]]): [string, Style] => [
    name,
    enabled ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text,
  ]);
  return Object.fromEntries(styles) as unknown as Colors;
}

/**
 * Whether to colour output written to `stream`. `flag` is the CLI's `--color` (true) or `--no-color` (false),
 * undefined when neither was given; it wins over the environment. FORCE_COLOR turns colour on (unless it is
 * "0" or "false"), a non-empty NO_COLOR turns it off, and otherwise colour follows whether `stream` is a TTY.
 */
export function colorEnabled(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  flag?: boolean,
): boolean {
  if (flag !== undefined) return flag;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env["NO_COLOR"]) return false;
  return stream.isTTY === true && env["TERM"] !== "dumb";
}

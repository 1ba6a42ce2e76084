/**
 * Declared names that a formula does not use. A parameter declared but absent from the cost cannot be fitted
 * (it would come back at its start as if fitted), and a name to differentiate by that is absent has the
 * derivative 0, which says nothing. Every place that checks (diff's --params and --wrt, minimize's --params
 * and `params` option, a program's `param`) finds the name and words the error here, so they read alike.
 * A leaf module: every stage may use it.
 */

/** The most formula names an error lists; a huge formula's are cut with "…". */
const NAMES_SHOWN = 12;

/** The first of `declared` that is not among `names` (the formula's), or undefined when all are. */
export function absentName(declared: Iterable<string>, names: Iterable<string>): string | undefined {
  const present = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names);
  for (const name of declared) if (!present.has(name)) return name;
  return undefined;
}

/**
 * `--wrt names 'Q', which is not in the formula (its names: W, x, b, y)`: `what` names the declaration
 * (a flag, an option, a statement), and `formula` what it should be in.
 */
export function notInFormula(
  what: string,
  name: string,
  names: readonly string[],
  formula = "the formula",
): string {
  const shown = names.length > NAMES_SHOWN ? [...names.slice(0, NAMES_SHOWN), "…"] : names;
  return `${what} names '${name}', which is not in ${formula} (its names: ${shown.join(", ") || "none"})`;
}

/** {@link notInFormula} for a parameter, with why that is an error: nothing could fit it. */
export function parameterNotInFormula(
  what: string,
  name: string,
  names: readonly string[],
  formula = "the formula",
): string {
  return `${notInFormula(what, name, names, formula)}; nothing can fit a parameter the cost does not use, so leave it out or use it`;
}

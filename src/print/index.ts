/**
 * The printing stage: expression trees → formula text that parses back to the same tree, or LaTeX, with
 * optional naming of shared subexpressions.
 */
import { type Expr, likelyDataOf, type Shape, type ShapeEnv, shapes } from "../expr/index.js";
import { aliasLatex, firstLevels, perRowTest, printLatex, type ShapeOf } from "./latex.js";
import { shareSubexpressions } from "./share.js";
import { printText } from "./text.js";

export { type Shared, shareSubexpressions } from "./share.js";

/** Options of `format`. */
export interface FormatOptions {
  /** `text` (default): a formula of the language; `latex`: LaTeX math. */
  readonly style?: "text" | "latex";
  /** Name repeated subexpressions (`t1 = exp(sin(x))`) and print the results in terms of them. */
  readonly share?: boolean;
  /**
   * Names of data columns, for LaTeX (written `x^{(i)}` inside a reduction). When left out, `x`, `y` and
   * names such as `x1`, `x_2` are taken as data.
   */
  readonly data?: Iterable<string>;
  /**
   * The shapes of the names, for LaTeX of vectors and matrices: an entrywise product of two of them is
   * `\odot`, and a sum or mean over more than the data rows is written as an operator.
   */
  readonly shapes?: ShapeEnv;
}

/**
 * Prints an expression, or several (one a line), as text or LaTeX.
 * With `share`, repeated subexpressions are printed once, as `t1 = …` lines (LaTeX: `t_{1} = …`) first;
 * only definitions that a printed line uses are kept.
 */
export function format(e: Expr | readonly Expr[], options: FormatOptions = {}): string {
  const roots: readonly Expr[] = Array.isArray(e) ? e : [e as Expr];
  const latex = options.style === "latex";
  const data = latex ? new Set(options.data ?? likelyDataOf(roots)) : new Set<string>();
  const shapeOf = latex && options.shapes ? knownShapes(options.shapes) : undefined;
  if (!options.share)
    return roots.map((r) => (latex ? printLatex(r, data, undefined, 0, shapeOf) : printText(r))).join("\n");
  const { definitions, names } = shareSubexpressions(roots);
  const depths = latex ? firstLevels(roots) : new Map<Expr, number>();
  const perRow = perRowTest(data);
  /** Prints `x` with every shared name but `own`, recording the names it uses. */
  const print = (x: Expr, own?: Expr) => {
    const used = new Set<string>();
    const aliases = {
      get(node: Expr) {
        const name = node === own ? undefined : names.get(node);
        if (name !== undefined) used.add(name);
        return name;
      },
      has: (node: Expr) => node !== own && names.has(node),
    };
    const text = latex ? printLatex(x, data, aliases, depths.get(x) ?? 0, shapeOf) : printText(x, aliases);
    return { text, used };
  };
  const defined = definitions.map(([name, def]) => ({ name, def, ...print(def, def) }));
  const lines = roots.map((r) => print(r));
  // keep the definitions reachable from the printed roots (a name can be printed around, as in `x - t1`)
  const needed = new Set(lines.flatMap((l) => [...l.used]));
  for (let k = defined.length - 1; k >= 0; k--)
    if (needed.has(defined[k]!.name)) for (const n of defined[k]!.used) needed.add(n);
  const head = defined
    .filter((d) => needed.has(d.name))
    .map((d) => {
      const name = latex ? aliasLatex(d.name, depths.get(d.def) ?? 0, perRow(d.def)) : d.name;
      return `${name} = ${d.text}`;
    });
  return [...head, ...lines.map((l) => l.text)].join("\n");
}

/** The shape of each expression under `env`, or undefined where it has none (a shape mistake). */
function knownShapes(env: ShapeEnv): ShapeOf {
  const memo = new Map<Expr, Shape>();
  return (e) => {
    try {
      return shapes([e], env, memo)(e);
    } catch {
      return undefined;
    }
  };
}

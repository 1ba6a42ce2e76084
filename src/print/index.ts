/**
 * The printing stage: expression trees → formula text that parses back to the same tree, or LaTeX, with
 * optional naming of shared subexpressions.
 */
import { type Expr, likelyData } from "../expr/index.js";
import { printLatex } from "./latex.js";
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
}

/**
 * Prints an expression, or several (one a line), as text or LaTeX.
 * With `share`, repeated subexpressions are printed once, as `t1 = …` lines (LaTeX: `t_{1} = …`) first.
 */
export function format(e: Expr | readonly Expr[], options: FormatOptions = {}): string {
  const roots: readonly Expr[] = Array.isArray(e) ? e : [e as Expr];
  const latex = options.style === "latex";
  const shared = options.share ? shareSubexpressions(roots) : undefined;
  const data = latex ? new Set(options.data ?? likelyData(...roots)) : new Set<string>();
  const print = (x: Expr, names?: ReadonlyMap<Expr, string>) =>
    latex ? printLatex(x, data, names) : printText(x, names);
  const lines: string[] = [];
  for (const [name, def] of shared?.definitions ?? []) {
    const others = new Map(shared!.names);
    others.delete(def);
    lines.push(`${latex ? name.replace(/^t(\d+)$/, "t_{$1}") : name} = ${print(def, others)}`);
  }
  for (const r of roots) lines.push(print(r, shared?.names));
  return lines.join("\n");
}

/**
 * `symgrad format <formula> [--latex]`: prints the formula as symgrad reads it (normalized text that parses
 * back to the same tree), or as LaTeX.
 */
import { format } from "../print/index.js";
import { parse } from "../syntax/index.js";
import { type Command, nameList, parseFlags } from "./args.js";
import type { IO } from "./io.js";

export const formatCommand: Command = {
  name: "format",
  usage: "symgrad format <formula> [--latex] [--data x,y]",
  summary:
    "Print a formula as symgrad reads it: normalized text that parses back to the same tree, or LaTeX.",
  flags: {
    latex: { type: "boolean", help: "print LaTeX instead of text" },
    data: {
      type: "string",
      value: "x,y",
      help: "names of data columns, written x^{(i)} in LaTeX (default: x, y, x1, …)",
    },
  },
  examples: ['symgrad format "mean((W*x+b - y)^2)"', 'symgrad format "mean((W*x+b - y)^2)" --latex'],
};

export function runFormat(argv: readonly string[], io: IO): number {
  const { values, positionals } = parseFlags(formatCommand, argv);
  const source = positionals.join(" ");
  const data = nameList(values["data"] as string | undefined);
  const expr = parse(source);
  io.stdout.write(
    `${format(expr, { style: values["latex"] ? "latex" : "text", ...(data ? { data } : {}) })}\n`,
  );
  return 0;
}

/**
 * `symgrad format <formula | file.sg> [--latex]`: prints the formula as symgrad reads it (normalized text
 * that parses back to the same tree), or as LaTeX; for a program, the cost of its `minimize` with its
 * definitions substituted, its data columns written as data.
 */
import type { Expr } from "../expr/index.js";
import { format } from "../print/index.js";
import { parse, parseProgram } from "../syntax/index.js";
import { type Command, nameList, parseFlags, UsageError } from "./args.js";
import type { IO } from "./io.js";
import { isProgramFile, readProgramSource } from "./programFile.js";

export const formatCommand: Command = {
  name: "format",
  usage: "symgrad format <formula | file.sg> [--latex] [--data x,y]",
  summary:
    "Print a formula as symgrad reads it: normalized text that parses back to the same tree, or LaTeX.\n" +
    "For a program file, the cost it minimizes, with its definitions written out.",
  flags: {
    latex: { type: "boolean", help: "print LaTeX instead of text" },
    data: {
      type: "string",
      value: "x,y",
      help: "names of data columns, written x^{(i)} in LaTeX (default: x, y, x1, …)",
    },
  },
  examples: [
    'symgrad format "mean((W*x+b - y)^2)"',
    'symgrad format "mean((W*x+b - y)^2)" --latex',
    "symgrad format examples/seed.sg",
  ],
};

export async function runFormat(argv: readonly string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(formatCommand, argv);
  const source = positionals.join(" ");
  let data = nameList(values["data"] as string | undefined);
  let expr: Expr;
  if (isProgramFile(source)) {
    if (data) throw new UsageError("a program file declares its own data; --data is for formulas");
    const program = parseProgram(await readProgramSource(source, io), source.trim());
    expr = program.cost;
    data = program.data.flatMap((d) => d.names);
  } else expr = parse(source);
  io.stdout.write(
    `${format(expr, { style: values["latex"] ? "latex" : "text", ...(data ? { data } : {}) })}\n`,
  );
  return 0;
}

/**
 * `symgrad diff <formula> [--wrt W,b] [--hessian] [--latex | --json] [--share]`: the gradient (and Hessian)
 * of a formula, one line per parameter (`d/dW = …`), as LaTeX, or as JSON whose strings are formulas of the
 * language.
 */
import { gradient, hessian, parameters } from "../diff/index.js";
import { type Expr, likelyData } from "../expr/index.js";
import { format } from "../print/index.js";
import { parse } from "../syntax/index.js";
import { type Command, nameList, parseFlags, UsageError } from "./args.js";
import type { IO } from "./io.js";

export const diffCommand: Command = {
  name: "diff",
  usage: "symgrad diff <formula> [--wrt W,b] [--hessian] [--latex | --json] [--share] [--data x,y]",
  summary:
    "Differentiate a formula symbolically with respect to its parameters. Without --wrt, every name that is not\n" +
    "data is a parameter; without --data, x, y (and x1, y_2, …) inside sum(…) or mean(…) are data columns.",
  flags: {
    wrt: { type: "string", value: "W,b", help: "the parameters to differentiate by, in this order" },
    hessian: { type: "boolean", help: "also print the second derivatives" },
    latex: { type: "boolean", help: "print LaTeX" },
    json: { type: "boolean", help: 'print {"formula", "gradient", "hessian"} as JSON' },
    share: { type: "boolean", help: "name repeated subexpressions (t1 = …) and print in terms of them" },
    data: { type: "string", value: "x,y", help: "names of data columns (constants for differentiation)" },
  },
  examples: [
    'symgrad diff "mean((W*x+b - y)^2)" --wrt W,b',
    'symgrad diff "(1 - a)^2 + 100*(b - a^2)^2" --hessian',
    'symgrad diff "mean(log(1 + exp(-y*(w*x + b))))" --latex',
  ],
};

export function runDiff(argv: readonly string[], io: IO): number {
  const { values, positionals } = parseFlags(diffCommand, argv);
  if (values["latex"] && values["json"]) throw new UsageError("choose one of --latex and --json");
  const expr = parse(positionals.join(" "));
  const dataFlag = nameList(values["data"] as string | undefined);
  const data = dataFlag ?? likelyData(expr);
  const wrt = nameList(values["wrt"] as string | undefined) ?? parameters(expr, { data });
  const dataSet = new Set(data);
  const clash = wrt.find((w) => dataSet.has(w));
  if (clash)
    throw new UsageError(`'${clash}' is a data column; it cannot be a parameter to differentiate by`);
  const grad = gradient(expr, wrt);
  const hess = values["hessian"] ? hessian(expr, wrt) : undefined;
  const text = (e: Expr) => format(e);
  if (values["json"]) {
    const result: Record<string, unknown> = {
      formula: text(expr),
      gradient: Object.fromEntries(wrt.map((w, i) => [w, text(grad[i]!)])),
    };
    if (hess)
      result["hessian"] = Object.fromEntries(
        wrt.map((w, i) => [w, Object.fromEntries(wrt.map((v, j) => [v, text(hess[i]![j]!)]))]),
      );
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const latex = Boolean(values["latex"]);
  const labels: string[] = [];
  const roots: Expr[] = [];
  wrt.forEach((w, i) => {
    labels.push(latex ? `\\frac{\\partial f}{\\partial ${w}}` : `d/d${w}`);
    roots.push(grad[i]!);
  });
  if (hess) {
    wrt.forEach((w, i) => {
      for (let j = i; j < wrt.length; j++) {
        const v = wrt[j]!;
        labels.push(
          latex
            ? `\\frac{\\partial^2 f}{\\partial ${w} \\partial ${v}}`
            : i === j
              ? `d2/d${w}2`
              : `d2/d${w} d${v}`,
        );
        roots.push(hess[i]![j]!);
      }
    });
  }
  const printed = format(roots, {
    style: latex ? "latex" : "text",
    share: Boolean(values["share"]),
    data,
  }).split("\n");
  const shared = printed.slice(0, printed.length - roots.length);
  const lines = [...shared, ...roots.map((_, k) => `${labels[k]} = ${printed[shared.length + k]}`)];
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/**
 * `symgrad diff <formula | file.sg> [--wrt W,b] [--hessian] [--latex | --json] [--share]`: the gradient (and
 * Hessian) of a formula, or of a program's `minimize`, one line per parameter (`d/dW = …`), as LaTeX, or as
 * JSON whose strings are formulas of the language. Which names are data is never silent: a program declares
 * them, --data names them, and a guess is reported on stderr.
 */
import { gradient, hessian, parameters } from "../diff/index.js";
import { type Expr, freeSymbols, likelyData, type ShapeEnv } from "../expr/index.js";
import { format } from "../print/index.js";
import { guessShapes, parse, parseProgram, shapesOf } from "../syntax/index.js";
import { type Command, nameList, type Parsed, parseFlags, UsageError } from "./args.js";
import type { IO } from "./io.js";
import { isProgramFile, readProgramSource } from "./programFile.js";

export const diffCommand: Command = {
  name: "diff",
  usage: "symgrad diff <formula | file.sg> [--wrt W,b] [--hessian] [--latex | --json] [--share] [--data x,y]",
  summary:
    "Differentiate a formula, or a program's minimize, symbolically with respect to its parameters. Without\n" +
    "--wrt, every name that is not data is a parameter; without --data, x, y (and x1, y_2, …) inside sum(…) or\n" +
    "mean(…) are data columns, and stderr says so. A program's declarations decide both.",
  flags: {
    wrt: {
      type: "string",
      value: "W,b",
      help: "the parameters to differentiate by, in this order (default: every name that is not data)",
    },
    hessian: { type: "boolean", help: "also print the second derivatives" },
    latex: { type: "boolean", help: "print LaTeX" },
    json: { type: "boolean", help: 'print {"formula", "gradient", "hessian"} as JSON' },
    share: { type: "boolean", help: "name repeated subexpressions (t1 = …) and print in terms of them" },
    data: {
      type: "string",
      value: "x,y",
      help: "names of data columns, constants for differentiation (default: x, y, x1, y_2, … inside sum/mean)",
    },
  },
  examples: [
    'symgrad diff "mean((W*x+b - y)^2)" --wrt W,b',
    'symgrad diff "(1 - a)^2 + 100*(b - a^2)^2" --hessian',
    'symgrad diff "mean(log(1 + exp(-y*(w*x + b))))" --latex',
    "symgrad diff examples/seed.sg",
  ],
};

/** What to differentiate: the cost, its data names, and its parameters unless --wrt says. */
interface Target {
  readonly expr: Expr;
  readonly data: readonly string[];
  readonly params: readonly string[];
  /** True when the data names were guessed (a formula without --data). */
  readonly guessed: boolean;
  /** The shape of each name: declared by a program, else guessed from the formula (`X@w`: X a matrix). */
  readonly shapes: ShapeEnv;
}

/** The formula or program named by the arguments, with its data and parameters. */
async function diffTarget(values: Parsed["values"], target: string, io: IO): Promise<Target> {
  const dataFlag = nameList(values["data"] as string | undefined);
  if (isProgramFile(target)) {
    if (dataFlag) throw new UsageError("a program file declares its own data; --data is for formulas");
    const program = parseProgram(await readProgramSource(target, io), target.trim());
    const data = program.data.flatMap((d) => d.names);
    const params = program.params.map((p) => p.name);
    return { expr: program.cost, data, params, guessed: false, shapes: shapesOf(program) };
  }
  const expr = parse(target);
  // A guess never overrules --wrt: a name to differentiate by is a parameter.
  const wrt = new Set(nameList(values["wrt"] as string | undefined));
  const data = dataFlag ?? likelyData(expr).filter((name) => !wrt.has(name));
  // parsed again with the shapes guessed for these data, so that a shape mistake is shown at its operator
  const shapes = guessShapes(expr, data);
  parse(target, { shapes });
  return { expr, data, params: parameters(expr, { data }), guessed: dataFlag === undefined, shapes };
}

export async function runDiff(argv: readonly string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(diffCommand, argv);
  if (values["latex"] && values["json"]) throw new UsageError("choose one of --latex and --json");
  const { expr, data, params, guessed, shapes } = await diffTarget(values, positionals.join(" "), io);
  const wrt = nameList(values["wrt"] as string | undefined) ?? [...params];
  const dataSet = new Set(data);
  const clash = wrt.find((w) => dataSet.has(w));
  if (clash)
    throw new UsageError(`'${clash}' is a data column; it cannot be a parameter to differentiate by`);
  const names = freeSymbols(expr);
  const present = new Set(names);
  const absent = wrt.find((w) => !present.has(w));
  if (absent !== undefined)
    throw new UsageError(
      `--wrt names '${absent}', which is not in the formula (its names: ${names.join(", ") || "none"})`,
    );
  // Without --wrt, a guess at which names are data decides what is differentiated; say it, after the result.
  const note =
    guessed && data.length > 0 && values["wrt"] === undefined
      ? `note: took ${data.join(", ")} as data and ${wrt.join(", ") || "nothing"} as parameters; choose with --data and --wrt\n`
      : "";
  const grad = gradient(expr, wrt, { data, shapes });
  const hess = values["hessian"] ? hessian(expr, wrt, { data, shapes }) : undefined;
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
    io.stderr.write(note);
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
  io.stderr.write(note);
  return 0;
}

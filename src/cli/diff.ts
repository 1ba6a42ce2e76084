/**
 * `symgrad diff <formula | file.sg> [--wrt W,b] [--hessian] [--latex | --json] [--share]`: the gradient (and
 * Hessian) of a formula, or of a program's `minimize`, one line per parameter (`d/dW = …`), as LaTeX, or as
 * JSON whose strings are formulas of the language. Which names are data, and the shapes of the parameters,
 * are never silent: a program declares them, --data and --params (`W[4,3],b[3]`) name them, and a guess is
 * reported on stderr.
 */
import { gradient, hessian, parameters } from "../diff/index.js";
import { type Expr, freeSymbols, likelyData, type ShapeEnv } from "../expr/index.js";
import { format } from "../print/index.js";
import {
  type DeclareShape,
  guessShapes,
  parse,
  parseProgram,
  shapesOf,
  withShapeAdvice,
} from "../syntax/index.js";
import { absentName, notInFormula } from "../text/absentName.js";
import { type Command, nameList, type Parsed, parseFlags, UsageError } from "./args.js";
import type { IO } from "./io.js";
import { isProgramFile, readProgramSource } from "./programFile.js";
import { type Declared, declarations } from "./shapedFlags.js";

export const diffCommand: Command = {
  name: "diff",
  usage:
    'symgrad diff <formula | file.sg> [--wrt W,b] [--params "W[4,3],b[3]"] [--hessian] [--latex | --json] [--share] [--data x,y]',
  summary:
    "Differentiate a formula, or a program's minimize, symbolically with respect to its parameters. Without\n" +
    "--wrt, every name that is not data is a parameter; without --data, x, y (and x1, y_2, …) inside sum(…) or\n" +
    "mean(…) are data columns (X, Y capitals: matrices of data rows), and a parameter next to @ or ' is a vector\n" +
    "(W, a capital: a matrix), and stderr says so. --params declares the parameters and their shapes as a\n" +
    "program's param statement does (W[4,3] a matrix, b[3] a vector, c a number); every other name is then data.\n" +
    "A program's declarations decide both.",
  flags: {
    wrt: {
      type: "string",
      value: "W,b",
      help: "the parameters to differentiate by, in this order (default: every name that is not data)",
    },
    params: {
      type: "string",
      value: '"W[4,3],b[3],c"',
      help: "the parameters with their shapes (no brackets: a number); the other names are data (default: guessed, see above)",
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
    'symgrad diff "mean(logsumexp(X@W + b, 1) - sum(Y*(X@W + b), 1))" --params "W[4,3],b[3]"',
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
  /** True when the parameters' shapes are declared (a program, or --params), not guessed. */
  readonly declared: boolean;
}

/** The formula or program named by the arguments, with its data and parameters. */
async function diffTarget(values: Parsed["values"], target: string, io: IO): Promise<Target> {
  const dataFlag = nameList(values["data"] as string | undefined);
  const paramsFlag = values["params"] as string | undefined;
  if (isProgramFile(target)) {
    if (dataFlag || paramsFlag !== undefined)
      throw new UsageError(
        "a program file declares its own data and parameters; --data and --params are for formulas",
      );
    const program = parseProgram(await readProgramSource(target, io), target.trim());
    const data = program.data.flatMap((d) => d.names);
    const params = program.params.map((p) => p.name);
    return { expr: program.cost, data, params, guessed: false, shapes: shapesOf(program), declared: true };
  }
  const expr = parse(target);
  if (paramsFlag !== undefined)
    return declaredTarget(target, expr, declarations(paramsFlag, "params"), dataFlag);
  // A guess never overrules --wrt: a name to differentiate by is a parameter.
  const wrt = new Set(nameList(values["wrt"] as string | undefined));
  const data = dataFlag ?? likelyData(expr).filter((name) => !wrt.has(name));
  // parsed again with the shapes guessed for these data, so that a shape mistake is shown at its operator
  const shapes = guessShapes(expr, data);
  parse(target, { shapes });
  const params = parameters(expr, { data });
  return { expr, data, params, guessed: dataFlag === undefined, shapes, declared: false };
}

/**
 * A formula with --params: those are its parameters, with the shapes declared (a name without one is a
 * number), and every other name is data (a capital one a matrix of rows), unless --data lists them.
 */
function declaredTarget(
  target: string,
  expr: Expr,
  declared: readonly Declared[],
  dataFlag: readonly string[] | undefined,
): Target {
  const params = declared.map((d) => d.name);
  const isParam = new Set(params);
  const names = freeSymbols(expr);
  const data = dataFlag ?? names.filter((name) => !isParam.has(name));
  const both = data.find((name) => isParam.has(name));
  if (both !== undefined) throw new UsageError(`'${both}' is in both --data and --params`);
  const absent = absentName(params, names);
  if (absent !== undefined) throw new UsageError(notInFormula("--params", absent, names));
  const isData = new Set(data);
  const unbound = names.find((name) => !isData.has(name) && !isParam.has(name));
  if (unbound !== undefined)
    throw new UsageError(`'${unbound}' is in the formula but in neither --data nor --params`);
  const shapeOf = new Map(declared.map((d) => [d.name, d.shape] as const));
  const guessed = guessShapes(expr, data);
  // a parameter listed without a shape is a number, left undeclared, so that a shape mistake at `@` names
  // the --params that fits (as `symgrad minimize` does)
  const shapes: ShapeEnv = (name) => (isParam.has(name) ? shapeOf.get(name) : guessed(name));
  const declare: DeclareShape = (name, sizes) => {
    const listed = params.map((p) => (p === name ? `${p}[${sizes}]` : declaredAs(p, shapeOf.get(p))));
    return `--params "${listed.join(",")}"`;
  };
  try {
    parse(target, { shapes });
  } catch (error) {
    throw withShapeAdvice(error, declare);
  }
  return { expr, data, params, guessed: false, shapes, declared: true };
}

/** `name` as --params lists it: `w[3]`, or `b` for a number. */
const declaredAs = (name: string, shape: readonly number[] | undefined) =>
  shape === undefined ? name : `${name}[${shape.join(",")}]`;

/**
 * What stderr says about a guess: which names were taken for data (without --data, --wrt or --params), and
 * which parameters for vectors and matrices of sizes the formula decides (without --params), with how to
 * declare them.
 */
function guessNote(target: Target, wrt: readonly string[], wrtGiven: boolean): string {
  const dataPart =
    target.guessed && target.data.length > 0 && !wrtGiven
      ? `took ${target.data.join(", ")} as data and ${wrt.join(", ") || "nothing"} as parameters`
      : undefined;
  const shaped = target.declared ? [] : target.params.filter((p) => (target.shapes(p) ?? []).length > 0);
  if (shaped.length === 0) return dataPart ? `note: ${dataPart}; choose with --data and --wrt\n` : "";
  const kind = (p: string) =>
    `${p}${dataPart ? "" : " for"} a ${target.shapes(p)!.length === 1 ? "vector of any length" : "matrix of any size"}`;
  const example = target.params
    .map((p) => {
      const rank = (target.shapes(p) ?? []).length;
      return rank === 0 ? p : rank === 1 ? `${p}[3]` : `${p}[4,3]`;
    })
    .join(",");
  const shapesPart = `declare shapes with --params, as in --params "${example}"`;
  return dataPart
    ? `note: ${dataPart}, ${shaped.map(kind).join(", ")}; choose with --data and --wrt, and ${shapesPart}\n`
    : `note: took ${shaped.map(kind).join(", ")}; ${shapesPart}\n`;
}

export async function runDiff(argv: readonly string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(diffCommand, argv);
  if (values["latex"] && values["json"]) throw new UsageError("choose one of --latex and --json");
  const target = await diffTarget(values, positionals.join(" "), io);
  const { expr, data, params, shapes } = target;
  const wrt = nameList(values["wrt"] as string | undefined) ?? [...params];
  const dataSet = new Set(data);
  const clash = wrt.find((w) => dataSet.has(w));
  if (clash)
    throw new UsageError(`'${clash}' is a data column; it cannot be a parameter to differentiate by`);
  const names = freeSymbols(expr);
  const absent = absentName(wrt, names);
  if (absent !== undefined) throw new UsageError(notInFormula("--wrt", absent, names));
  // Without --wrt, a guess at which names are data decides what is differentiated; say it, after the result.
  const note = guessNote(target, wrt, values["wrt"] !== undefined);
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

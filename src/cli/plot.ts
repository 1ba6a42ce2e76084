/**
 * `symgrad plot <formula | file.sg> --out FILE`: draws a formula as SVG or PNG — the cost over a minimize
 * run (`--kind cost`), the cost along one parameter with the optimizer's steps and a tangent (`landscape`),
 * over two parameters with the optimizer's path (`contour`), or the data with the fitted model (`fit`).
 * Data, starting values and optimizer flags are those of `symgrad minimize`; a program file brings its own.
 */
import { dirname, resolve } from "node:path";
import { readNumber } from "../data/index.js";
import { parameters } from "../diff/index.js";
import { type Expr, freeSymbols } from "../expr/index.js";
import { type MinimizeResult, minimize, programData } from "../minimize/index.js";
import { paddedRange } from "../plot/index.js";
import { format } from "../print/index.js";
import { parse, parseProgram } from "../syntax/index.js";
import { byName } from "../text/byName.js";
import {
  assignments,
  type Command,
  countFlag,
  nameList,
  numberFlag,
  type Parsed,
  parseFlags,
  UsageError,
} from "./args.js";
import { DATA_FLAGS, dataFlags, FIT_FLAGS, fitFlagOptions } from "./fitFlags.js";
import { checkWritable, type IO, writeOutputFile } from "./io.js";
import { readProgramSource } from "./programFile.js";

const KINDS = ["cost", "landscape", "contour", "fit"] as const;
type Kind = (typeof KINDS)[number];

const OPTIMIZER_FLAGS = [
  "method",
  "lr",
  "epochs",
  "max-iter",
  "tol",
  "cost-tol",
  "batch-size",
  "seed",
] as const;

export const plotCommand: Command = {
  name: "plot",
  usage: "symgrad plot <formula | file.sg> --out FILE(.svg|.png) [--kind cost|landscape|contour|fit] [flags]",
  summary: [
    "Draw a formula: its cost over a minimize run (cost), along one parameter with the optimizer's steps and a",
    "tangent (landscape), over two parameters with the optimizer's path (contour), or the data with the fitted",
    "model (fit). The kind defaults from the flags: --model → fit, --params → contour, --param → landscape.",
  ].join("\n"),
  flags: {
    out: {
      type: "string",
      value: "FILE",
      help: "write the plot to FILE: .svg, or .png (rendered with resvg); required",
    },
    kind: {
      type: "string",
      value: "KIND",
      help: `what to draw: ${KINDS.join(", ")} (default: from the flags, as above)`,
    },
    ...DATA_FLAGS,
    init: { type: "string", value: "W=0,b=0", help: "starting values of the optimizer (default 0)" },
    param: {
      type: "string",
      value: "NAME",
      help: "landscape: the parameter on the x axis (default: the only one)",
    },
    range: {
      type: "string",
      value: "FROM,TO",
      help: "landscape: its range, e.g. -5,7 (default: around the start and the steps)",
    },
    points: { type: "string", value: "N", help: "landscape, fit: samples of the curve (default 201, 101)" },
    params: {
      type: "string",
      value: "A,B",
      help: "contour: the parameters on the x and y axes (default: the only two)",
    },
    ranges: {
      type: "string",
      value: "A0,A1,B0,B1",
      help: "contour: their ranges, e.g. -1,3,-2,2 (default: around the start and the path)",
    },
    grid: { type: "string", value: "N", help: "contour: grid points per axis (default 61)" },
    fixed: {
      type: "string",
      value: "b=0",
      help: "landscape, contour: values of the parameters not plotted (default: their --init values)",
    },
    tangent: {
      type: "string",
      value: "W=3",
      help: "landscape: draw the tangent at this value of the parameter (default: none)",
    },
    path: {
      type: "boolean",
      help: "landscape, contour: run the optimizer and draw its steps (implied by any optimizer flag)",
    },
    model: {
      type: "string",
      value: "FORMULA",
      help: 'fit: the model, e.g. "W*x + b", drawn at the fitted parameters (a program\'s definition by name; default: its only one)',
    },
    input: {
      type: "string",
      value: "COLUMN",
      help: "fit: the model's input column (default: the one it reads)",
    },
    output: {
      type: "string",
      value: "COLUMN",
      help: "fit: the column it predicts (default: the one data column the model does not read)",
    },
    title: { type: "string", value: "TEXT", help: "the title (default: the formula)" },
    width: { type: "string", value: "PIXELS", help: "width of a PNG (default: the SVG's own size)" },
    ...Object.fromEntries(OPTIMIZER_FLAGS.map((name) => [name, FIT_FLAGS[name]!])),
  },
  examples: [
    'symgrad plot "mean((W*x + b - y)^2)" --data x=1,2,3 --data y=1,2,3 --lr 0.01 --epochs 2000 --out cost.svg',
    'symgrad plot "mean((W*x - y)^2)" --data x=1,2,3 --data y=1,2,3 --param W --range -5,7 --tangent W=3 --out w.svg',
    'symgrad plot "sum((W*x - y)^2)/2" --data x=1,2,3 --data y=1,2,3 --param W --range -5,7 --init W=3 --lr 0.05 --epochs 10 --out steps.png --width 960',
    'symgrad plot "mean((W*x + b - y)^2)" --csv points.csv --params W,b --ranges -1,3,-2,2 --lr 0.01 --epochs 2000 --out path.svg',
    'symgrad plot "mean((W*x + b - y)^2)" --data x=1,2,3 --data y=1,2,3 --model "W*x + b" --out fit.svg',
    "symgrad plot examples/seed.sg --kind contour --params W,b --lr 0.01 --epochs 2000 --out contour.svg",
  ],
};

/** The cost and everything it is evaluated with. */
interface Problem {
  readonly cost: Expr;
  readonly data: Record<string, Float64Array>;
  readonly params: readonly string[];
  readonly init: Record<string, number>;
  /** A program's definitions (`h = W*x + b`), by name. */
  readonly definitions: ReadonlyMap<string, Expr>;
}

/** `symgrad plot`. */
export async function runPlot(argv: readonly string[], io: IO): Promise<number> {
  const parsed = parseFlags(plotCommand, argv);
  const { values } = parsed;
  const target = parsed.positionals.join(" ").trim();
  if (target === "") throw new UsageError("give a formula or a program file to plot");
  const out = values["out"] as string | undefined;
  if (out === undefined) throw new UsageError("give the file to write with --out, e.g. --out plot.svg");
  const png = /\.png$/i.test(out);
  if (!png && !/\.svg$/i.test(out)) throw new UsageError(`--out must name a .svg or .png file, not '${out}'`);
  const width = countFlag(values, "width");
  if (width !== undefined && (!png || width === 0))
    throw new UsageError(png ? "--width must be at least 1" : "--width is for PNG output (--out FILE.png)");
  const kind = plotKind(values);
  await checkWritable(out, io, "--out");
  const problem = await loadProblem(target, values, io);
  const wantsRun =
    kind === "cost" ||
    kind === "fit" ||
    Boolean(values["path"]) ||
    OPTIMIZER_FLAGS.some((f) => values[f] !== undefined);
  let interrupted = false;
  const run = wantsRun
    ? minimize(problem.cost, {
        ...fitFlagOptions(values),
        data: problem.data,
        init: problem.init,
        params: problem.params,
        // Ctrl-C ends the run where it is, and the plot shows it so far; a closed stdout changes nothing
        onIteration: () => !(interrupted ||= io.stopRequested?.() === "interrupt"),
      })
    : undefined;
  const title = values["title"] as string | undefined;
  const svg = await draw(kind, problem, run, values, title);
  if (png) {
    const { svgToPng } = await import("../plot/index.js");
    await writeOutputFile(out, await svgToPng(svg, width), io);
  } else await writeOutputFile(out, svg, io);
  const where = interrupted ? `, the run interrupted (Ctrl-C) at iteration ${run!.iterations}` : "";
  io.stdout.write(`wrote ${out} (${kind}${where})\n`);
  return interrupted ? 130 : 0;
}

function plotKind(values: Parsed["values"]): Kind {
  const kind = values["kind"] as string | undefined;
  if (kind !== undefined) {
    if (!(KINDS as readonly string[]).includes(kind))
      throw new UsageError(`unknown kind '${kind}'; choose one of ${KINDS.join(", ")}`);
    return kind as Kind;
  }
  if (values["model"] !== undefined) return "fit";
  if (values["params"] !== undefined || values["ranges"] !== undefined) return "contour";
  if (["param", "range", "tangent"].some((f) => values[f] !== undefined)) return "landscape";
  return "cost";
}

/** The cost, data and starting values from a program file, or from the formula and the flags. */
async function loadProblem(target: string, values: Parsed["values"], io: IO): Promise<Problem> {
  if (/\.sg$/.test(target)) {
    if (values["data"] || values["csv"] || values["init"])
      throw new UsageError(
        "a program file declares its own data and parameters; --data, --csv and --init are for formulas",
      );
    const file = resolve(io.cwd, target);
    const program = parseProgram(await readProgramSource(target, io), target);
    const data = await programData(program, dirname(file));
    // plots draw scalar parameters over data columns
    if (Object.values(data).some((v) => !(v instanceof Float64Array)))
      throw new UsageError("plots of programs with data matrices are not supported yet");
    return {
      cost: program.cost,
      data: data as Record<string, Float64Array>,
      params: program.params.map((p) => p.name),
      init: byName(program.params.map((p) => [p.name, p.init])),
      definitions: program.definitions,
    };
  }
  const model = values["model"] as string | undefined;
  const data = await dataFlags(
    values,
    () => [...freeSymbols(parse(target)), ...(model === undefined ? [] : freeSymbols(parse(model)))],
    io,
  );
  const cost = parse(target, { data: Object.keys(data) });
  const params = parameters(cost, { data: Object.keys(data) });
  const init = byName(assignments((values["init"] as string | undefined) ?? "", "init"));
  for (const name of Object.keys(init)) checkParam(name, params, "--init");
  return { cost, data, params, init, definitions: new Map() };
}

async function draw(
  kind: Kind,
  problem: Problem,
  run: MinimizeResult | undefined,
  values: Parsed["values"],
  title: string | undefined,
): Promise<string> {
  const plot = await import("../plot/index.js");
  const { cost, data, params } = problem;
  const titled = title === undefined ? {} : { title };
  const points = countFlag(values, "points");
  try {
    switch (kind) {
      case "cost":
        return await plot.plotCostHistory(run!, { title: title ?? format(cost) });
      case "landscape": {
        const param = landscapeParam(values, params);
        const tangent = tangentFlag(values, param);
        return await plot.plotCostAlong(cost, {
          data,
          param,
          range: rangesFlag(values, "range", 2, [param], problem, run) as [number, number],
          fixed: heldValues(values, problem, [param]),
          ...(run ? { steps: run } : {}),
          ...(tangent === undefined ? {} : { tangent }),
          ...(points === undefined ? {} : { points }),
          ...titled,
        });
      }
      case "contour": {
        const pair = contourParams(values, params);
        const r = rangesFlag(values, "ranges", 4, pair, problem, run);
        const grid = countFlag(values, "grid");
        return await plot.plotCostContour(cost, {
          data,
          params: pair,
          ranges: [
            [r[0]!, r[1]!],
            [r[2]!, r[3]!],
          ],
          fixed: heldValues(values, problem, pair),
          ...(run ? { path: run } : {}),
          ...(grid === undefined ? {} : { grid }),
          ...titled,
        });
      }
      case "fit": {
        const model = modelFlag(values, problem);
        const [input, output] = fitColumns(values, model, data);
        return await plot.plotModelFit(model, {
          data,
          input,
          output,
          params: run!.params,
          ...(points === undefined ? {} : { points }),
          ...titled,
        });
      }
    }
  } catch (error) {
    // The plots name parameters and ranges the user gave as flags: their mistakes are usage errors.
    if (error instanceof plot.PlotError) throw new UsageError(error.message);
    throw error;
  }
}

function checkParam(name: string, params: readonly string[], flag: string): void {
  if (!params.includes(name))
    throw new UsageError(
      `${flag} names '${name}', which is not a parameter (parameters: ${params.join(", ") || "none"})`,
    );
}

function landscapeParam(values: Parsed["values"], params: readonly string[]): string {
  const named =
    (values["param"] as string | undefined) ??
    /^\s*([A-Za-z_]\w*)\s*=/.exec(String(values["tangent"] ?? ""))?.[1];
  if (named !== undefined) {
    checkParam(named.trim(), params, "--param");
    return named.trim();
  }
  if (params.length === 1) return params[0]!;
  throw new UsageError(
    `name the parameter on the x axis with --param (parameters: ${params.join(", ") || "none"})`,
  );
}

function contourParams(values: Parsed["values"], params: readonly string[]): [string, string] {
  const named = nameList(values["params"] as string | undefined);
  if (named === undefined) {
    if (params.length === 2) return [params[0]!, params[1]!];
    throw new UsageError(
      `name the two parameters of the contour with --params A,B (parameters: ${params.join(", ")})`,
    );
  }
  if (named.length !== 2)
    throw new UsageError(`--params needs two names, such as W,b; got '${values["params"]}'`);
  for (const name of named) checkParam(name, params, "--params");
  return [named[0]!, named[1]!];
}

/** `--tangent W=3` (or `--tangent 3`) for the parameter `param`. */
function tangentFlag(values: Parsed["values"], param: string): number | undefined {
  const text = values["tangent"] as string | undefined;
  if (text === undefined) return undefined;
  if (!text.includes("=")) return numberFlag(values, "tangent");
  const [[name, at], ...rest] = assignments(text, "tangent") as [[string, number], ...[string, number][]];
  if (name !== param || rest.length > 0)
    throw new UsageError(`--tangent must be one value of the plotted parameter, such as ${param}=3`);
  return at;
}

/**
 * The numbers of --range or --ranges, or by default, for each plotted parameter, the span of its start and
 * the run's iterates, widened by half of it on each side (and to at least ±1).
 */
function rangesFlag(
  values: Parsed["values"],
  flag: string,
  count: number,
  plotted: readonly string[],
  problem: Problem,
  run: MinimizeResult | undefined,
): number[] {
  const text = values[flag] as string | undefined;
  if (text === undefined) {
    return plotted.flatMap((name) =>
      paddedRange([problem.init[name] ?? 0, ...(run?.history ?? []).map((h) => h.params[name]!)]),
    );
  }
  const parsed = text.split(",").map((s) => readNumber(s.trim()));
  if (
    parsed.length !== count ||
    parsed.some((v, i) => typeof v !== "number" || (i % 2 === 1 && !((parsed[i - 1] as number) < v)))
  )
    throw new UsageError(
      `--${flag} needs ${count} numbers, each range's smaller first, such as ${count === 2 ? "-5,7" : "-1,3,-2,2"}; got '${text}'`,
    );
  return parsed as number[];
}

/** The values of the parameters not plotted: --fixed, else their starting values. */
function heldValues(
  values: Parsed["values"],
  problem: Problem,
  plotted: readonly string[],
): Record<string, number> {
  const fixed = byName(assignments((values["fixed"] as string | undefined) ?? "", "fixed"));
  for (const name of Object.keys(fixed)) {
    checkParam(name, problem.params, "--fixed");
    if (plotted.includes(name)) throw new UsageError(`--fixed names '${name}', which is plotted`);
  }
  const held = byName<number>();
  for (const name of problem.params)
    if (!plotted.includes(name)) held[name] = fixed[name] ?? problem.init[name] ?? 0;
  return held;
}

/** --model as a formula or a program's definition name; by default a program's only definition. */
function modelFlag(values: Parsed["values"], problem: Problem): Expr {
  const text = (values["model"] as string | undefined)?.trim();
  if (text === undefined) {
    if (problem.definitions.size === 1) return [...problem.definitions.values()][0]!;
    throw new UsageError('give the model to draw with --model, e.g. --model "W*x + b"');
  }
  return problem.definitions.get(text) ?? parse(text);
}

/** --input and --output, by default the one data column the model reads and the one it does not. */
function fitColumns(
  values: Parsed["values"],
  model: Expr,
  data: Record<string, Float64Array>,
): [string, string] {
  const columns = Object.keys(data);
  const read = freeSymbols(model).filter((n) => columns.includes(n));
  const input = (values["input"] as string | undefined) ?? (read.length === 1 ? read[0] : undefined);
  if (input === undefined)
    throw new UsageError(
      `name the model's input column with --input (the model reads ${read.join(", ") || "no column"})`,
    );
  const rest = columns.filter((n) => n !== input && !read.includes(n));
  const output = (values["output"] as string | undefined) ?? (rest.length === 1 ? rest[0] : undefined);
  if (output === undefined)
    throw new UsageError(`name the column the model predicts with --output (columns: ${columns.join(", ")})`);
  for (const column of [input, output])
    if (!columns.includes(column))
      throw new UsageError(`there is no data column '${column}' (columns: ${columns.join(", ")})`);
  return [input, output];
}

/**
 * `symgrad minimize <formula | file.sg>` and `symgrad run <file.sg>`: fit parameters from the command line.
 * Step methods print PyTorch's training-loop line every --every epochs, as the seed does (the cost before
 * the epoch's step, the parameters after it); line-search methods print the state at each iteration. On a
 * terminal without --every a progress bar shows instead; --json prints the result object; --chart draws the
 * cost curve in the terminal; --plot writes it as SVG or PNG.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { checkColumns, parseColumnFlag, readCsvFile } from "../data/index.js";
import { freeSymbols } from "../expr/index.js";
import {
  defaultMethod,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  runProgram,
} from "../minimize/index.js";
import { isFirstOrder, METHODS, type Method } from "../optimize/index.js";
import { parse } from "../syntax/index.js";
import { asciiChart, colorEnabled, colors, createProgress, shortNumber } from "../terminal/index.js";
import {
  assignments,
  type Command,
  countFlag,
  numberFlag,
  type Parsed,
  parseFlags,
  UsageError,
} from "./args.js";
import type { IO } from "./io.js";

/** The flags that give a formula its data. */
export const DATA_FLAGS: Command["flags"] = {
  data: {
    type: "string",
    multiple: true,
    value: "x=1,2,3",
    help: "a data column, given inline (repeat for more columns)",
  },
  csv: { type: "string", value: "FILE", help: "data columns from a CSV file whose header names them" },
};

export const FIT_FLAGS: Command["flags"] = {
  method: {
    type: "string",
    value: "NAME",
    help: `optimizer: ${METHODS.join(", ")} (default lbfgs; gd when --lr or --batch-size is given)`,
  },
  lr: { type: "string", value: "RATE", help: "learning rate of the step methods (default 0.01; adam 0.001)" },
  epochs: {
    type: "string",
    value: "N",
    help: "step methods: run epochs 0 to N as the seed's loop does (N+1 steps); others: at most N iterations",
  },
  "max-iter": { type: "string", value: "N", help: "at most N iterations (steps)" },
  bounds: {
    type: "string",
    value: "W=0:inf",
    help: "keep parameters in a box, lower:upper (first-order methods and lbfgs; bfgs and newton refuse)",
  },
  tol: {
    type: "string",
    value: "TOL",
    help: "stop when the gradient norm is at most TOL (default 1e-8 for lbfgs, bfgs, newton)",
  },
  "cost-tol": {
    type: "string",
    value: "TOL",
    help: "stop when the relative change of the cost is at most TOL",
  },
  "batch-size": {
    type: "string",
    value: "N",
    help: "mini-batches of N rows (step methods, costs over data)",
  },
  seed: { type: "string", value: "N", help: "seed of the mini-batch shuffle (default 0)" },
  every: {
    type: "string",
    value: "K",
    help: "print a progress line every K iterations (and keep them in --json's history)",
  },
  precision: {
    type: "string",
    value: "f64|f32",
    help: "arithmetic of the cost: f64 (default) or f32, float32 like PyTorch's FloatTensor",
  },
  json: { type: "boolean", help: "print the result as JSON" },
  quiet: { type: "boolean", help: "print nothing but the result" },
  chart: { type: "boolean", help: "draw the cost curve in the terminal at the end" },
  plot: { type: "string", value: "FILE", help: "write the cost curve to FILE (.svg or .png)" },
  "no-color": { type: "boolean", help: "no colours (also: NO_COLOR=1)" },
};

export const minimizeCommand: Command = {
  name: "minimize",
  usage:
    "symgrad minimize <formula | file.sg> [--data x=1,2,3 --data y=1,2,3 | --csv points.csv] [--init W=0,b=0] [flags]",
  summary:
    "Minimize a formula over its parameters (every name that is not a data column), or run a program file.",
  flags: {
    ...DATA_FLAGS,
    init: { type: "string", value: "W=0,b=0", help: "starting values (default 0)" },
    ...FIT_FLAGS,
  },
  examples: [
    'symgrad minimize "(1 - a)^2 + 100*(b - a^2)^2" --init a=-1.2,b=1',
    'symgrad minimize "mean((W*x + b - y)^2)" --data x=1,2,3 --data y=1,2,3 --lr 0.01 --epochs 2000 --every 100',
    'symgrad minimize "mean((W*x + b - y)^2)" --csv points.csv --json',
  ],
};

export const runCommand: Command = {
  name: "run",
  usage: "symgrad run <file.sg> [flags]",
  summary: "Run a program file: its data, parameters and minimize statement.",
  flags: FIT_FLAGS,
  examples: ["symgrad run examples/seed.sg --lr 0.01 --epochs 2000 --every 100"],
};

function fitOptions(values: Parsed["values"]): { options: MinimizeOptions; epochs: number | undefined } {
  const method = values["method"] as string | undefined;
  if (method !== undefined && !METHODS.includes(method as Method))
    throw new UsageError(`unknown method '${method}'; choose one of ${METHODS.join(", ")}`);
  const options: MinimizeOptions = {};
  const set = <K extends keyof MinimizeOptions>(key: K, value: MinimizeOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("method", method as Method | undefined);
  set("learningRate", numberFlag(values, "lr"));
  set("tolerance", numberFlag(values, "tol"));
  set("costTolerance", numberFlag(values, "cost-tol"));
  set("batchSize", countFlag(values, "batch-size"));
  set("seed", countFlag(values, "seed"));
  set("maxIterations", countFlag(values, "max-iter"));
  set("bounds", bounds(values["bounds"] as string | undefined));
  const precision = values["precision"] as string | undefined;
  if (precision !== undefined && precision !== "f64" && precision !== "f32")
    throw new UsageError(`flag '--precision' takes f64 or f32, not '${precision}'`);
  set("precision", precision);
  return { options, epochs: countFlag(values, "epochs") };
}

/** `W=0:inf,b=-1:1` → { W: [0, Infinity], b: [-1, 1] }; a UsageError points at a bad pair. */
function bounds(text: string | undefined): Record<string, [number, number]> | undefined {
  if (text === undefined) return undefined;
  const limit = (t: string) =>
    /^[+-]?inf(inity)?$/i.test(t) ? (t.startsWith("-") ? -1 : 1) * Infinity : Number(t);
  return Object.fromEntries(
    text.split(",").map((part) => {
      const m = /^\s*([A-Za-z_]\w*)\s*=\s*([^:]*):(.*)$/.exec(part);
      const box = m
        ? ([limit(m[2]!.trim() || "-inf"), limit(m[3]!.trim() || "inf")] as [number, number])
        : undefined;
      if (!m || !box || box.some(Number.isNaN) || box[0] > box[1])
        throw new UsageError(
          `flag '--bounds' needs name=lower:upper pairs such as W=0:inf,b=-1:1; '${part}' is not one`,
        );
      return [m[1]!, box];
    }),
  );
}

/** `symgrad minimize`. */
export async function runMinimize(argv: readonly string[], io: IO): Promise<number> {
  const parsed = parseFlags(minimizeCommand, argv);
  const target = parsed.positionals.join(" ");
  if (target === "") throw new UsageError("give a formula or a program file to minimize");
  if (/\.sg$/.test(target.trim())) {
    if (parsed.values["data"] || parsed.values["csv"] || parsed.values["init"])
      throw new UsageError(
        "a program file declares its own data and parameters; --data, --csv and --init are for formulas",
      );
    return runFit(io, parsed.values, async (options) => runProgramFromFile(target.trim(), io, options));
  }
  const data = await dataFlags(parsed.values, () => freeSymbols(parse(target)), io);
  const init = Object.fromEntries(assignments((parsed.values["init"] as string | undefined) ?? "", "init"));
  return runFit(io, parsed.values, async (options) => minimize(target, { ...options, data, init }));
}

/**
 * The data columns of the --data flags and the --csv file (only the CSV's columns that `names` lists: the
 * names the formulas use), checked to be of one length.
 */
export async function dataFlags(
  values: Parsed["values"],
  names: () => Iterable<string>,
  io: IO,
): Promise<Record<string, Float64Array>> {
  const data: Record<string, Float64Array> = {};
  for (const flag of (values["data"] as string[] | undefined) ?? []) {
    const column = parseColumnFlag(flag);
    if (Object.hasOwn(data, column.name)) throw new UsageError(`data column '${column.name}' is given twice`);
    data[column.name] = column.values;
  }
  const csv = values["csv"] as string | undefined;
  if (csv !== undefined) {
    const used = new Set(names());
    const columns = await readCsvFile(resolve(io.cwd, csv), { source: csv });
    for (const [name, column] of Object.entries(columns)) {
      if (!used.has(name)) continue;
      if (Object.hasOwn(data, name))
        throw new UsageError(`data column '${name}' is given by --data and by --csv`);
      data[name] = column;
    }
  }
  if (Object.keys(data).length > 0) checkColumns(data);
  return data;
}

/**
 * The minimize options the optimizer flags (FIT_FLAGS) ask for; --epochs N becomes N + 1 steps for the step
 * methods, as the seed's loop runs epochs 0 to N.
 */
export function fitFlagOptions(values: Parsed["values"]): MinimizeOptions {
  const { options, epochs } = fitOptions(values);
  const method = options.method ?? defaultMethod(options);
  if (epochs !== undefined) options.maxIterations = isFirstOrder(method) ? epochs + 1 : epochs;
  return options;
}

/** `symgrad run`. */
export async function runProgramFile(argv: readonly string[], io: IO): Promise<number> {
  const parsed = parseFlags(runCommand, argv);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined)
    throw new UsageError("give a program file to run, e.g. symgrad run examples/seed.sg");
  if (extra.length) throw new UsageError(`one program file at a time; unexpected '${extra[0]}'`);
  return runFit(io, parsed.values, (options) => runProgramFromFile(file, io, options));
}

/** The text of a program file named on the command line; a UsageError when it cannot be read. */
export async function readProgramSource(file: string, io: IO): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read the program file '${file}': ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

async function runProgramFromFile(file: string, io: IO, options: MinimizeOptions): Promise<MinimizeResult> {
  const source = await readProgramSource(file, io);
  const { program: _program, ...result } = await runProgram(source, {
    ...options,
    file,
    baseDir: resolve(io.cwd, file, ".."),
  });
  return result;
}

/** Runs a fit with the flags' options, printing progress, the result, a chart and a plot as asked. */
async function runFit(
  io: IO,
  values: Parsed["values"],
  run: (options: MinimizeOptions) => Promise<MinimizeResult>,
): Promise<number> {
  const options = fitFlagOptions(values);
  const quiet = Boolean(values["quiet"]);
  const json = Boolean(values["json"]);
  const every = countFlag(values, "every");
  const c = colors(colorEnabled(io.stdout, io.env, values["no-color"] ? false : undefined));
  const stepMethod = isFirstOrder(options.method ?? defaultMethod(options));
  const total = options.maxIterations ?? 1000;
  const lastEpoch = stepMethod ? total - 1 : total;
  const width = String(lastEpoch).length;
  const lines = !quiet && !json && (every !== undefined || !io.stdout.isTTY);
  const lineEvery = every ?? Math.max(1, Math.round(total / 20));
  const progress = createProgress({
    total,
    stream: process.stderr,
    enabled: !quiet && !json && !lines && Boolean(io.stderr.isTTY),
  });
  let previous: { iteration: number; cost: number } | undefined;
  let names: string[] = [];
  const fmtParams = (p: Readonly<Record<string, number>>, digits: number) =>
    names.map((n) => `${n}: ${p[n]!.toFixed(digits)}`).join(", ");
  options.onIteration = (info) => {
    if (names.length === 0) names = Object.keys(info.named);
    progress.update(info.iteration, { cost: info.cost });
    if (!lines) return;
    if (stepMethod) {
      // PyTorch's loop prints, for epoch k, the cost before its step and the parameters after it.
      if (previous && previous.iteration % lineEvery === 0) {
        const k = String(previous.iteration).padStart(Math.max(4, width));
        io.stdout.write(
          `Epoch ${k}/${lastEpoch} ${fmtParams(info.named, 3)} Cost: ${previous.cost.toFixed(6)}\n`,
        );
      }
      previous = { iteration: info.iteration, cost: info.cost };
    } else if (info.iteration % lineEvery === 0) {
      const k = String(info.iteration).padStart(Math.max(4, width));
      io.stdout.write(
        `Iter ${k} cost: ${shortNumber(info.cost, 8)} |grad|: ${shortNumber(info.gradientNorm, 3)} ${fmtParams(info.named, 6)}\n`,
      );
    }
  };
  // the history feeds --chart, --plot and --json; a long run keeps every k-th iterate, not millions
  options.historyEvery = every ?? Math.max(1, Math.ceil(total / 5000));
  const result = await run(options);
  progress.stop();
  const failed =
    !result.converged &&
    (result.status === "not-finite" ||
      result.status === "diverged" ||
      result.status === "line-search-failed");
  if (json) {
    io.stdout.write(
      `${JSON.stringify(every === undefined ? { ...result, history: undefined } : result, null, 2)}\n`,
    );
  } else {
    const style = result.converged ? c.green : failed ? c.red : c.yellow;
    if (!quiet) io.stdout.write(`${style(`${result.method}:`)} ${result.message}\n`);
    for (const [name, value] of Object.entries(result.params))
      io.stdout.write(`${c.bold(name)} = ${value}\n`);
    io.stdout.write(`cost = ${result.cost}\n`);
    if (!quiet)
      io.stdout.write(
        c.dim(
          `${result.iterations} iterations, ${result.evaluations} cost and ${result.gradientEvaluations} gradient evaluations, |grad| = ${shortNumber(result.gradientNorm, 3)}\n`,
        ),
      );
  }
  if (values["chart"] && !json) {
    io.stdout.write(`${asciiChart(result.history.map((h) => h.cost))}\n`);
  }
  const plotFile = values["plot"] as string | undefined;
  if (plotFile) await writeCostPlot(plotFile, result, io);
  return failed ? 1 : 0;
}

async function writeCostPlot(file: string, result: MinimizeResult, io: IO): Promise<void> {
  const { plotCostCurve, svgToPng } = await import("../plot/index.js");
  const svg = await plotCostCurve({
    iterations: result.history.map((h) => h.iteration),
    costs: result.history.map((h) => h.cost),
    title: "cost over iterations",
  });
  const path = resolve(io.cwd, file);
  if (/\.png$/i.test(file)) await writeFile(path, await svgToPng(svg));
  else await writeFile(path, svg);
}

/**
 * `symgrad minimize <formula | file.sg>` and `symgrad run <file.sg>`: fit parameters from the command line.
 * Step methods print PyTorch's training-loop line every --every epochs, as the seed does (the cost before
 * the epoch's step, the parameters after it); line-search methods print the state at each iteration. On a
 * terminal without --every a progress bar shows instead; --json prints the result object; --chart draws the
 * cost curve in the terminal; --plot writes it as SVG or PNG.
 */
import { resolve } from "node:path";
import type { Tensor } from "../compile/index.js";
import { freeSymbols } from "../expr/index.js";
import {
  defaultMethod,
  EpochRows,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  type ParamValue,
  runProgram,
} from "../minimize/index.js";
import { isFirstOrder } from "../optimize/index.js";
import { type DeclareShape, parse, parseConstraint, withShapeAdvice } from "../syntax/index.js";
import { asciiChart, colorEnabled, colors, createProgress, shortNumber } from "../terminal/index.js";
import { absentName, parameterNotInFormula } from "../text/absentName.js";
import { byName } from "../text/byName.js";
import { type Command, countFlag, type Parsed, parseFlags, UsageError } from "./args.js";
import { DATA_FLAGS, DEFAULT_ITERATIONS, FIT_FLAGS, fitFlagOptions, shapedDataFlags } from "./fitFlags.js";
import { checkWritable, type IO, type StopReason, writeOutputFile } from "./io.js";
import { isProgramFile, readProgramSource } from "./programFile.js";
import { writeResultJson } from "./resultJson.js";
import { declarations, shapedAssignments } from "./shapedFlags.js";
import { statisticsTable } from "./stats.js";

export const minimizeCommand: Command = {
  name: "minimize",
  usage:
    "symgrad minimize <formula | file.sg> [--data x=1,2,3 --data y=1,2,3 | --csv points.csv] [--init W=0,b=0] [flags]",
  summary:
    "Minimize a formula over its parameters (every name that is not a data column), or run a program file.\n" +
    "A formula that starts with a minus goes last, after --. Ctrl-C stops the fit and prints where it got to.",
  flags: {
    ...DATA_FLAGS,
    init: {
      type: "string",
      value: "W=0,b=0",
      help: "starting values: numbers, vectors w=[0,0,0] and matrices by rows W=[[0,0],[0,0]], which give the parameter its shape (default 0)",
    },
    params: {
      type: "string",
      value: "W,b",
      help: 'the parameters, in order, each with its shape if --init does not give it: "W[4,3],b[3],c" (default: every name that is not data, a number; a name that is a column\'s but for case or a typo must be listed)',
    },
    ...FIT_FLAGS,
  },
  examples: [
    'symgrad minimize "(1 - a)^2 + 100*(b - a^2)^2" --init a=-1.2,b=1',
    'symgrad minimize "mean((W*x + b - y)^2)" --data x=1,2,3 --data y=1,2,3 --lr 0.01 --epochs 2000 --every 100',
    'symgrad minimize "mean((W*x + b - y)^2)" --csv points.csv --json',
    'symgrad minimize "mean((X@w + b - y)^2)" --data "X=[[1,2],[2,1],[3,3]]" --data y=5,4,9 --init "w=[0,0]"',
    'symgrad minimize "mean((X@w + b - y)^2)" --csv points.csv --data X=x1,x2 --params "w[2],b"',
    'symgrad minimize --init W=1 -- "-exp(-W^2)"',
  ],
};

export const runCommand: Command = {
  name: "run",
  usage: "symgrad run <file.sg> [flags]",
  summary:
    "Run a program file: its data, parameters and minimize statement. Ctrl-C stops the fit and prints where\n" +
    "it got to.",
  flags: {
    init: {
      type: "string",
      value: "W=1",
      help: "starting values that replace the program's param values: numbers (filling a vector or matrix), w=[1,2,3], W=[[1,2],[3,4]] (default: the program's)",
    },
    ...FIT_FLAGS,
  },
  examples: [
    "symgrad run examples/seed.sg --lr 0.01 --epochs 2000 --every 100",
    "symgrad run examples/seed.sg --init W=1,b=0.5",
  ],
};

/** `symgrad minimize`. */
export async function runMinimize(argv: readonly string[], io: IO): Promise<number> {
  const parsed = parseFlags(minimizeCommand, argv);
  const target = parsed.positionals.join(" ");
  if (target === "") throw new UsageError("give a formula or a program file to minimize");
  if (isProgramFile(target)) {
    if (parsed.values["data"] || parsed.values["csv"] || parsed.values["params"])
      throw new UsageError(
        "a program file declares its own data and parameters; --data, --csv and --params are for formulas",
      );
    return runFit(io, parsed.values, async (options) =>
      runProgramFromFile(target.trim(), io, options, initFlag(parsed.values)),
    );
  }
  const constraintNames = () =>
    ((parsed.values["subject-to"] as string[] | undefined) ?? []).flatMap((text) => {
      const c = parseConstraint(text);
      return [...freeSymbols(c.lhs), ...freeSymbols(c.rhs)];
    });
  let names: string[] | undefined;
  const formulaNames = () => {
    names ??= [...new Set([...freeSymbols(parse(target)), ...constraintNames()])];
    return names;
  };
  const data = await shapedDataFlags(parsed.values, formulaNames, io);
  const init = initFlag(parsed.values);
  const declared = declarations((parsed.values["params"] as string | undefined) ?? "", "params");
  const absent = absentName(
    declared.map((d) => d.name),
    formulaNames(),
  );
  if (absent !== undefined) throw new UsageError(parameterNotInFormula("--params", absent, formulaNames()));
  const params = declared.length > 0 ? declared.map((d) => d.name) : undefined;
  const shapes = byName<readonly number[]>();
  for (const { name, shape } of declared) {
    const start = Object.hasOwn(init, name) ? init[name]! : 0;
    const given = typeof start === "number" ? undefined : start.shape;
    if (shape && given && given.join() !== shape.join())
      throw new UsageError(
        `--params declares ${name}[${shape.join(",")}], but --init gives '${name}' ${given.length === 1 ? `${given[0]} entries` : `the shape [${given.join(",")}]`}`,
      );
    if (shape) shapes[name] = shape;
  }
  // a shape mistake at `@` from a parameter without a shape suggests --params with every parameter listed
  const declare: DeclareShape = (name, sizes) => {
    const listed = formulaNames()
      .filter((n) => !Object.hasOwn(data, n))
      .map((n) => (n === name ? `${n}[${sizes}]` : Object.hasOwn(shapes, n) ? `${n}[${shapes[n]}]` : n));
    return `--params "${listed.join(",")}"`;
  };
  return runFit(io, parsed.values, async (options) => {
    try {
      return minimize(target, { ...options, data, init, shapes, ...(params ? { params } : {}) });
    } catch (error) {
      throw withShapeAdvice(error, declare);
    }
  });
}

/** The --init values by name: numbers, vectors `[0,0,0]` and matrices by rows `[[1,2],[3,4]]`. */
function initFlag(values: Parsed["values"]): Record<string, number | Tensor> {
  return byName(shapedAssignments((values["init"] as string | undefined) ?? "", "init"));
}

/** `symgrad run`. */
export async function runProgramFile(argv: readonly string[], io: IO): Promise<number> {
  const parsed = parseFlags(runCommand, argv);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined)
    throw new UsageError("give a program file to run, e.g. symgrad run examples/seed.sg");
  if (extra.length) throw new UsageError(`one program file at a time; unexpected '${extra[0]}'`);
  return runFit(io, parsed.values, (options) =>
    runProgramFromFile(file, io, options, initFlag(parsed.values)),
  );
}

async function runProgramFromFile(
  file: string,
  io: IO,
  options: MinimizeOptions,
  init: Record<string, number | Tensor>,
): Promise<MinimizeResult<ParamValue>> {
  const source = await readProgramSource(file, io);
  const { init: _none, ...rest } = options;
  const { program: _program, ...result } = await runProgram(source, {
    ...rest,
    init,
    file,
    baseDir: resolve(io.cwd, file, ".."),
  });
  return result;
}

/** Parameters with more entries than this in all are left out of the `Epoch`/`Iter` lines. */
const MAX_ENTRIES_ON_A_LINE = 6;

const entryCount = (v: ParamValue): number =>
  typeof v === "number" ? 1 : v.reduce<number>((n, row) => n + (typeof row === "number" ? 1 : row.length), 0);

/** A parameter as the language writes it: `0.5`, `[0.5, -1]`, `[[1, 2], [3, 4]]`. */
function paramText(v: ParamValue, number: (x: number) => string): string {
  if (typeof v === "number") return number(v);
  return `[${v.map((row) => (typeof row === "number" ? number(row) : paramText(row, number))).join(", ")}]`;
}

/**
 * Runs a fit with the flags' options, printing progress, the result, a chart and a plot as asked. The run
 * stops early when `io` asks: after Ctrl-C it prints the usual summary with status `interrupted` (exit
 * status 130); when nobody reads stdout any more it ends quietly.
 */
async function runFit(
  io: IO,
  values: Parsed["values"],
  run: (options: MinimizeOptions) => Promise<MinimizeResult<ParamValue>>,
): Promise<number> {
  const options = fitFlagOptions(values);
  const quiet = Boolean(values["quiet"]);
  const json = Boolean(values["json"]);
  const every = countFlag(values, "every", 1);
  const plotFile = values["plot"] as string | undefined;
  if (plotFile !== undefined) await checkWritable(plotFile, io, "--plot");
  const c = colors(colorEnabled(io.stdout, io.env, values["no-color"] ? false : undefined));
  const stepMethod = isFirstOrder(options.method ?? defaultMethod(options));
  const total = options.maxIterations ?? DEFAULT_ITERATIONS;
  const lastEpoch = stepMethod ? total - 1 : total;
  const width = String(lastEpoch).length;
  const lines = !quiet && !json && (every !== undefined || !io.stdout.isTTY);
  const lineEvery = every ?? Math.max(1, Math.round(total / 20));
  const progress = createProgress({
    total,
    stream: io.stderr as Parameters<typeof createProgress>[0]["stream"],
    enabled: !quiet && !json && !lines && Boolean(io.stderr.isTTY),
  });
  const epochs = new EpochRows(lineEvery);
  let names: string[] = [];
  let stopped: StopReason | undefined;
  // a line shows the parameters while they fit on it; with more entries (the softmax lab's 15) only the cost
  let shown = true;
  const fmtParams = (p: Readonly<Record<string, ParamValue>>, digits: number) =>
    shown ? `${names.map((n) => `${n}: ${paramText(p[n]!, (v) => v.toFixed(digits))}`).join(", ")} ` : "";
  options.onIteration = (info) => {
    stopped = io.stopRequested?.();
    if (stopped !== undefined) return false;
    if (names.length === 0) {
      names = Object.keys(info.named);
      shown = names.reduce((count, n) => count + entryCount(info.named[n]!), 0) <= MAX_ENTRIES_ON_A_LINE;
    }
    progress.update(info.iteration, { cost: info.cost });
    if (!lines) return;
    if (stepMethod) {
      const row = epochs.next(info.iteration, info.cost);
      if (row) {
        const k = String(row.epoch).padStart(Math.max(4, width));
        io.stdout.write(`Epoch ${k}/${lastEpoch} ${fmtParams(info.named, 3)}Cost: ${row.cost.toFixed(6)}\n`);
      }
    } else if (info.iteration % lineEvery === 0) {
      const k = String(info.iteration).padStart(Math.max(4, width));
      io.stdout.write(
        `Iter ${k} cost: ${shortNumber(info.cost, 8)} |grad|: ${shortNumber(info.gradientNorm, 3)} ${fmtParams(info.named, 6)}`.trimEnd() +
          "\n",
      );
    }
  };
  // the history feeds --chart, --plot and --json; a long run keeps every k-th iterate, not millions
  options.historyEvery = every ?? Math.max(1, Math.ceil(total / 5000));
  const ran = await run(options);
  progress.stop();
  if (stopped === "closed") return 0;
  const result = explained(ran, stopped, options.maxIterations === undefined, stepMethod);
  const failed =
    !result.converged &&
    (result.status === "not-finite" ||
      result.status === "diverged" ||
      result.status === "unbounded" ||
      result.status === "line-search-failed" ||
      result.status === "infeasible");
  if (json) {
    writeResultJson(every === undefined ? { ...result, history: undefined } : result, (text) =>
      io.stdout.write(text),
    );
  } else {
    const style = result.converged ? c.green : failed ? c.red : c.yellow;
    if (!quiet) io.stdout.write(`${style(`${result.method}:`)} ${result.message}\n`);
    for (const [name, value] of Object.entries(result.params))
      io.stdout.write(`${c.bold(name)} = ${paramText(value, String)}\n`);
    io.stdout.write(`cost = ${result.cost}\n`);
    if (result.constraints) io.stdout.write(constraintLines(result));
    if (values["stats"]) io.stdout.write(statisticsTable(result));
    if (!quiet) io.stdout.write(c.dim(`${workDone(result)}\n`));
  }
  if (values["chart"] && !json) {
    io.stdout.write(`${asciiChart(result.history.map((h) => h.cost))}\n`);
  }
  if (plotFile !== undefined) await writeCostPlot(plotFile, result, io);
  return stopped === "interrupt" ? 130 : failed ? 1 : 0;
}

/**
 * The result as the command line tells it: status `interrupted` after Ctrl-C, and a run that stopped at
 * the default limit (`capped`: no --epochs or --max-iter) says so and how to go on.
 */
function explained(
  result: MinimizeResult<ParamValue>,
  stopped: StopReason | undefined,
  capped: boolean,
  stepMethod: boolean,
): MinimizeResult<ParamValue> {
  if (stopped === "interrupt")
    return {
      ...result,
      status: "interrupted",
      message: `Interrupted (Ctrl-C) at iteration ${result.iterations}; these are the parameters there.`,
    };
  if (capped && result.status === "max-iterations") {
    const advice = stepMethod
      ? `the step methods stop after ${DEFAULT_ITERATIONS} steps unless --epochs N asks for more; a larger --lr may need fewer`
      : `give --max-iter N to run longer`;
    return { ...result, message: `${result.message} That is the default limit: ${advice}.` };
  }
  return result;
}

/** `1000 iterations, 1001 cost and 1001 gradient evaluations, |grad| = 3.37e-9`, with why when fewer. */
function workDone(result: MinimizeResult<ParamValue>): string {
  const line = `${result.iterations} iterations, ${result.evaluations} cost and ${result.gradientEvaluations} gradient evaluations, |grad| = ${shortNumber(result.gradientNorm, 3)}`;
  // every iteration evaluates its iterate once, but a point the run has just evaluated is not evaluated again
  return result.evaluations <= result.iterations
    ? `${line} (a point already evaluated is not evaluated again)`
    : line;
}

/** Each constraint at the optimum (active or not, lhs − rhs, multiplier, violation) and the largest violation. */
function constraintLines(result: MinimizeResult<ParamValue>): string {
  const rows = result.constraints!.map(
    (k) =>
      `  ${k.text}: ${k.active ? "active" : "inactive"}, lhs - rhs = ${shortNumber(k.value, 6)}, ` +
      `multiplier = ${shortNumber(k.multiplier, 6)}${k.violation > 0 ? `, violation = ${shortNumber(k.violation, 3)}` : ""}\n`,
  );
  return `subject to\n${rows.join("")}max violation = ${shortNumber(result.maxViolation!, 3)}\n`;
}

async function writeCostPlot(file: string, result: MinimizeResult<ParamValue>, io: IO): Promise<void> {
  const { plotCostCurve, svgToPng } = await import("../plot/index.js");
  const svg = await plotCostCurve({
    iterations: result.history.map((h) => h.iteration),
    costs: result.history.map((h) => h.cost),
    title: "cost over iterations",
  });
  await writeOutputFile(file, /\.png$/i.test(file) ? await svgToPng(svg) : svg, io);
}

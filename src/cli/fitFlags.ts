/**
 * The flags every fitting command shares (`minimize`, `run`, `plot`): data (--data, --csv: columns, and for
 * minimize matrices by rows or of CSV columns) and the optimizer's flags (--method, --lr, --epochs, …), with
 * their help, and what they turn into — data and MinimizeOptions. Each flag is checked here against what it means on the command line, so a mistake
 * names the flag the user typed (`--lr`), never the API option behind it (`learningRate`).
 */
import { resolve } from "node:path";
import { BACKENDS, type Backend, type Tensor, WASM_ROWS, WASM_ROWS_F32 } from "../compile/index.js";
import { checkColumns, parseDataFlag, readCsvFile } from "../data/index.js";
import { columnSlip, columnSlipMessage, defaultMethod, type MinimizeOptions } from "../minimize/index.js";
import { isFirstOrder, METHODS, type Method, methodNamed } from "../optimize/index.js";
import { byName } from "../text/byName.js";
import { type Command, countFlag, numberFlag, type Parsed, UsageError } from "./args.js";
import type { IO } from "./io.js";
import { declarations } from "./shapedFlags.js";

/** The flags that give a formula its data. */
export const DATA_FLAGS: Command["flags"] = {
  data: {
    type: "string",
    multiple: true,
    value: "x=1,2,3",
    help: "a data column, given inline, x=1,2,3 or x=[1,2,3]; a matrix by rows, X=[[1,2],[3,4]], one row per data row; or X=x1,x2, those --csv columns as a matrix (repeat for more; quote brackets for the shell; default: none)",
  },
  csv: {
    type: "string",
    value: "FILE",
    help: "data columns from a CSV file whose header names them (default: none)",
  },
};

/** Iterations a run takes at most when neither --epochs nor --max-iter says (the optimizer's default). */
export const DEFAULT_ITERATIONS = 1000;

/** The optimizer's flags and the output flags of a fit. */
export const FIT_FLAGS: Command["flags"] = {
  method: {
    type: "string",
    value: "NAME",
    help: `optimizer: ${METHODS.join(", ")}, in any case, sgd for gd (default lm for a sum of squares, else lbfgs; gd when --lr or --batch-size is given)`,
  },
  lr: { type: "string", value: "RATE", help: "learning rate of the step methods (default 0.01; adam 0.001)" },
  epochs: {
    type: "string",
    value: "N",
    help: `step methods: run epochs 0 to N as the seed's loop does (N+1 steps); others: at most N iterations (default ${DEFAULT_ITERATIONS} steps)`,
  },
  "max-iter": {
    type: "string",
    value: "N",
    help: `at most N iterations, or steps (default ${DEFAULT_ITERATIONS})`,
  },
  bounds: {
    type: "string",
    value: "W=0:inf",
    help: "keep parameters in a box, lower:upper (first-order methods and lbfgs; bfgs and newton refuse; default: none)",
  },
  "subject-to": {
    type: "string",
    multiple: true,
    value: '"x1 + x2 <= 1"',
    help: "a constraint, <=, >= or == (repeat for more; method lbfgs); one parameter against a constant is a bound (default: none)",
  },
  tol: {
    type: "string",
    value: "TOL",
    help: "stop when the gradient norm is at most TOL (default 1e-8 for lbfgs, bfgs, newton; 0, off, for the step methods)",
  },
  "cost-tol": {
    type: "string",
    value: "TOL",
    help: "stop when the relative change of the cost is at most TOL (default 0: off)",
  },
  "batch-size": {
    type: "string",
    value: "N",
    help: "mini-batches of N rows (step methods, costs over data; default: all rows)",
  },
  seed: { type: "string", value: "N", help: "seed of the mini-batch shuffle (default 0)" },
  every: {
    type: "string",
    value: "K",
    help: "print a progress line every K iterations and keep them in --json's history (default: a progress bar on a terminal, else 20 lines)",
  },
  precision: {
    type: "string",
    value: "f64|f32",
    help: "arithmetic of the cost: f64 (default) or f32, float32 like PyTorch's FloatTensor",
  },
  backend: {
    type: "string",
    value: "js|wasm|auto",
    help: `code the cost is compiled to: JavaScript, WebAssembly (f64x2 SIMD, f32x4 in f32), or auto (default: WebAssembly from ${WASM_ROWS} data rows, ${WASM_ROWS_F32} in f32, where it is faster)`,
  },
  json: { type: "boolean", help: "print the result as JSON" },
  stats: {
    type: "boolean",
    help: "print a regression summary: standard errors, 95% intervals, R², the Hessian",
  },
  quiet: { type: "boolean", help: "print nothing but the result" },
  chart: { type: "boolean", help: "draw the cost curve in the terminal at the end" },
  plot: { type: "string", value: "FILE", help: "write the cost curve to FILE, .svg or .png (default: none)" },
  "no-color": { type: "boolean", help: "no colours (also: NO_COLOR=1)" },
};

/** The flags that only the step methods (gd, adam, …) read. */
const STEP_METHOD_FLAGS = ["lr", "batch-size"] as const;

/**
 * The minimize options the optimizer flags (FIT_FLAGS) ask for; --epochs N becomes N + 1 steps for the step
 * methods, as the seed's loop runs epochs 0 to N.
 */
export function fitFlagOptions(values: Parsed["values"]): MinimizeOptions {
  const options: MinimizeOptions = {};
  const set = <K extends keyof MinimizeOptions>(key: K, value: MinimizeOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("method", methodFlag(values));
  const learningRate = numberFlag(values, "lr");
  if (learningRate !== undefined && !(learningRate > 0 && Number.isFinite(learningRate)))
    throw new UsageError(`flag '--lr' needs a finite number > 0, got '${values["lr"]}'`);
  set("learningRate", learningRate);
  set("tolerance", toleranceFlag(values, "tol"));
  set("costTolerance", toleranceFlag(values, "cost-tol"));
  set("batchSize", countFlag(values, "batch-size", 1));
  set("seed", countFlag(values, "seed"));
  set("maxIterations", countFlag(values, "max-iter"));
  set("bounds", bounds(values["bounds"] as string | undefined));
  set("constraints", values["subject-to"] as string[] | undefined);
  const precision = values["precision"] as string | undefined;
  if (precision !== undefined && precision !== "f64" && precision !== "f32")
    throw new UsageError(`flag '--precision' takes f64 or f32, not '${precision}'`);
  set("precision", precision);
  const backend = values["backend"] as string | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend as Backend))
    throw new UsageError(`flag '--backend' takes ${BACKENDS.join(", ")}, not '${backend}'`);
  set("backend", backend as Backend | undefined);
  const method = options.method ?? defaultMethod(options);
  const stepFlag = STEP_METHOD_FLAGS.find((flag) => values[flag] !== undefined);
  if (!isFirstOrder(method) && stepFlag !== undefined)
    throw new UsageError(
      `flag '--${stepFlag}' is for the step methods (${METHODS.filter(isFirstOrder).join(", ")}); ` +
        `${method} chooses its own step length by a line search`,
    );
  const epochs = countFlag(values, "epochs");
  if (epochs !== undefined) {
    if (options.maxIterations !== undefined)
      throw new UsageError("give one of --epochs and --max-iter: both set how long the run is");
    options.maxIterations = isFirstOrder(method) ? epochs + 1 : epochs;
  }
  return options;
}

/** --method, by the optimizer's own rule for names (any case, `sgd` for `gd`). */
function methodFlag(values: Parsed["values"]): Method | undefined {
  const name = values["method"] as string | undefined;
  if (name === undefined) return undefined;
  const method = methodNamed(name);
  if (method === undefined)
    throw new UsageError(`unknown method '${name}'; choose one of ${METHODS.join(", ")}`);
  return method;
}

function toleranceFlag(values: Parsed["values"], name: string): number | undefined {
  const value = numberFlag(values, name);
  if (value !== undefined && !(value >= 0 && Number.isFinite(value)))
    throw new UsageError(`flag '--${name}' needs a finite number ≥ 0, got '${values[name]}'`);
  return value;
}

/** `W=0:inf,b=-1:1` → { W: [0, Infinity], b: [-1, 1] }; a UsageError points at a bad pair. */
function bounds(text: string | undefined): Record<string, [number, number]> | undefined {
  if (text === undefined) return undefined;
  const limit = (t: string) =>
    /^[+-]?inf(inity)?$/i.test(t) ? (t.startsWith("-") ? -1 : 1) * Infinity : Number(t);
  const boxes: Record<string, [number, number]> = Object.create(null);
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*([^:]*):(.*)$/.exec(part);
    const box = m
      ? ([limit(m[2]!.trim() || "-inf"), limit(m[3]!.trim() || "inf")] as [number, number])
      : undefined;
    if (!m || !box || box.some(Number.isNaN) || box[0] > box[1])
      throw new UsageError(
        `flag '--bounds' needs name=lower:upper pairs such as W=0:inf,b=-1:1; '${part}' is not one`,
      );
    if (Object.hasOwn(boxes, m[1]!)) throw new UsageError(`flag '--bounds' gives '${m[1]}' twice`);
    boxes[m[1]!] = box;
  }
  return boxes;
}

/** A data value from the flags: a column, or a matrix with one row per data row. */
export type DataValue = Float64Array | Tensor;

/**
 * The data columns of the --data flags and the --csv file (only the CSV's columns that `names` lists: the
 * names the formulas use), checked to be of one length, in an object without prototype (`__proto__` is a
 * column name like any other). A name that is an unused column's but for case or a typo, and is not listed
 * in --params, is an error: it would silently become a parameter. For the commands that take columns only.
 */
export async function dataFlags(
  values: Parsed["values"],
  names: () => Iterable<string>,
  io: IO,
): Promise<Record<string, Float64Array>> {
  const data = await shapedDataFlags(values, names, io);
  for (const [name, value] of Object.entries(data))
    if (!(value instanceof Float64Array))
      throw new UsageError(`data '${name}' is a matrix; this command takes columns only (x=1,2,3)`);
  return data as Record<string, Float64Array>;
}

/**
 * As {@link dataFlags}, with matrices too: `--data X=[[1,2],[3,4]]` (by rows) and `--data X=x1,x2` (those
 * columns of the --csv file, which the formulas need not use).
 */
export async function shapedDataFlags(
  values: Parsed["values"],
  names: () => Iterable<string>,
  io: IO,
): Promise<Record<string, DataValue>> {
  const data = byName<DataValue>();
  const fromCsv = new Map<string, readonly string[]>();
  const given = (name: string) => Object.hasOwn(data, name) || fromCsv.has(name);
  for (const text of (values["data"] as string[] | undefined) ?? []) {
    const flag = parseDataFlag(text);
    if (given(flag.name)) throw new UsageError(`data column '${flag.name}' is given twice`);
    if (flag.kind === "csv") fromCsv.set(flag.name, flag.columns);
    else data[flag.name] = flag.kind === "column" ? flag.values : { shape: flag.shape, values: flag.values };
  }
  const csv = values["csv"] as string | undefined;
  const used = new Set(names());
  const unused = [...Object.keys(data), ...fromCsv.keys()].filter((name) => !used.has(name));
  if (fromCsv.size > 0 && csv === undefined) {
    const [name, columns] = [...fromCsv][0]!;
    throw new UsageError(
      `--data ${name}=${columns.join(",")} makes a matrix of CSV columns; give the file with --csv FILE (numbers are written ${name}=[[1,2],[3,4]])`,
    );
  }
  if (csv !== undefined) {
    const matrixColumns = new Set([...fromCsv.values()].flat());
    const header = new Set<string>();
    // only the columns the formulas and the matrices use are read; the others may hold anything, but a
    // typo can name them
    const include = (name: string) => {
      header.add(name);
      if (!used.has(name) && !matrixColumns.has(name)) unused.push(name);
      return used.has(name) || matrixColumns.has(name);
    };
    const columns = await readCsvFile(resolve(io.cwd, csv), { source: csv, include });
    for (const [name, listed] of fromCsv) {
      const missing = listed.find((column) => !header.has(column));
      if (missing !== undefined)
        throw new UsageError(
          `--data ${name}=${listed.join(",")}: ${csv} has no column '${missing}' (its columns: ${[...header].join(", ")})`,
        );
      data[name] = csvMatrix(listed.map((column) => columns[column]!));
    }
    for (const [name, column] of Object.entries(columns)) {
      if (!used.has(name)) continue;
      if (given(name)) throw new UsageError(`data column '${name}' is given by --data and by --csv`);
      data[name] = column;
    }
  }
  const params = values["params"] as string | undefined;
  const declared = new Set(params === undefined ? [] : declarations(params, "params").map((d) => d.name));
  const slip = columnSlip(
    [...used].filter((name) => !Object.hasOwn(data, name) && !declared.has(name)),
    unused,
  );
  if (slip) throw new UsageError(columnSlipMessage(slip, "declare it with --params"));
  const rows = Object.entries(data).map(([name, v]) => [
    name,
    { length: v instanceof Float64Array ? v.length : v.shape[0]! },
  ]);
  if (rows.length > 0) checkColumns(Object.fromEntries(rows));
  return data;
}

/** CSV columns side by side: the matrix with one row per CSV line, stored row after row. */
function csvMatrix(columns: readonly Float64Array[]): Tensor {
  const rows = columns[0]!.length;
  const k = columns.length;
  const values = new Float64Array(rows * k);
  columns.forEach((column, j) => {
    for (let i = 0; i < rows; i++) values[i * k + j] = column[i]!;
  });
  return { shape: [rows, k], values };
}

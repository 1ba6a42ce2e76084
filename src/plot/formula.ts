/**
 * Plots of a formula, not of numbers: each one compiles (or evaluates) the formula, samples it — the cost
 * along one parameter, over a grid of two, the model over its input's range — and passes the numbers to the
 * plots beside it. Input: a formula (text or tree), data columns, parameter values and optionally a minimize
 * result; output: SVG text titled with the formula as `format` prints it. Mistakes in naming (a parameter
 * the formula does not have) are PlotErrors.
 */

import type { TopLevelSpec } from "vega-lite";
import { compile, evaluate } from "../compile/index.js";
import { parameters } from "../diff/index.js";
import { type Expr, freeSymbols } from "../expr/index.js";
import { format } from "../print/index.js";
import { parse } from "../syntax/index.js";
import { SymgradError } from "../text/symgradError.js";
import { contourSpec } from "./contour.js";
import { costCurveSpec } from "./costCurve.js";
import { extent } from "./extent.js";
import { fitSpec } from "./fit.js";
import { landscapeSpec } from "./landscape.js";
import { render } from "./render.js";

/** A plot asked for something the formula does not have, or for an empty range. */
export class PlotError extends SymgradError {
  override readonly name = "PlotError";
}

/** What the plots read from a minimize result: the recorded iterates, parameters by name. */
export interface OptimizerRun {
  readonly history: readonly {
    readonly iteration: number;
    readonly cost: number;
    readonly params: Readonly<Record<string, number>>;
  }[];
}

type Data = Readonly<Record<string, ArrayLike<number>>>;

/** Options of {@link plotCostHistory}. */
export interface CostHistoryOptions {
  /** Shown above the plot; usually the formula that was minimized. */
  readonly title?: string;
}

/** SVG of the cost at every recorded iterate of a minimize run (log axis when it falls by decades). */
export async function plotCostHistory(run: OptimizerRun, options: CostHistoryOptions = {}): Promise<string> {
  return render(costHistorySpec(run, options));
}

/** The Vega-Lite spec that {@link plotCostHistory} draws. */
export function costHistorySpec(run: OptimizerRun, options: CostHistoryOptions = {}): TopLevelSpec {
  return costCurveSpec({
    iterations: run.history.map((h) => h.iteration),
    costs: run.history.map((h) => h.cost),
    ...(options.title === undefined ? {} : { title: options.title }),
  });
}

/** Options of {@link plotCostAlong}. */
export interface CostAlongOptions {
  /** Data columns by name; every other name of the cost is a parameter. */
  readonly data?: Data;
  /** The parameter on the x axis. */
  readonly param: string;
  /** Its range, `[from, to]` with from < to. */
  readonly range: readonly [number, number];
  /** Values of the other parameters (missing ones are 0, as minimize's `init`). */
  readonly fixed?: Readonly<Record<string, number>>;
  /**
   * Optimizer iterates to mark: given as points, or a minimize run, whose values of `param` are drawn on the
   * curve (at the cost there, the other parameters held at `fixed`).
   */
  readonly steps?: readonly { readonly value: number; readonly cost: number }[] | OptimizerRun;
  /** Draw the tangent at this value of `param`; its slope is the compiled gradient's component. */
  readonly tangent?: number;
  /** Number of samples over the range (default 201). */
  readonly points?: number;
  /** Replaces the formula as the title. */
  readonly title?: string;
}

/**
 * SVG of the cost against one parameter, the others fixed: the tutorial's "W vs Cost" figure. The cost is
 * compiled once over all its parameters and sampled at `points` evenly spaced values of `param`.
 */
export async function plotCostAlong(cost: string | Expr, options: CostAlongOptions): Promise<string> {
  return render(costAlongSpec(cost, options));
}

/** The Vega-Lite spec that {@link plotCostAlong} draws; PlotErrors as it. */
export function costAlongSpec(cost: string | Expr, options: CostAlongOptions): TopLevelSpec {
  const { param, range, points = 201 } = options;
  const slice = prepare(cost, options.data, [param], options.fixed);
  const values = linspace(checkRange(range, param), checkCount(points, "points", 2));
  const costs = values.map((v) => slice.value([v]));
  let steps: { value: number; cost: number }[] = [];
  if (options.steps !== undefined && "history" in options.steps) {
    steps = options.steps.history.map((h) => {
      const value = runValue(h.params, param);
      return { value, cost: slice.value([value]) };
    });
  } else if (options.steps !== undefined)
    steps = options.steps.map((s) => ({ value: s.value, cost: s.cost }));
  const scale = [range[1] - range[0], spread(costs)] as const;
  steps = thin(
    steps.map((s) => ({ x: s.value, y: s.cost })),
    scale,
  ).map((p) => ({ value: p.x, cost: p.y }));
  const tangent =
    options.tangent === undefined
      ? undefined
      : { at: options.tangent, cost: slice.value([options.tangent]), slope: slice.slope(options.tangent) };
  return landscapeSpec({
    param,
    values,
    costs,
    steps,
    ...(tangent ? { tangent } : {}),
    title: options.title ?? slice.title,
  });
}

/** Options of {@link plotCostContour}. */
export interface CostContourOptions {
  /** Data columns by name; every other name of the cost is a parameter. */
  readonly data?: Data;
  /** The parameters on the x and y axes. */
  readonly params: readonly [string, string];
  /** Their ranges, `[[x0, x1], [y0, y1]]`. */
  readonly ranges: readonly [readonly [number, number], readonly [number, number]];
  /** Values of the other parameters (missing ones are 0). */
  readonly fixed?: Readonly<Record<string, number>>;
  /** A minimize run whose iterates are drawn as a path. */
  readonly path?: OptimizerRun;
  /** Grid points per axis, one number for both or `[nx, ny]` (default 61). */
  readonly grid?: number | readonly [number, number];
  /** Replaces the formula as the title. */
  readonly title?: string;
}

/** SVG heat map of the cost over two parameters, the others fixed, with an optimizer's path if given. */
export async function plotCostContour(cost: string | Expr, options: CostContourOptions): Promise<string> {
  return render(costContourSpec(cost, options));
}

/** The Vega-Lite spec that {@link plotCostContour} draws; PlotErrors as it. */
export function costContourSpec(cost: string | Expr, options: CostContourOptions): TopLevelSpec {
  const { params, ranges, grid = 61 } = options;
  const [a, b] = params;
  if (a === b) throw new PlotError(`the contour needs two different parameters, not '${a}' twice`);
  const slice = prepare(cost, options.data, [a, b], options.fixed);
  const [nx, ny] = typeof grid === "number" ? [grid, grid] : grid;
  const xs = linspace(checkRange(ranges[0], a), checkCount(nx, "grid", 2));
  const ys = linspace(checkRange(ranges[1], b), checkCount(ny, "grid", 2));
  const costs = ys.map((y) => xs.map((x) => slice.value([x, y])));
  const path = thin(
    (options.path?.history ?? []).map((h) => ({ x: runValue(h.params, a), y: runValue(h.params, b) })),
    [ranges[0][1] - ranges[0][0], ranges[1][1] - ranges[1][0]],
  );
  return contourSpec({ params: [a, b], xs, ys, costs, path, title: options.title ?? slice.title });
}

/** Options of {@link plotModelFit}. */
export interface ModelFitOptions {
  /** The data columns; `input` and `output` must be among them. */
  readonly data: Data;
  /** The column the model reads (x axis) and the one it predicts (y axis). */
  readonly input: string;
  readonly output: string;
  /** Values of the model's parameters, e.g. a minimize result's `params`. */
  readonly params: Readonly<Record<string, number>>;
  /** Number of samples of the model over the input's range (default 101). */
  readonly points?: number;
  /** Replaces `output ≈ model (parameter values)` as the title. */
  readonly title?: string;
}

// How far the fitted curve reaches beyond the data on each side, as a fraction of the input's range.
const FIT_MARGIN = 0.1;

/**
 * SVG of the data rows as points and the model, at `params`, as a curve over the input's range (widened by
 * a tenth on each side).
 */
export async function plotModelFit(model: string | Expr, options: ModelFitOptions): Promise<string> {
  return render(modelFitSpec(model, options));
}

/** The Vega-Lite spec that {@link plotModelFit} draws; PlotErrors as it. */
export function modelFitSpec(model: string | Expr, options: ModelFitOptions): TopLevelSpec {
  const { data, input, output, params, points = 101 } = options;
  for (const column of [input, output])
    if (!Object.hasOwn(data, column)) throw new PlotError(`there is no data column '${column}'`);
  const expr = typeof model === "string" ? parse(model) : model;
  for (const name of freeSymbols(expr)) {
    if (name === input || Object.hasOwn(params, name)) continue;
    throw new PlotError(
      Object.hasOwn(data, name)
        ? `the model ${format(expr)} reads column '${name}'; it may read only its input '${input}'`
        : `the model ${format(expr)} needs a value for '${name}'`,
    );
  }
  const x = data[input]!;
  const [lo, hi] = extent(x) ?? [0, 1];
  // The curve reaches a little beyond the data, so the outermost points sit inside the plot, not on its frame.
  const margin = (hi - lo) * FIT_MARGIN || 1;
  const curveX = linspace([lo - margin, hi + margin], checkCount(points, "points", 2));
  const curveY = curveX.map((v) => evaluate(expr, { ...params, [input]: v }));
  const used = parameters(expr, { data: [input] });
  const values = used.map((n) => `${n} = ${short(params[n]!)}`).join(", ");
  return fitSpec({
    input,
    output,
    x,
    y: data[output]!,
    curve: { x: curveX, y: curveY },
    title: options.title ?? `${output} ≈ ${format(expr)}${values ? ` (${values})` : ""}`,
  });
}

/** A cost compiled over all its parameters, evaluated with some of them varied and the rest fixed. */
interface Slice {
  /** The cost with the varied parameters at `at` (in the order they were named). */
  value(at: readonly number[]): number;
  /** The derivative with respect to the first varied parameter, that one at `at`. */
  slope(at: number): number;
  /** The formula, and the fixed parameters' values if there are any. */
  readonly title: string;
}

function prepare(
  cost: string | Expr,
  data: Data = {},
  varied: readonly string[],
  fixed: Readonly<Record<string, number>> = {},
): Slice {
  const dataNames = Object.keys(data);
  const expr = typeof cost === "string" ? parse(cost, { data: dataNames }) : cost;
  const params = parameters(expr, { data: dataNames });
  const list = params.join(", ") || "none";
  for (const name of varied)
    if (!params.includes(name))
      throw new PlotError(`'${name}' is not a parameter of ${format(expr)} (parameters: ${list})`);
  for (const name of Object.keys(fixed)) {
    if (varied.includes(name)) throw new PlotError(`'${name}' is plotted, so it cannot also be fixed`);
    if (!params.includes(name))
      throw new PlotError(
        `cannot fix '${name}': it is not a parameter of ${format(expr)} (parameters: ${list})`,
      );
  }
  const objective = compile(expr, { params, data });
  const p = Float64Array.from(params, (n) => (Object.hasOwn(fixed, n) ? fixed[n]! : 0));
  const slots = varied.map((n) => params.indexOf(n));
  const grad = new Float64Array(params.length);
  const held = params.filter((n) => !varied.includes(n)).map((n) => `${n} = ${short(p[params.indexOf(n)]!)}`);
  const value = (at: readonly number[]) => {
    slots.forEach((slot, k) => {
      p[slot] = at[k]!;
    });
    return objective.value(p);
  };
  return {
    value,
    slope(at) {
      value([at]);
      objective.gradient(p, grad);
      return grad[slots[0]!]!;
    },
    title: held.length > 0 ? `${format(expr)} at ${held.join(", ")}` : format(expr),
  };
}

/** A parameter's value in a recorded iterate. */
function runValue(params: Readonly<Record<string, number>>, name: string): number {
  if (!Object.hasOwn(params, name))
    throw new PlotError(
      `the optimizer run has no parameter '${name}' (it has ${Object.keys(params).join(", ")})`,
    );
  return params[name]!;
}

function checkRange(range: readonly [number, number], name: string): [number, number] {
  const [from, to] = range;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to))
    throw new PlotError(
      `the range of '${name}' must be two finite numbers, the first smaller; got ${from}, ${to}`,
    );
  return [from, to];
}

function checkCount(n: number, what: string, least: number): number {
  if (!Number.isInteger(n) || n < least)
    throw new PlotError(`${what} must be a whole number ≥ ${least}, got ${n}`);
  return n;
}

/** `n` evenly spaced values from `from` to `to`, both included. */
function linspace([from, to]: readonly [number, number], n: number): number[] {
  return Array.from({ length: n }, (_, k) => (k === n - 1 ? to : from + ((to - from) * k) / (n - 1)));
}

function spread(values: readonly number[]): number {
  const [lo, hi] = extent(values) ?? [0, 1];
  return hi - lo;
}

// A path longer than this is thinned: thousands of iterates would draw thousands of overlapping dots.
const MAX_PATH_POINTS = 100;
// ... by dropping each point closer than this fraction of the plot to the last one kept.
const MIN_PATH_MOVE = 0.015;

/**
 * The path itself if it is short; otherwise its first and last points and every point that moved at least
 * {@link MIN_PATH_MOVE} of the plot (`scale` is the width and height in data units) from the last one kept.
 */
function thin<P extends { x: number; y: number }>(path: readonly P[], scale: readonly [number, number]): P[] {
  if (path.length <= MAX_PATH_POINTS) return [...path];
  const [sx, sy] = scale.map((s) => (s > 0 && Number.isFinite(s) ? s : 1)) as [number, number];
  const kept = [path[0]!];
  for (const p of path.slice(1, -1)) {
    const last = kept[kept.length - 1]!;
    if (Math.hypot((p.x - last.x) / sx, (p.y - last.y) / sy) >= MIN_PATH_MOVE) kept.push(p);
  }
  kept.push(path[path.length - 1]!);
  return kept;
}

/** Four significant digits, without trailing zeros: 0.9987, 0.002985, 3. */
function short(v: number): string {
  return String(+v.toPrecision(4));
}

/**
 * The page's worker: everything symgrad computes for the page runs here, off the main thread — parsing and
 * differentiating as the user types, reading CSV and program files, running the optimizer and building the
 * plots' Vega-Lite specs with the library's own spec builders. Input: Requests; output: Replies (see
 * protocol.ts). A run cannot be interrupted from inside; the page stops one by terminating this worker.
 */
import {
  costAlongSpec,
  costContourSpec,
  costHistorySpec,
  type Expr,
  format,
  freeSymbols,
  gradient,
  hessian,
  type Method,
  minimize,
  modelFitSpec,
  paddedRange,
  parameters,
  parse,
  parseProgram,
  readCsv,
} from "../src/index.js";
import { EpochRows } from "../src/minimize/index.js";
import { isFirstOrder, METHODS } from "../src/optimize/index.js";
import type { Derivative, Frame, Mistake, Outcome, Plots, Problem, Reply, Request } from "./protocol.js";

const scope = self as unknown as {
  postMessage(reply: Reply): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
};
const post = (reply: Reply) => scope.postMessage(reply);

scope.onmessage = ({ data: request }) => {
  try {
    handle(request);
  } catch (error) {
    const mistake = mistakeOf(error);
    if (request.type === "analyze")
      post({ type: "analysis", id: request.id, params: [], gradient: [], mistake, ms: 0 });
    else if (request.type === "run") post({ type: "done", id: request.id, mistake });
    else post({ type: request.type, id: request.id, mistake });
  }
};
post({ type: "ready", methods: METHODS.map((name) => ({ name, firstOrder: isFirstOrder(name) })) });

function handle(request: Request): void {
  switch (request.type) {
    case "analyze":
      analyze(request.id, request.problem);
      break;
    case "run":
      run(request.id, request.problem, request.along, request.iterations);
      break;
    case "csv": {
      const columns = Object.entries(readCsv(request.text, { source: request.source }));
      post({ type: "csv", id: request.id, columns: columns.map(([name, v]) => [name, Array.from(v)]) });
      break;
    }
    case "program":
      readProgram(request.id, request.text, request.source);
      break;
    default:
      request satisfies never;
  }
}

/** The message the CLI would print after `error: `, and where it points for a ParseError. */
function mistakeOf(error: unknown): Mistake {
  const e = error as { name?: string; message?: string; format?: () => string };
  const text = typeof e.format === "function" ? e.format() : (e.message ?? String(error));
  if (e.name !== "ParseError") return { text };
  const { line, column, length } = error as { line: number; column: number; length: number };
  return { text, at: { line, column, length } };
}

/** A record keyed by user names without a prototype, so a column called `constructor` is just a column. */
function record<V>(pairs: Iterable<readonly [string, V]>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [name, value] of pairs) out[name] = value;
  return out;
}

function analyze(id: number, problem: Problem): void {
  const start = performance.now();
  const data = problem.data.map(([name]) => name);
  const expr = parse(problem.formula, { data });
  const params = parameters(expr, { data });
  const roots: Expr[] = [...gradient(expr, params)];
  const labels = params.map((p) => ({ latex: `\\frac{\\partial f}{\\partial ${p}}`, text: `d/d${p}` }));
  if (problem.hessian) {
    const h = hessian(expr, params);
    params.forEach((p, i) => {
      for (let j = i; j < params.length; j++) {
        const q = params[j]!;
        labels.push({
          latex:
            i === j
              ? `\\frac{\\partial^2 f}{\\partial ${p}^2}`
              : `\\frac{\\partial^2 f}{\\partial ${p} \\partial ${q}}`,
          text: i === j ? `d2/d${p}2` : `d2/d${p} d${q}`,
        });
        roots.push(h[i]![j]!);
      }
    });
  }
  const latex = roots.length ? format(roots, { style: "latex", data }).split("\n") : [];
  const text = roots.length ? format(roots).split("\n") : [];
  const derivatives: Derivative[] = roots.map((_, k) => ({
    latexLabel: labels[k]!.latex,
    latex: latex[k]!,
    textLabel: labels[k]!.text,
    text: text[k]!,
  }));
  post({ type: "analysis", id, params, gradient: derivatives, ms: performance.now() - start });
}

/** One recorded iterate, in the shape the plot builders read (`OptimizerRun["history"]`). */
interface Point {
  readonly iteration: number;
  readonly cost: number;
  readonly params: Record<string, number>;
}

// A run longer than this keeps every k-th iterate for the plots, as the CLI does.
const MAX_TRACE = 5000;
// While a long run goes on, the page gets a frame this often (ms); a short run is replayed afterwards.
const LIVE_FRAME_MS = 250;
// A replay shows this many frames, more of them early, where gradient descent moves most.
const REPLAY_FRAMES = 12;

function run(id: number, problem: Problem, along: string | undefined, iterations?: number): void {
  const names = problem.data.map(([name]) => name);
  const data = record(problem.data.map(([name, values]) => [name, Float64Array.from(values)] as const));
  const expr = parse(problem.formula, { data: names });
  const params = parameters(expr, { data: names });
  const starts = new Map(problem.init);
  const method = problem.method as Method;
  const firstOrder = isFirstOrder(method);
  const total = firstOrder ? problem.epochs + 1 : problem.epochs;
  const table = new SeedTable(params, firstOrder, firstOrder ? total - 1 : total, Math.round(total / 20));
  const keepEvery = Math.max(1, Math.ceil(total / MAX_TRACE));
  const trace: Point[] = [];
  const plots = new PlotMaker(expr, problem, params, along);
  let lastFrame = performance.now();
  let live = false;
  const frame = (k: number): Frame => {
    const at = trace[k]!;
    return {
      iteration: at.iteration,
      cost: at.cost,
      params: params.map((p) => [p, at.params[p]!]),
      table: table.upTo(at.iteration),
      plots: plots.draw(trace.slice(0, k + 1)),
    };
  };
  const result = minimize(expr, {
    data,
    params,
    init: params.map((p) => starts.get(p) ?? 0),
    method,
    ...(firstOrder ? { learningRate: problem.lr } : {}),
    maxIterations: iterations === undefined ? total : Math.min(iterations, total),
    historyEvery: total + 1,
    onIteration(info) {
      table.see(info.iteration, info.cost, info.gradientNorm, info.params);
      if (info.iteration % keepEvery !== 0) return;
      // the playground's parameters are scalars (its formulas have no vectors)
      const named = info.named as Readonly<Record<string, number>>;
      trace.push({ iteration: info.iteration, cost: info.cost, params: record(Object.entries(named)) });
      if (iterations === undefined && performance.now() - lastFrame > LIVE_FRAME_MS) {
        plots.frameRanges(trace);
        post({ type: "frame", id, frame: frame(trace.length - 1) });
        lastFrame = performance.now();
        live = true;
      }
    },
  });
  if (trace[trace.length - 1]?.iteration !== result.iterations)
    trace.push({
      iteration: result.iterations,
      cost: result.cost,
      params: record(Object.entries(result.params)),
    });
  table.finish();
  plots.frameRanges(trace);
  const shown = live || iterations !== undefined ? [trace.length - 1] : replay(trace.length);
  for (const k of shown) post({ type: "frame", id, frame: frame(k) });
  const outcome: Outcome = {
    params: params.map((p) => [p, result.params[p]!]),
    cost: result.cost,
    method: result.method,
    status: result.status,
    message: result.message,
    converged: result.converged,
    statistics: [
      ["iterations", String(result.iterations)],
      ["cost evaluations", String(result.evaluations)],
      ["gradient evaluations", String(result.gradientEvaluations)],
      ...(result.hessianEvaluations > 0
        ? [["Hessian evaluations", String(result.hessianEvaluations)] as const]
        : []),
      ["|gradient|", result.gradientNorm.toPrecision(3)],
    ],
  };
  post({ type: "done", id, outcome });
}

/** Indices of the frames a replay of `n` iterates shows: the first, the last, and more early than late. */
function replay(n: number): number[] {
  const picked = new Set<number>();
  for (let j = 0; j <= REPLAY_FRAMES; j++) picked.add(Math.round((j / REPLAY_FRAMES) ** 2 * (n - 1)));
  return [...picked].sort((a, b) => a - b);
}

/**
 * The seed's training-loop table. Step methods: for epoch k, the cost before its step and the parameters
 * after it (so a row is complete one iterate later), every `every` epochs as the CLI prints them; line-search
 * methods: the state at each reported iteration.
 */
class SeedTable {
  private readonly rows: { iteration: number; cells: string[] }[] = [];
  private readonly epochs: EpochRows;
  private latest: { iteration: number; cells: string[] } | undefined;
  private readonly every: number;

  constructor(
    private readonly params: readonly string[],
    private readonly firstOrder: boolean,
    private readonly last: number,
    every: number,
  ) {
    this.every = Math.max(1, every);
    this.epochs = new EpochRows(every);
  }

  see(iteration: number, cost: number, gradientNorm: number, x: Float64Array): void {
    const width = Math.max(4, String(this.last).length);
    const label = (k: number) => `${String(k).padStart(width)}/${this.last}`;
    if (this.firstOrder) {
      const row = this.epochs.next(iteration, cost);
      if (row)
        this.rows.push({
          iteration,
          cells: [label(row.epoch), ...Array.from(x, (v) => v.toFixed(3)), row.cost.toFixed(6)],
        });
    } else {
      const cells = [label(iteration), ...Array.from(x, (v) => v.toFixed(6)), String(+cost.toPrecision(8))];
      this.latest = { iteration, cells: [...cells, gradientNorm.toPrecision(3)] };
      if (iteration % this.every === 0) this.rows.push(this.latest);
    }
  }

  /** Ends a line-search run's table with its final iterate, which is rarely a multiple of `every`. */
  finish(): void {
    const latest = this.latest;
    if (latest && this.rows[this.rows.length - 1] !== latest) this.rows.push(latest);
  }

  /** The header and the rows known at `iteration`. */
  upTo(iteration: number): string[][] {
    const header = this.firstOrder
      ? ["Epoch", ...this.params, "Cost"]
      : ["Iteration", ...this.params, "Cost", "|grad|"];
    return [header, ...this.rows.filter((r) => r.iteration <= iteration).map((r) => r.cells)];
  }
}

/** The four plots of a run, from the library's spec builders; a plot that cannot be drawn says why. */
class PlotMaker {
  private ranges = new Map<string, [number, number]>();
  private readonly data: Record<string, Float64Array>;

  constructor(
    private readonly expr: Expr,
    private readonly problem: Problem,
    private readonly params: readonly string[],
    private readonly along: string | undefined,
  ) {
    this.data = record(problem.data.map(([name, values]) => [name, Float64Array.from(values)] as const));
  }

  /**
   * Fixes each parameter's plotted range for the frames to come, as `symgrad plot` chooses it: the span of
   * the iterates, widened by half of it on each side and to at least ±1.
   */
  frameRanges(trace: readonly Point[]): void {
    for (const p of this.params) this.ranges.set(p, paddedRange(trace.map((point) => point.params[p]!)));
  }

  draw(history: readonly Point[]): Plots {
    const now = history[history.length - 1]!.params;
    const fixedExcept = (...plotted: string[]) =>
      record(this.params.filter((p) => !plotted.includes(p)).map((p) => [p, now[p]!] as const));
    const attempt = (make: () => object | string) => {
      try {
        return make();
      } catch (error) {
        return mistakeOf(error).text;
      }
    };
    const first = this.along !== undefined && this.params.includes(this.along) ? this.along : this.params[0];
    const second = this.params.find((p) => p !== first);
    return {
      cost: attempt(() => sized(costHistorySpec({ history }, { title: "cost over the iterations" }))),
      landscape: attempt(() =>
        first === undefined
          ? "The cost has no parameters to vary."
          : sized(
              costAlongSpec(this.expr, {
                data: this.data,
                param: first,
                range: this.ranges.get(first)!,
                fixed: fixedExcept(first),
                steps: { history },
                tangent: now[first]!,
              }),
            ),
      ),
      contour: attempt(() =>
        first === undefined || second === undefined
          ? "The contour needs two parameters."
          : sized(
              costContourSpec(this.expr, {
                data: this.data,
                params: [first, second],
                ranges: [this.ranges.get(first)!, this.ranges.get(second)!],
                fixed: fixedExcept(first, second),
                path: { history },
                grid: 31,
              }),
              PLOT_HEIGHT,
            ),
      ),
      fit: attempt(() => this.fit(now)),
    };
  }

  private fit(now: Record<string, number>): object | string {
    if (this.problem.model.trim() === "") return "Give a model, such as W*x + b, to draw it over the data.";
    const model = parse(this.problem.model);
    const columns = this.problem.data.map(([name]) => name);
    const read = freeSymbols(model).filter((n) => columns.includes(n));
    if (read.length !== 1)
      return `The model should read one data column; it reads ${read.join(", ") || "none"}.`;
    const output = columns.find((c) => c !== read[0]);
    if (output === undefined) return "The fit needs a second data column to compare the model with.";
    return sized(modelFitSpec(model, { data: this.data, input: read[0]!, output, params: now }));
  }
}

// The library's plots are sized for a report; the page shows four side by side, at their own size so that
// labels stay legible on a projector.
const PLOT_WIDTH = 340;
const PLOT_HEIGHT = 210;

/** `spec` drawn `width` wide (the plot area; a contour stays square) and PLOT_HEIGHT high. */
function sized(spec: object, width = PLOT_WIDTH): object {
  return { ...spec, width, height: PLOT_HEIGHT };
}

/** A program file's problem: its formula (definitions substituted), inline data, starting values, model. */
function readProgram(id: number, text: string, source: string): void {
  const program = parseProgram(text, source);
  const files = program.data.filter((d) => d.file !== undefined).map((d) => d.file!);
  const definitions = [...program.definitions.values()];
  const problem: Partial<Problem> = {
    formula: format(program.cost),
    data: program.data.flatMap((d) => (d.values ? [[d.names[0]!, d.values] as const] : [])),
    init: program.params.map((p) => [p.name, p.init] as const),
    model: definitions.length === 1 ? format(definitions[0]!) : "",
  };
  const mistake =
    files.length === 0
      ? undefined
      : {
          text: `${source} reads ${files.join(", ")}; drop that CSV file on the data table to load its columns`,
        };
  post({ type: "program", id, problem, ...(mistake ? { mistake } : {}) });
}

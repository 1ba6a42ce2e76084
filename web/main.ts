/**
 * The playground page: wires the editor, the data table, the settings and the outputs to the worker. The
 * state is one Problem, mirrored in the URL's hash after every edit; the worker answers each edit with the
 * gradient (typeset with KaTeX) or the parser's error, and each run with frames (progress table, plots)
 * that are played at a steady pace, then the result, whose element carries `data-params`.
 */
import "katex/dist/katex.min.css";
import { DataTable } from "./dataTable.js";
import { Engine } from "./engine.js";
import { EXAMPLES } from "./examples.js";
import { highlight, type Place } from "./highlight.js";
import { clearPlot, drawPlot } from "./plots.js";
import { programText } from "./programFile.js";
import type { Derivative, Frame, MethodInfo, Mistake, Outcome, Problem } from "./protocol.js";
import { fromHash, toHash } from "./state.js";
import {
  derivativeViews,
  failureView,
  frameView,
  outcomeView,
  paragraph,
  progressView,
  type Tex,
} from "./views.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  formula: $<HTMLTextAreaElement>("formula"),
  highlight: $<HTMLPreElement>("highlight"),
  error: $<HTMLPreElement>("error"),
  gradient: $<HTMLDivElement>("gradient"),
  hessian: $<HTMLInputElement>("hessian"),
  params: $<HTMLDivElement>("params"),
  method: $<HTMLSelectElement>("method"),
  lr: $<HTMLInputElement>("lr"),
  lrLabel: $<HTMLLabelElement>("lr-label"),
  epochs: $<HTMLInputElement>("epochs"),
  epochsName: $<HTMLSpanElement>("epochs-name"),
  model: $<HTMLInputElement>("model"),
  run: $<HTMLButtonElement>("run"),
  step: $<HTMLButtonElement>("step"),
  reset: $<HTMLButtonElement>("reset"),
  result: $<HTMLDivElement>("result"),
  along: $<HTMLSelectElement>("along"),
  progress: $<HTMLTableElement>("progress"),
  plots: {
    cost: $<HTMLDivElement>("cost-plot"),
    landscape: $<HTMLDivElement>("landscape-plot"),
    contour: $<HTMLDivElement>("contour-plot"),
    fit: $<HTMLDivElement>("fit-plot"),
  },
};

// The worker first, then KaTeX in parallel: the page is interactive once both have answered.
const engine = new Engine();
const katex = import("katex").then((m) => m.default);
let problem: Problem = fromHash(location.hash, EXAMPLES[0]!.problem);
let methods: readonly MethodInfo[] = [];
/** The latest analysis: the cost's parameters, or undefined while the formula has an error. */
let params: readonly string[] | undefined;
/** What is wrong with the formula, the data table or the last run, shown under the editor. */
const mistakes = { formula: undefined as Mistake | undefined, data: undefined as string | undefined };
let latestAnalysis = 0;
/** The iteration the outputs show (0 before any run), and whether a run is going on. */
let shownIteration = 0;
let running = false;

const table = new DataTable($<HTMLTableElement>("data"), (columns) => {
  mistakes.data = typeof columns === "string" ? columns : undefined;
  if (typeof columns !== "string") problem = { ...problem, data: columns };
  changed();
});

// ---- state → page ----------------------------------------------------------------------------------------

/** Shows the whole of `problem` in the inputs (after loading an example, a file or a link). */
function showProblem(): void {
  ui.formula.value = problem.formula;
  ui.hessian.checked = problem.hessian;
  ui.lr.value = String(problem.lr);
  ui.epochs.value = String(problem.epochs);
  ui.model.value = problem.model;
  table.show(problem.data);
  // The parameter inputs are rebuilt from problem.init by the analysis that follows.
  ui.params.replaceChildren();
  mistakes.data = undefined;
  showMethods();
  resetOutputs();
  changed();
}

function showMethods(): void {
  const names = methods.length ? methods.map((m) => m.name) : [problem.method];
  // A hand-edited link may name no method the library has; the select then shows, and uses, the first.
  if (!names.includes(problem.method)) problem = { ...problem, method: names[0]! };
  ui.method.replaceChildren(...names.map((name) => new Option(name, name, false, name === problem.method)));
  const firstOrder = methods.find((m) => m.name === problem.method)?.firstOrder ?? true;
  ui.lr.disabled = !firstOrder;
  ui.lrLabel.classList.toggle("off", !firstOrder);
  ui.epochsName.textContent = firstOrder ? "epochs" : "max iterations";
}

/** After any edit: the link, the highlighting, and a new analysis of the formula. */
function changed(): void {
  history.replaceState(null, "", `#${toHash(problem)}`);
  ui.result.classList.toggle("stale", ui.result.dataset["params"] !== undefined);
  void analyze();
}

async function analyze(): Promise<void> {
  const id = ++latestAnalysis;
  const typed = performance.now();
  if (problem.formula.trim() === "") {
    params = undefined; // nothing to run
    mistakes.formula = undefined;
    renderFormula();
    ui.gradient.replaceChildren();
    return;
  }
  const reply = await engine.ask({ type: "analyze", problem });
  const tex = await katex;
  if (id !== latestAnalysis) return;
  mistakes.formula = reply.mistake;
  params = reply.mistake ? undefined : reply.params;
  renderFormula();
  if (!reply.mistake) {
    renderGradient(reply.gradient, tex);
    renderParams(reply.params);
  }
  ui.gradient.classList.toggle("stale", Boolean(reply.mistake));
  // How long typing takes to show: from the edit to the typeset gradient, for the README's budget.
  const root = document.documentElement.dataset;
  root["gradientMs"] = (performance.now() - typed).toFixed(1);
  root["workerMs"] = reply.ms.toFixed(2);
  root["analyses"] = String(Number(root["analyses"] ?? 0) + 1);
}

function renderFormula(): void {
  const at: Place | undefined = mistakes.formula?.at;
  ui.highlight.innerHTML = highlight(ui.formula.value, at);
  const text = mistakes.formula?.text ?? mistakes.data;
  ui.error.hidden = text === undefined;
  ui.error.textContent = text ?? "";
  ui.run.disabled = ui.step.disabled = !running && (text !== undefined || params === undefined);
}

function renderGradient(derivatives: readonly Derivative[], tex: Tex): void {
  ui.gradient.replaceChildren(...derivativeViews(derivatives, tex, copyText));
}

function renderParams(names: readonly string[]): void {
  const starts = new Map(problem.init);
  const same =
    ui.params.childElementCount === names.length &&
    names.every((n, i) => ui.params.children[i]?.getAttribute("data-name") === n);
  if (!same) {
    ui.params.replaceChildren(
      ...names.map((name) => {
        const label = document.createElement("label");
        label.dataset["name"] = name;
        const input = document.createElement("input");
        input.type = "number";
        input.step = "any";
        input.value = String(starts.get(name) ?? 0);
        input.addEventListener("input", () => {
          const value = Number(input.value);
          input.classList.toggle("bad", input.value.trim() === "" || !Number.isFinite(value));
          if (!input.classList.contains("bad")) updateInit();
        });
        label.append(`${name} = `, input);
        return label;
      }),
    );
    ui.along.replaceChildren(...names.map((n) => new Option(n, n)));
  }
  if (names.length === 0) ui.params.textContent = "The cost has no parameters.";
  updateInit(false);
}

/** problem.init from the parameter inputs. */
function updateInit(edited = true): void {
  const init = [...ui.params.querySelectorAll<HTMLLabelElement>("label")].map((label) => {
    const input = label.querySelector("input")!;
    return [label.dataset["name"]!, Number(input.value) || 0] as const;
  });
  const before = toHash(problem);
  problem = { ...problem, init };
  if (edited || toHash(problem) !== before) history.replaceState(null, "", `#${toHash(problem)}`);
}

// ---- runs ------------------------------------------------------------------------------------------------

// The pace of a replay: a frame at most this often (ms), so a fast run is still seen descending.
const FRAME_MS = 110;

/** Runs the optimizer (all of it, or `iterations` steps) and plays its frames. */
async function run(iterations?: number): Promise<void> {
  if (params === undefined || mistakes.data) return;
  running = true;
  ui.run.textContent = "Stop";
  ui.step.disabled = true;
  ui.result.classList.remove("stale", "failed");
  delete ui.result.dataset["params"];
  if (iterations === undefined) ui.result.replaceChildren(paragraph("Running…", "placeholder"));
  const frames: Frame[] = [];
  let wake: (() => void) | undefined;
  const done = engine.run(problem, ui.along.value || undefined, iterations, (frame) => {
    frames.push(frame);
    wake?.();
  });
  let finished: Awaited<typeof done> | undefined;
  void done.then((d) => {
    finished = d;
    wake?.();
  });
  // Play frames one at a time, at most one per FRAME_MS, until the run is done and the last frame is shown.
  // When drawing takes longer than that (a slow machine, a large grid), frames are skipped to keep the pace.
  let skip = 0;
  while (running) {
    const frame = frames.shift();
    if (frame && skip > 0 && frames.length > 0) skip--;
    else if (frame) {
      const started = performance.now();
      await showFrame(frame);
      const took = performance.now() - started;
      skip = Math.floor(took / FRAME_MS) - 1;
      await pause(FRAME_MS - took);
    } else if (finished) break;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
  if (!running) return; // stopped
  running = false;
  ui.run.textContent = "Run";
  renderFormula();
  if (finished?.outcome) showOutcome(finished.outcome);
  else if (finished?.mistake) showFailure(finished.mistake);
}

function stop(): void {
  running = false;
  engine.restart();
  ui.run.textContent = "Run";
  renderFormula();
  ui.result.replaceChildren(paragraph(`Stopped at iteration ${shownIteration}.`, "placeholder"));
  void analyze();
}

async function showFrame(frame: Frame): Promise<void> {
  shownIteration = frame.iteration;
  ui.result.replaceChildren(...frameView(frame));
  ui.progress.replaceChildren(...progressView(frame.table));
  await Promise.all(
    (Object.keys(ui.plots) as (keyof typeof ui.plots)[]).map((kind) =>
      drawPlot(ui.plots[kind], frame.plots[kind]),
    ),
  );
}

function showOutcome(outcome: Outcome): void {
  ui.result.replaceChildren(...outcomeView(outcome));
  ui.result.dataset["status"] = outcome.status;
  ui.result.dataset["params"] = JSON.stringify(Object.fromEntries(outcome.params));
}

function showFailure(mistake: Mistake): void {
  ui.result.classList.add("failed");
  ui.result.replaceChildren(...failureView(mistake));
}

function resetOutputs(): void {
  if (running) stop();
  shownIteration = 0;
  delete ui.result.dataset["params"];
  delete ui.result.dataset["status"];
  ui.result.classList.remove("stale", "failed");
  ui.result.replaceChildren(
    paragraph("Press Run to minimize the cost, or Step to take one step.", "placeholder"),
  );
  ui.progress.replaceChildren();
  for (const element of Object.values(ui.plots)) clearPlot(element);
}

// ---- files, examples, links ----------------------------------------------------------------------------

async function openFile(file: File): Promise<void> {
  const text = await file.text();
  if (/\.sg$/i.test(file.name)) return loadProgram(text, file.name);
  const reply = await engine.ask({ type: "csv", text, source: file.name });
  if (reply.columns) {
    problem = { ...problem, data: reply.columns };
    showProblem();
  }
  mistakes.data = reply.mistake?.text;
  renderFormula();
}

async function loadProgram(text: string, source: string): Promise<void> {
  const reply = await engine.ask({ type: "program", text, source });
  if (reply.problem) {
    problem = { ...problem, ...reply.problem };
    showProblem();
  }
  if (reply.mistake) {
    if (reply.problem) mistakes.data = reply.mistake.text;
    else mistakes.formula = reply.mistake;
    renderFormula();
  }
}

function download(): void {
  const firstOrder = methods.find((m) => m.name === problem.method)?.firstOrder ?? true;
  const text = programText(problem, params ?? problem.init.map(([n]) => n), firstOrder);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  link.download = "problem.sg";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Copies `text`, and says so on `button` for a moment. */
async function copyText(text: string, button: HTMLButtonElement): Promise<void> {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "copied";
  } catch {
    button.textContent = "select and copy";
  }
  setTimeout(() => (button.textContent = label), 1200);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---- events ----------------------------------------------------------------------------------------------

ui.formula.addEventListener("input", () => {
  problem = { ...problem, formula: ui.formula.value };
  mistakes.formula = undefined;
  renderFormula();
  changed();
});
ui.formula.addEventListener("scroll", () => {
  ui.highlight.scrollTop = ui.formula.scrollTop;
  ui.highlight.scrollLeft = ui.formula.scrollLeft;
});
ui.formula.addEventListener("paste", (event) => {
  // A pasted program file (it has data, param or minimize statements) loads as a whole problem.
  const text = event.clipboardData?.getData("text/plain") ?? "";
  if (!/^\s*(data|param|minimize)\s/m.test(text)) return;
  event.preventDefault();
  void loadProgram(text, "pasted program");
});
ui.hessian.addEventListener("change", () => {
  problem = { ...problem, hessian: ui.hessian.checked };
  changed();
});
ui.method.addEventListener("change", () => {
  problem = { ...problem, method: ui.method.value };
  showMethods();
  changed();
});
for (const [input, key] of [
  [ui.lr, "lr"],
  [ui.epochs, "epochs"],
] as const) {
  input.addEventListener("input", () => {
    const value = Number(input.value);
    const ok =
      input.value.trim() !== "" && (key === "lr" ? value > 0 : Number.isInteger(value) && value >= 0);
    input.classList.toggle("bad", !ok);
    if (!ok) return;
    problem = { ...problem, [key]: value };
    changed();
  });
}
ui.model.addEventListener("input", () => {
  problem = { ...problem, model: ui.model.value };
  history.replaceState(null, "", `#${toHash(problem)}`);
});
ui.run.addEventListener("click", () => (running ? stop() : void run()));
ui.step.addEventListener("click", () => void run(shownIteration + 1));
ui.reset.addEventListener("click", resetOutputs);
ui.along.addEventListener("change", () => {
  if (shownIteration > 0 && !running) void run(shownIteration);
});
$("add-row").addEventListener("click", () => table.edit("row"));
$("add-column").addEventListener("click", () => table.edit("column"));
$("remove-row").addEventListener("click", () => table.edit("remove-row"));
$("download").addEventListener("click", download);
$("copy-link").addEventListener(
  "click",
  (event) => void copyText(location.href, event.currentTarget as HTMLButtonElement),
);
$<HTMLInputElement>("open").addEventListener("change", (event) => {
  const file = (event.currentTarget as HTMLInputElement).files?.[0];
  if (file) void openFile(file);
});
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  document.body.classList.add("dropping");
});
document.addEventListener("dragleave", () => document.body.classList.remove("dropping"));
document.addEventListener("drop", (event) => {
  event.preventDefault();
  document.body.classList.remove("dropping");
  const file = event.dataTransfer?.files[0];
  if (file) void openFile(file);
});
window.addEventListener("hashchange", () => {
  if (location.hash.slice(1) === toHash(problem)) return;
  problem = fromHash(location.hash, problem);
  showProblem();
});

$("examples").append(
  ...EXAMPLES.map((example) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = example.label;
    button.title = example.about;
    button.addEventListener("click", () => {
      problem = example.problem;
      showProblem();
    });
    return button;
  }),
);

showProblem();
void engine.methods.then(async (list) => {
  methods = list;
  showMethods();
  await analyze();
  // Interactive: the methods are listed and the first gradient is typeset.
  document.documentElement.dataset["readyMs"] = performance.now().toFixed(0);
});

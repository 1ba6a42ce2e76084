/**
 * The page's outputs as DOM nodes, built from the worker's plain data: the typeset derivatives with their
 * text to copy, the state of a run while it plays, its result, a failed run, and the seed-style progress
 * table. Every user-supplied string goes in as text, never as HTML.
 */
import type { Derivative, Frame, Mistake, Outcome } from "./protocol.js";

/** KaTeX's module, loaded beside the page. */
export type Tex = typeof import("katex").default;

/** One block per derivative: the LaTeX typeset, and below it the text form with a copy button. */
export function derivativeViews(
  derivatives: readonly Derivative[],
  tex: Tex,
  copy: (text: string, button: HTMLButtonElement) => unknown,
): HTMLElement[] {
  return derivatives.map((d) => {
    const math = element("div", "math");
    tex.render(`${d.latexLabel} = ${d.latex}`, math, { throwOnError: false, displayMode: true });
    const button = element("button", "copy", "copy");
    button.type = "button";
    button.title = "Copy the formula";
    button.addEventListener("click", () => copy(d.text, button));
    const line = element("div", "text");
    line.append(element("code", "", `${d.textLabel} = ${d.text}`), button);
    const row = element("div", "derivative");
    row.append(math, line);
    return row;
  });
}

/** The result box during a run: the iteration, the parameters and the cost there. */
export function frameView(frame: Frame): HTMLElement[] {
  const short = (v: number) => String(+v.toPrecision(6));
  return [
    element("h2", "", `Iteration ${frame.iteration}`),
    values([...frame.params.map(([n, v]) => [n, short(v)] as const), ["cost", short(frame.cost)]]),
  ];
}

/** The result box after a run: every digit of the parameters and cost, the message and the counts. */
export function outcomeView(outcome: Outcome): HTMLElement[] {
  return [
    element("h2", "", "Result"),
    values([...outcome.params.map(([n, v]) => [n, String(v)] as const), ["cost", String(outcome.cost)]]),
    paragraph(`${outcome.method}: ${outcome.message}`, outcome.converged ? "status good" : "status"),
    values(outcome.statistics, "statistics"),
  ];
}

/** The result box when a run could not start: the message as the CLI prints it. */
export function failureView(mistake: Mistake): HTMLElement[] {
  return [element("h2", "", "The run stopped"), element("pre", "error", mistake.text)];
}

/** The progress table's head and body from its rows (the first is the header). */
export function progressView(rows: readonly (readonly string[])[]): HTMLElement[] {
  const [header = [], ...body] = rows;
  const row = (cells: readonly string[], tag: "th" | "td") => {
    const tr = element("tr");
    tr.append(...cells.map((c) => element(tag, "", c)));
    return tr;
  };
  const head = element("thead");
  head.append(row(header, "th"));
  const tbody = element("tbody");
  tbody.append(...body.map((cells) => row(cells, "td")));
  return [head, tbody];
}

/** A paragraph of text. */
export function paragraph(text: string, className: string): HTMLParagraphElement {
  return element("p", className, text);
}

function values(pairs: readonly (readonly [string, string])[], className = "values"): HTMLDListElement {
  const list = element("dl", className);
  for (const [name, value] of pairs) list.append(element("dt", "", name), element("dd", "", value));
  return list;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws the worker's Vega-Lite specs with vega-embed, which (with Vega and Vega-Lite) is loaded on the first
 * plot, not with the page. A plot that cannot be drawn shows the worker's sentence instead. The page draws
 * one frame at a time, so two embeds never race for one element.
 */
import type { Result, VisualizationSpec } from "vega-embed";

let loading: Promise<typeof import("vega-embed")> | undefined;
const shown = new WeakMap<HTMLElement, Result>();

/** Shows `spec` in `element`: a chart, or a note when `spec` is a sentence. */
export async function drawPlot(element: HTMLElement, spec: object | string): Promise<void> {
  if (typeof spec === "string") {
    shown.get(element)?.finalize();
    shown.delete(element);
    const note = document.createElement("p");
    note.className = "plot-note";
    note.textContent = spec;
    element.replaceChildren(note);
    return;
  }
  loading ??= import("vega-embed");
  const { default: embed } = await loading;
  const result = await embed(element, spec as VisualizationSpec, { actions: false, renderer: "canvas" });
  shown.get(element)?.finalize();
  shown.set(element, result);
}

/** Empties `element`. */
export function clearPlot(element: HTMLElement): void {
  shown.get(element)?.finalize();
  shown.delete(element);
  element.replaceChildren();
}

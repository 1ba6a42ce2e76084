/**
 * The one place where a Vega-Lite spec becomes SVG text: compile to Vega, run a headless View with no
 * renderer, serialise its scenegraph. Vega and Vega-Lite are large, so they are imported here, on the first
 * plot, never when the CLI starts. Also holds the look shared by every plot (fonts, sizes, title style).
 */
import type { Config, TopLevelSpec } from "vega-lite";

// Font lists, not single names: the SVG is also rasterised by resvg, which picks the first installed family.
const SANS = "Helvetica Neue, Helvetica, Arial, DejaVu Sans, Liberation Sans, sans-serif";
const MONO = "Menlo, Consolas, DejaVu Sans Mono, Liberation Mono, monospace";

const CONFIG: Config = {
  font: SANS,
  background: "white",
  padding: 12,
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: "normal",
    titlePadding: 8,
    gridColor: "#e6e6e6",
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
  // The title is the user's formula: monospace, so operators and parentheses read as typed.
  title: { font: MONO, fontSize: 13, fontWeight: "normal", anchor: "start", offset: 12 },
};

/** Plot-area size in pixels, shared so all plots line up in a report. */
export const SIZE = { width: 480, height: 300 } as const;

/**
 * `spec` with the shared look and, if given, `title` (usually the formula) on top: the full Vega-Lite spec
 * that {@link render} draws, and that a browser can embed as it is.
 */
export function styled(spec: TopLevelSpec, title?: string): TopLevelSpec {
  return { ...spec, config: CONFIG, ...(title === undefined ? {} : { title }) } as TopLevelSpec;
}

/** Renders a full spec (see {@link styled}) to SVG text. */
export async function render(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The cost as a function of one parameter, the others held fixed: the "W vs Cost" figure of the gradient
 * descent tutorial. On the curve it can mark the optimizer's steps (joined in order from a "start" label, so
 * the direction and any overshooting show) and draw the tangent at a point, whose slope is the derivative
 * that the step follows. The tangent is clipped to
 * the curve's cost range so that a steep slope does not squash the curve.
 */
import type { TopLevelSpec } from "vega-lite";
import { checkLengths } from "./checkLengths.js";
import { extent } from "./extent.js";
import { render, SIZE, styled } from "./render.js";

/** Input of {@link plotLandscape}. */
export interface Landscape {
  /** The parameter's name, the x axis title. */
  readonly param: string;
  /** Grid of parameter values; `costs[i]` is the cost at `values[i]`. */
  readonly values: ArrayLike<number>;
  readonly costs: ArrayLike<number>;
  /** Optimizer iterates, in order, drawn as points joined by chords. */
  readonly steps?: readonly { readonly value: number; readonly cost: number }[];
  /** A tangent at `at`, where the cost is `cost` and its derivative `slope`. */
  readonly tangent?: { readonly at: number; readonly cost: number; readonly slope: number };
  /** Shown above the plot; usually the formula. */
  readonly title?: string;
}

// Half the tangent's length, as a fraction of the parameter range.
const TANGENT_REACH = 0.15;

/**
 * SVG of cost against one parameter, with optimizer steps and a tangent if given. RangeError if lengths
 * differ.
 */
export async function plotLandscape(landscape: Landscape): Promise<string> {
  return render(landscapeSpec(landscape));
}

/** The Vega-Lite spec that {@link plotLandscape} draws. RangeError if lengths differ. */
export function landscapeSpec({ param, values, costs, steps = [], tangent, title }: Landscape): TopLevelSpec {
  checkLengths({ values, costs });
  const curve = Array.from(values, (x, i) => ({ x, cost: Number.isFinite(costs[i]!) ? costs[i]! : null }));
  const x = { field: "x", type: "quantitative", title: param, scale: { zero: false } } as const;
  const y = { field: "cost", type: "quantitative", title: "cost", scale: { zero: false } } as const;
  // One legend entry per series present; the colour scale is stated once, on the first layer.
  const series: { label: string; color: string }[] = [{ label: "cost", color: "#4c78a8" }];
  const tangentLabel =
    tangent && `tangent at ${param} = ${+tangent.at.toPrecision(4)}, slope ${+tangent.slope.toPrecision(4)}`;
  if (steps.length > 0) series.push({ label: "optimizer steps", color: "#e45756" });
  if (tangentLabel !== undefined) series.push({ label: tangentLabel, color: "#f58518" });
  const color = (label: string) => ({ datum: label });
  const layer: object[] = [
    {
      data: { values: curve },
      mark: { type: "line", strokeWidth: 2 },
      encoding: {
        x,
        y,
        color: {
          ...color("cost"),
          scale: { domain: series.map((s) => s.label), range: series.map((s) => s.color) },
          legend: {
            title: null,
            orient: "top",
            direction: "horizontal",
            symbolType: "stroke",
            gridAlign: "none",
            labelLimit: 0,
            columnPadding: 18,
          },
        },
      },
    },
  ];
  if (tangent !== undefined && tangentLabel !== undefined) {
    const encoding = { x, y, color: color(tangentLabel) };
    layer.push(
      {
        name: "tangent",
        data: { values: tangentSegment(tangent, values, costs) },
        mark: { type: "line", strokeWidth: 2, strokeDash: [6, 4] },
        encoding,
      },
      {
        name: "touch",
        data: { values: [{ x: tangent.at, cost: tangent.cost }] },
        mark: { type: "point", ...POINT },
        encoding,
      },
    );
  }
  if (steps.length > 0) {
    // Chords between successive iterates show the direction, and overshooting as a zigzag across the valley.
    const points = steps.map((s, k) => ({ x: s.value, cost: s.cost, step: k }));
    const encoding = { x, y, color: color("optimizer steps"), order: { field: "step" } };
    layer.push(
      {
        name: "steps",
        data: { values: points },
        mark: { type: "line", strokeWidth: 1.5, point: POINT },
        encoding,
      },
      {
        name: "start",
        data: { values: points.slice(0, 1) },
        mark: { type: "text", text: "start", dy: -12, fontSize: 11 },
        encoding,
      },
    );
  }
  return styled({ ...SIZE, layer } as TopLevelSpec, title);
}

const POINT = { filled: true, size: 60, opacity: 1, stroke: "white", strokeWidth: 1 } as const;

/**
 * The tangent from `at - reach` to `at + reach`, shortened where it leaves the curve's cost range. `reach` is
 * a fraction of the parameter range (or 1 if the grid is a single point).
 */
function tangentSegment(
  { at, cost, slope }: { at: number; cost: number; slope: number },
  values: ArrayLike<number>,
  costs: ArrayLike<number>,
): { x: number; cost: number }[] {
  const [left, right] = extent(values) ?? [at, at];
  const reach = TANGENT_REACH * (right - left || 1);
  let [from, to] = [at - reach, at + reach];
  const range = extent(costs);
  if (slope !== 0 && range !== undefined) {
    // Where the line crosses the lowest and highest cost on the curve: keep the part between them.
    const [a, b] = range.map((bound) => at + (bound - cost) / slope) as [number, number];
    from = Math.max(from, Math.min(a, b));
    to = Math.min(to, Math.max(a, b));
  }
  if (!(from < to)) [from, to] = [at - reach, at + reach];
  return [from, to].map((x) => ({ x, cost: cost + slope * (x - at) }));
}

/**
 * The cost over a grid of two parameters, as a heat map, with the optimizer's path on top, so one sees how
 * the path follows (or zigzags across) the valley. Grid cells reach halfway to their neighbours, so uneven
 * grids are drawn without gaps or overlaps. Colour is on a log scale when the costs span decades (see
 * costScale.ts), which is what makes the valley floor of an ill-conditioned cost visible.
 */
import type { TopLevelSpec } from "vega-lite";
import { checkLengths } from "./checkLengths.js";
import { costEncoding } from "./costEncoding.js";
import { render, styled } from "./render.js";

/** Input of {@link plotContour}: `costs[j][i]` is the cost at `(xs[i], ys[j])`. */
export interface Contour {
  /** Names of the x and y parameters, the axis titles. */
  readonly params: readonly [string, string];
  /** Grid coordinates, ascending. */
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  readonly costs: readonly ArrayLike<number>[];
  /** Optimizer iterates, in order. */
  readonly path?: readonly { readonly x: number; readonly y: number }[];
  /** Shown above the plot; usually the formula. */
  readonly title?: string;
}

const SIDE = 360;

/**
 * SVG heat map of cost over two parameters, with the optimizer path as a line through its points. Throws a
 * RangeError if the grid and the costs disagree in shape.
 */
export async function plotContour(contour: Contour): Promise<string> {
  return render(contourSpec(contour));
}

/** The Vega-Lite spec that {@link plotContour} draws. RangeError if the grid and costs disagree in shape. */
export function contourSpec({ params, xs, ys, costs, path = [], title }: Contour): TopLevelSpec {
  checkLengths({ ys, costs });
  for (const [j, row] of costs.entries()) checkLengths({ xs, [`costs[${j}]`]: row });
  const xEdges = cellEdges(xs);
  const yEdges = cellEdges(ys);
  // Each cell reaches 0.6 px into its upper neighbours, hiding the anti-aliasing seams between adjacent
  // cells; the overhang at the far edges is clipped away with the rest of the plot's outside.
  const [dx, dy] = [xEdges, yEdges].map((e) => (0.6 * (e[e.length - 1]! - e[0]!)) / SIDE) as [number, number];
  const cells = Array.from(ys, (_, j) =>
    Array.from(xs, (_, i) => {
      const cost = costs[j]![i]!;
      return {
        x0: xEdges[i],
        x1: xEdges[i + 1]! + dx,
        y0: yEdges[j],
        y1: yEdges[j + 1]! + dy,
        cost: Number.isFinite(cost) ? cost : null,
      };
    }),
  ).flat();
  const flat = cells.flatMap((c) => (c.cost === null ? [] : [c.cost]));
  // The plot shows exactly the grid; the path is clipped to it.
  const axis = (title: string, edges: number[]) => ({
    type: "quantitative",
    title,
    scale: { domain: [edges[0], edges[edges.length - 1]], nice: false, zero: false },
  });
  const x = axis(params[0], xEdges);
  const y = axis(params[1], yEdges);
  const cost = costEncoding(flat);
  const layer: object[] = [
    {
      name: "cells",
      data: { values: cells },
      mark: { type: "rect", clip: true },
      encoding: {
        x: { ...x, field: "x0" },
        x2: { field: "x1" },
        y: { ...y, field: "y0" },
        y2: { field: "y1" },
        color: {
          field: "cost",
          type: "quantitative",
          title: "cost",
          scale: { ...cost.scale, scheme: "viridis" },
          legend: { ...cost.guide, gradientLength: SIDE / 2 },
        },
      },
    },
  ];
  if (path.length > 0) {
    layer.push({
      name: "path",
      data: { values: path.map((p, k) => ({ x: p.x, y: p.y, step: k })) },
      mark: {
        type: "line",
        color: "white",
        strokeWidth: 1.5,
        clip: true,
        point: { filled: true, size: 24, fill: "white", stroke: "#222", strokeWidth: 0.8, opacity: 1 },
      },
      encoding: { x: { ...x, field: "x" }, y: { ...y, field: "y" }, order: { field: "step" } },
    });
  }
  const spec = { width: SIDE, height: SIDE, layer };
  return styled(spec as TopLevelSpec, title);
}

/**
 * Boundaries of the cells centred on sorted grid points: midpoints between them, half a step beyond the ends.
 */
function cellEdges(points: ArrayLike<number>): number[] {
  const p = Array.from(points);
  if (p.length === 1) return [p[0]! - 0.5, p[0]! + 0.5];
  const mid = p.slice(1).map((v, i) => (p[i]! + v) / 2);
  return [p[0]! - (mid[0]! - p[0]!), ...mid, p[p.length - 1]! + (p[p.length - 1]! - mid[mid.length - 1]!)];
}

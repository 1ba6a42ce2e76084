/**
 * Cost against iteration for one optimizer run: the picture of convergence. Costs that fall by more than two
 * decades are drawn on a log axis (see costScale.ts); non-finite costs, as from a diverging run, become gaps
 * in the line rather than stretching the axis to infinity.
 */
import type { TopLevelSpec } from "vega-lite";
import { checkLengths } from "./checkLengths.js";
import { costEncoding } from "./costEncoding.js";
import { render, SIZE, styled } from "./render.js";

/** Input of {@link plotCostCurve}: `costs[k]` is the cost after `iterations[k]`. */
export interface CostCurve {
  readonly iterations: ArrayLike<number>;
  readonly costs: ArrayLike<number>;
  /** Shown above the plot; usually the formula being minimized. */
  readonly title?: string;
}

// Beyond this many iterations the points would merge into a thick line; the line alone reads better.
const MAX_POINTS = 60;

/**
 * SVG of cost over iterations, as a line (points too for short runs). Throws a RangeError if lengths differ.
 */
export async function plotCostCurve(curve: CostCurve): Promise<string> {
  return render(costCurveSpec(curve));
}

/** The Vega-Lite spec that {@link plotCostCurve} draws. Throws a RangeError if lengths differ. */
export function costCurveSpec({ iterations, costs, title }: CostCurve): TopLevelSpec {
  checkLengths({ iterations, costs });
  const values = Array.from(costs, (cost, k) => ({
    iteration: iterations[k],
    cost: Number.isFinite(cost) ? cost : null,
  }));
  const cost = costEncoding(costs);
  const spec: TopLevelSpec = {
    ...SIZE,
    data: { values },
    mark: { type: "line", point: costs.length <= MAX_POINTS, strokeWidth: 2 },
    encoding: {
      x: {
        field: "iteration",
        type: "quantitative",
        title: "iteration",
        scale: { nice: false },
        axis: { tickMinStep: 1, format: "d" },
      },
      y: { field: "cost", type: "quantitative", title: "cost", scale: cost.scale, axis: cost.guide },
    },
  } as TopLevelSpec;
  return styled(spec, title);
}

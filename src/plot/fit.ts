/**
 * The data and the fitted model in one picture: data rows as points, the model's prediction as a line over
 * the input range. For a model with one input column and one output column, e.g. `y ≈ W*x + b`.
 */
import type { TopLevelSpec } from "vega-lite";
import { checkLengths } from "./checkLengths.js";
import { render, SIZE, styled } from "./render.js";

/** Input of {@link plotFit}. */
export interface Fit {
  /** Names of the input and output columns, the axis titles. */
  readonly input: string;
  readonly output: string;
  /** The data rows. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** The model evaluated at some inputs, drawn in order of `x`. */
  readonly curve: { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> };
  /** Shown above the plot; usually the formula. */
  readonly title?: string;
}

/** SVG of data points and the fitted curve through them. Throws a RangeError if lengths differ. */
export async function plotFit(fit: Fit): Promise<string> {
  return render(fitSpec(fit));
}

/** The Vega-Lite spec that {@link plotFit} draws. Throws a RangeError if lengths differ. */
export function fitSpec({ input, output, x, y, curve, title }: Fit): TopLevelSpec {
  checkLengths({ x, y });
  checkLengths({ "curve.x": curve.x, "curve.y": curve.y });
  const rows = (xs: ArrayLike<number>, ys: ArrayLike<number>) =>
    Array.from(xs, (v, i) => ({ x: v, y: Number.isFinite(ys[i]!) ? ys[i] : null }));
  const encoding = {
    x: { field: "x", type: "quantitative", title: input, scale: { zero: false } },
    y: { field: "y", type: "quantitative", title: output, scale: { zero: false } },
  };
  const spec = {
    ...SIZE,
    layer: [
      {
        name: "data",
        data: { values: rows(x, y) },
        mark: { type: "point", filled: true, size: 50, opacity: 0.8 },
        encoding,
      },
      {
        name: "model",
        data: { values: rows(curve.x, curve.y) },
        mark: { type: "line", color: "#f58518", strokeWidth: 2 },
        encoding,
      },
    ],
  };
  return styled(spec as TopLevelSpec, title);
}

/**
 * Plots of an optimization as SVG text: cost over iterations, cost against one parameter, a heat map over two
 * with the optimizer path, and data with the fitted curve; plus SVG → PNG. Input is plain numbers, or (in
 * formula.ts) a formula that is compiled and sampled. Nothing
 * heavy is imported here: Vega, Vega-Lite and resvg load on the first plot, so the CLI starts fast.
 */
export { type Contour, plotContour } from "./contour.js";
export { type CostCurve, plotCostCurve } from "./costCurve.js";
export { type CostScale, costScale, LOG_SCALE_DECADES } from "./costScale.js";
export { type Fit, plotFit } from "./fit.js";
export {
  type CostAlongOptions,
  type CostContourOptions,
  type CostHistoryOptions,
  type ModelFitOptions,
  type OptimizerRun,
  PlotError,
  plotCostAlong,
  plotCostContour,
  plotCostHistory,
  plotModelFit,
} from "./formula.js";
export { type Landscape, plotLandscape } from "./landscape.js";
export { svgToPng } from "./png.js";

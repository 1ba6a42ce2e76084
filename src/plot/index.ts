/**
 * Plots of an optimization as SVG text: cost over iterations, cost against one parameter, a heat map over two
 * with the optimizer path, and data with the fitted curve; plus SVG → PNG. Each plot's Vega-Lite spec is also
 * exported (`…Spec`), for a browser that draws it itself. Input is plain numbers, or (in
 * formula.ts) a formula that is compiled and sampled. Nothing
 * heavy is imported here: Vega, Vega-Lite and resvg load on the first plot, so the CLI starts fast.
 */
export { type Contour, contourSpec, plotContour } from "./contour.js";
export { type CostCurve, costCurveSpec, plotCostCurve } from "./costCurve.js";
export { type CostScale, costScale, LOG_SCALE_DECADES } from "./costScale.js";
export { extent, paddedRange } from "./extent.js";
export { type Fit, fitSpec, plotFit } from "./fit.js";
export {
  type CostAlongOptions,
  type CostContourOptions,
  type CostHistoryOptions,
  costAlongSpec,
  costContourSpec,
  costHistorySpec,
  type ModelFitOptions,
  modelFitSpec,
  type OptimizerRun,
  PlotError,
  plotCostAlong,
  plotCostContour,
  plotCostHistory,
  plotModelFit,
} from "./formula.js";
export { type Landscape, landscapeSpec, plotLandscape } from "./landscape.js";
export { svgToPng } from "./png.js";

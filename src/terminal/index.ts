/**
 * What makes the CLI pleasant in a terminal: colours that respect NO_COLOR, a live progress bar with the
 * current cost, a cost chart in box characters, and compact numbers. Input: plain numbers and the output
 * stream; nothing here knows about formulas.
 */
export { asciiChart, type ChartOptions } from "./asciiChart.js";
export { type Colors, colorEnabled, colors, type Style } from "./colors.js";
export { createProgress, type Progress, type ProgressOptions } from "./progress.js";
export { shortNumber } from "./shortNumber.js";

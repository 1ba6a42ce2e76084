/**
 * A cost curve drawn with box characters (asciichart), for `--chart` in a terminal. Long runs are resampled
 * to the chart width, keeping the first and last values; costs spanning decades are drawn on a log axis,
 * chosen by the same rule as the SVG plots, with axis labels still in cost units. A caption line under the
 * chart says how many values it shows, whether the axis is logarithmic, and how many non-finite values were
 * left out.
 */
import { plot } from "asciichart";
import { costScale } from "../plot/index.js";
import { shortNumber } from "./shortNumber.js";

/** Size of {@link asciiChart}'s drawing area, in character cells. */
export interface ChartOptions {
  /** Rows of the plot area. Default 12. */
  readonly height?: number;
  /** Most columns of the plot area: longer series are resampled to this many points. Default 60. */
  readonly width?: number;
}

const LABEL_WIDTH = 10;

/** `values` (e.g. cost per iteration) as a multi-line chart with a caption line; no trailing newline. */
export function asciiChart(
  values: ArrayLike<number>,
  { height = 12, width = 60 }: ChartOptions = {},
): string {
  const finite = Array.from(values).filter(Number.isFinite);
  const left = values.length - finite.length;
  const notes = left === 0 ? [] : [`${left} non-finite value${left === 1 ? "" : "s"} not drawn`];
  if (finite.length === 0) return `(nothing to draw: ${notes[0] ?? "no values"})`;

  const points = Math.min(Math.max(1, Math.floor(width)), finite.length);
  // Evenly spaced samples that keep the first and last value: where a run starts and where it ended.
  const sampled = Array.from(
    { length: points },
    (_, k) => finite[points === 1 ? 0 : Math.round((k * (finite.length - 1)) / (points - 1))]!,
  );

  const scale = costScale(finite);
  const shift = scale.type === "symlog" ? scale.constant : 0;
  const [toAxis, fromAxis] =
    scale.type === "linear"
      ? [(v: number) => v, (y: number) => y]
      : [(v: number) => Math.log10(v + shift), (y: number) => 10 ** y - shift];

  const chart = plot(sampled.map(toAxis), {
    height: Math.max(1, Math.floor(height)),
    format: (y) => shortNumber(fromAxis(y), 4).padStart(LABEL_WIDTH),
  });
  const caption = [
    points < finite.length ? `${finite.length} values, ${points} drawn` : `${finite.length} values`,
    scale.type === "linear" ? "linear scale" : "log10 scale",
    ...notes,
  ].join(", ");
  return `${chart}\n${" ".repeat(LABEL_WIDTH + 2)}${caption}`;
}

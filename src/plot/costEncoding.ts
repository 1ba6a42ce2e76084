/**
 * How a cost is put on an axis or a colour legend: the Vega-Lite scale for the {@link costScale} decision,
 * and the guide (axis or legend) properties that go with it. A symlog scale gets explicit ticks at 0 and at
 * each power of ten, since Vega's own symlog ticks are linear and would bunch up at the top. Labels on log
 * scales are plain decimals near 1 and exponents (1e-7) far from it.
 */
import { costScale } from "./costScale.js";
import { extent } from "./extent.js";

// Plain decimals from 0.001 to 1000, exponents beyond: "0.01", "100", "1e-7", never "0.0000001" or "1e+1".
const LOG_LABEL = [
  "datum.value != 0 && (abs(datum.value) < 1e-3 || abs(datum.value) >= 1e4)",
  "? format(datum.value, '.0e') : format(datum.value, '~g')",
].join(" ");

/** The scale and guide properties for a channel that shows `costs`. */
export function costEncoding(costs: ArrayLike<number>): { scale: object; guide: object } {
  const scale = costScale(costs);
  if (scale.type === "linear") return { scale: { zero: false }, guide: {} };
  const [smallest, largest] = extent(costs)!;
  const powersFrom = (low: number) => {
    const first = Math.floor(Math.log10(low));
    // The epsilon keeps log10(1000) = 2.9999999999999996 from losing the top decade.
    const last = Math.floor(Math.log10(largest) + 1e-9);
    return Array.from({ length: last - first + 1 }, (_, k) => 10 ** (first + k));
  };
  // Vega's own log ticks label 2, 4 and 8 of every decade; one label a decade reads better.
  if (scale.type === "log")
    return { scale: { type: "log" }, guide: { values: powersFrom(smallest), labelExpr: LOG_LABEL } };
  const powers = powersFrom(scale.constant);
  return {
    scale: { type: "symlog", constant: scale.constant },
    guide: { values: [0, ...powers], labelExpr: LOG_LABEL },
  };
}

/**
 * A live progress bar for an optimizer run: iteration, a bar, the current cost and the time left, redrawn at
 * most 10 times a second by cli-progress. It is drawn only on a TTY; elsewhere (pipes, CI logs)
 * createProgress returns an object that does nothing, and the CLI prints plain lines instead.
 */
import cliProgress from "cli-progress";
import { shortNumber } from "./shortNumber.js";

/** A progress display that the optimizer loop feeds. */
export interface Progress {
  /** True when a bar is drawn; false for the no-op used off a TTY or when disabled. */
  readonly active: boolean;
  /** Reports that `iteration` (of `total`) is done with cost `cost`. Cheap: formatting happens at redraw. */
  update(iteration: number, payload: { readonly cost: number }): void;
  /** Draws the final state and releases the terminal line. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Number of iterations planned. */
  readonly total: number;
  /** Where to draw, usually process.stderr. */
  readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** False to never draw (e.g. --quiet). Default true. */
  readonly enabled?: boolean;
}

const FORMAT = "{bar} {value}/{total} | cost {cost} | {duration_formatted} elapsed, eta {eta_formatted}";

const inactive: Progress = { active: false, update() {}, stop() {} };

/** A bar on `stream` when it is a TTY and `enabled`; a no-op otherwise. */
export function createProgress({ total, stream, enabled = true }: ProgressOptions): Progress {
  if (!enabled || stream.isTTY !== true) return inactive;
  const bar = new cliProgress.SingleBar({
    stream,
    barsize: 24,
    // cli-progress estimates from the last 10 updates by default; redraws come in bursts, so that jumps
    // between seconds and hours: average over more of them
    etaBuffer: 200,
    barCompleteChar: "█",
    barIncompleteChar: "░",
    // The cost arrives raw and is formatted here, at redraw time, not on every one of many updates.
    format: (options, params, payload: { cost?: number }) =>
      cliProgress.Format.Formatter({ ...options, format: FORMAT }, params, {
        cost: payload.cost === undefined ? "…" : shortNumber(payload.cost),
      }),
  });
  bar.start(total, 0, {});
  return {
    active: true,
    update: (iteration, { cost }) => bar.update(iteration, { cost }),
    stop: () => bar.stop(),
  };
}

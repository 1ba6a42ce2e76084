/**
 * Timing for the benchmarks' own tables: medians over alternating rounds, so that a compiled function and
 * its hand-written reference see the same machine load, and times printed in a readable unit.
 */

/** Times per call in ns of each of `runs`, one per round, sorted; rounds alternate between the runs. */
export function roundTimes(runs: readonly (() => void)[], callsPerRound: number, rounds = 21): number[][] {
  const times = runs.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    runs.forEach((run, k) => {
      const start = process.hrtime.bigint();
      for (let c = 0; c < callsPerRound; c++) run();
      times[k]!.push(Number(process.hrtime.bigint() - start) / callsPerRound);
    });
  return times.map((t) => t.sort((a, b) => a - b));
}

/** Median over rounds of the time per call in ns, for each of `runs`, alternating between them each round. */
export function medians(runs: readonly (() => void)[], callsPerRound: number, rounds = 21): number[] {
  return roundTimes(runs, callsPerRound, rounds).map((t) => t[t.length >> 1]!);
}

/** A time in ns as text: ns, µs or ms with three significant digits or so. */
export const formatTime = (ns: number) =>
  ns < 1e3 ? `${ns.toFixed(1)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(2)} µs` : `${(ns / 1e6).toFixed(3)} ms`;

/** The time one call of `f` takes, in ms. */
export function timeOnce(f: () => void): number {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Timing for the benchmarks' own tables: medians over alternating rounds, so that a compiled function and
 * its hand-written reference see the same machine load, and times printed in a readable unit; and the python
 * peers (numpy, PyTorch) run on the same data by a script of their own.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

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

/** What a python peer script printed, and which python ran it; `note` says what was missing. */
export interface PythonPeers<T> {
  result?: T;
  note: string;
}

/**
 * Runs a peer script (`test/bench/*.py`, beside this file) with `input` as JSON on stdin and parses the JSON it
 * prints, with the first python3 that has PyTorch, else one that has numpy. `python3` may be a virtual
 * environment without PyTorch while the system's has it, so both are tried. Never throws: without a python
 * that runs the script, `result` is missing and `note` says so (the bench leaves the peers' columns empty).
 */
export function pythonPeers<T extends { torch?: string }>(script: string, input: unknown): PythonPeers<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  let found: (T & { python: string; numpy: string; torchThreads?: number }) | undefined;
  let failure = "no python3 found";
  for (const python of ["python3", "/usr/bin/python3"]) {
    const run = spawnSync(python, [path], {
      input: JSON.stringify(input),
      encoding: "utf8",
      timeout: 600_000,
    });
    if (run.status !== 0 || !run.stdout) {
      const why = run.error?.message ?? run.stderr.trim().split("\n").at(-1);
      if (why) failure = `${python}: ${why}`;
      continue;
    }
    let r: NonNullable<typeof found>;
    try {
      r = JSON.parse(run.stdout);
    } catch {
      failure = `${python} printed no JSON: ${run.stdout.slice(0, 80)}`;
      continue;
    }
    if (found === undefined || (r.torch && !found.torch)) found = r;
    if (found.torch) break;
  }
  if (found === undefined) return { note: `peers: none (numpy and PyTorch columns empty; ${failure})` };
  const torch = found.torch
    ? `, PyTorch ${found.torch}${found.torchThreads === undefined ? "" : ` (${found.torchThreads} thread${found.torchThreads === 1 ? "" : "s"})`}`
    : " (no PyTorch: its columns empty)";
  return { result: found, note: `peers (${script}): numpy ${found.numpy}${torch} on Python ${found.python}` };
}

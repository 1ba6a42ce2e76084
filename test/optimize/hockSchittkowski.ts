/**
 * The Hock–Schittkowski test problems (Hock & Schittkowski 1981, "Test Examples for Nonlinear Programming
 * Codes") kept as program files in test/optimize/hock-schittkowski/, each with its standard start and, in a
 * `# optimum:` comment, its published optimal cost. Shared by the tests and the benchmark, with the one rule
 * for "reached the optimum".
 */
import { readdirSync, readFileSync } from "node:fs";

/** One problem: its number, file, source text and published optimal cost. */
export interface HockSchittkowski {
  readonly number: number;
  readonly file: string;
  readonly source: string;
  readonly optimum: number;
}

const folder = new URL("./hock-schittkowski/", import.meta.url);

/** Every problem file, in order of problem number. */
export function hockSchittkowski(): HockSchittkowski[] {
  return readdirSync(folder)
    .filter((name) => /^hs\d+\.sg$/.test(name))
    .sort()
    .map((name) => {
      const file = new URL(name, folder).pathname;
      const source = readFileSync(file, "utf8");
      const optimum = /^# optimum: (\S+)$/m.exec(source)?.[1];
      if (optimum === undefined) throw new Error(`${name} has no '# optimum:' line`);
      return { number: Number(name.slice(2, 5)), file, source, optimum: Number(optimum) };
    });
}

/** Relative accuracy of the cost, and largest constraint violation, that count as reaching the optimum. */
export const COST_TOLERANCE = 1e-5;
export const VIOLATION_TOLERANCE = 1e-6;

/** True when a final cost and violation reach the published optimum: |f − f*| ≤ 1e-5·max(1, |f*|). */
export function reached(cost: number, maxViolation: number, optimum: number): boolean {
  return (
    Math.abs(cost - optimum) <= COST_TOLERANCE * Math.max(1, Math.abs(optimum)) &&
    maxViolation <= VIOLATION_TOLERANCE
  );
}

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";

// Vega, Vega-Lite and resvg take a third of a second to load; the CLI must not pay that unless it plots.
const HEAVY = /^\s*import\s+(?!type\b)[^;]*?from\s+["'](vega|vega-lite|@resvg\/resvg-js)["']/m;

it("no module of src/plot or src/terminal statically imports vega, vega-lite or resvg", async () => {
  const offenders: string[] = [];
  let checked = 0;
  for (const dir of ["src/plot", "src/terminal"]) {
    for (const file of await readdir(dir)) {
      if (!file.endsWith(".ts")) continue;
      checked++;
      const text = await readFile(join(dir, file), "utf8");
      if (HEAVY.test(text)) offenders.push(join(dir, file));
    }
  }
  expect(checked).toBeGreaterThan(5);
  expect(offenders).toEqual([]);
  expect(HEAVY.test('import * as vega from "vega";')).toBe(true);
  expect(HEAVY.test('import type { TopLevelSpec } from "vega-lite";')).toBe(false);
});

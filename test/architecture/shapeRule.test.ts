/**
 * The rule "a data column must stand inside sum or mean" lives once, in src/expr: the syntax stage reports it
 * at a position, the compile stage by name, and compile reads formulas without depending on the parser.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../../src/", import.meta.url).pathname;
const files = (stage: string) =>
  readdirSync(join(src, stage), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ name: `${stage}/${f}`, text: readFileSync(join(src, stage, f), "utf8") }));

describe("the column-outside-a-reduction rule", () => {
  it("is written once, in src/expr", () => {
    const all = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => files(d.name));
    const defining = all.filter((f) => /function columnsOutsideReductions\b/.test(f.text)).map((f) => f.name);
    expect(defining).toEqual(["expr/outsideReductions.ts"]);
  });

  it("reaches the compile stage without the syntax stage", () => {
    for (const file of files("compile")) expect(file.text, file.name).not.toMatch(/from "\.\.\/syntax\//);
  });
});

/**
 * Data flows one way: text → tree → derivative → printed text / compiled closure → optimizer → CLI. Each
 * stage (a folder of src/) may import only stages before it, and only through their index.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const STAGES = [
  "text",
  "expr",
  "syntax",
  "simplify",
  "diff",
  "print",
  "compile",
  "data",
  "optimize",
  "minimize",
  "plot",
  "terminal",
  "cli",
];
const src = new URL("../../src/", import.meta.url).pathname;

describe("import direction", () => {
  it("has a known place for every stage", () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual([...STAGES].sort());
  });

  for (const stage of STAGES) {
    it(`${stage} imports only earlier stages, through their index`, () => {
      for (const file of readdirSync(join(src, stage)).filter((f) => f.endsWith(".ts"))) {
        const text = readFileSync(join(src, stage, file), "utf8");
        for (const [, target] of text.matchAll(/from "\.\.\/([^"]+)"/g)) {
          if (target!.startsWith("../grammar/")) continue; // the grammar comes before every stage
          const [other, ...rest] = target!.split("/");
          const where = `${stage}/${file} imports ../${target}`;
          expect(STAGES.indexOf(other!), where).toBeGreaterThanOrEqual(0);
          expect(STAGES.indexOf(other!), where).toBeLessThan(STAGES.indexOf(stage));
          if (other !== "text") expect(rest.join("/"), where).toBe("index.js");
        }
      }
    });
  }
});

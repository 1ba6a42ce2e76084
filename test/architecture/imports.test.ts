/**
 * Data flows one way: text → tree → derivative → printed text / compiled closure → optimizer → CLI. Each
 * stage (a folder of src/) may import only stages before it, and only through their index.ts. Every file
 * under a stage counts, however deep, and so does every relative specifier: static `import … from`,
 * `export … from`, side-effect `import "…"` and dynamic `import("…")`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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
const root = resolve(src, "..");

/** Every .ts file under `dir`, at any depth. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts"))
    .map((d) => join(d.parentPath, d.name));
}

/** The relative module specifiers of a source text: static, re-export, side-effect and dynamic imports. */
function relativeSpecifiers(text: string): string[] {
  const patterns = [
    /\bfrom\s*["'](\.[^"']*)["']/g,
    /\bimport\s*["'](\.[^"']*)["']/g,
    /\bimport\s*\(\s*["'](\.[^"']*)["']\s*\)/g,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]!));
}

/** The stage a path (relative to src/) belongs to, or undefined outside src/. */
const stageOf = (path: string) => (path.startsWith("..") ? undefined : path.split("/")[0]);

/** What is wrong with `file` importing `specifier`, or undefined when the import is allowed. */
function violation(file: string, specifier: string): string | undefined {
  const target = resolve(dirname(file), specifier);
  const from = stageOf(relative(src, file))!;
  const toPath = relative(src, target);
  const where = `${relative(root, file)} imports ${specifier}`;
  if (relative(root, target).startsWith("grammar/")) return undefined; // the grammar comes before every stage
  const to = stageOf(toPath);
  if (to === undefined) return `${where}: outside src/`;
  if (to === from) return undefined;
  if (!STAGES.includes(to)) return `${where}: unknown stage ${to}`;
  if (STAGES.indexOf(to) > STAGES.indexOf(from)) return `${where}: a later stage`;
  if (to !== "text" && toPath !== `${to}/index.js`) return `${where}: not through ${to}/index.js`;
  return undefined;
}

describe("import direction", () => {
  it("has a known place for every stage", () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual([...STAGES].sort());
  });

  it("finds static, re-exported, side-effect and dynamic imports", () => {
    const text = [
      'import { a } from "../expr/index.js";',
      'export { b } from "./b.js";',
      'import "../plot/index.js";',
      'const m = await import("../cli/main.js");',
      'import x from "vega";',
    ].join("\n");
    expect(relativeSpecifiers(text)).toEqual([
      "../expr/index.js",
      "./b.js",
      "../plot/index.js",
      "../cli/main.js",
    ]);
  });

  it("rejects a later stage, a deep path and a dynamic import of either, in nested folders too", () => {
    const nested = join(src, "expr", "deep", "inner.ts");
    expect(violation(nested, "../../cli/main.js")).toMatch(/a later stage/);
    expect(violation(join(src, "cli", "x.ts"), "../expr/expr.js")).toMatch(/not through expr\/index.js/);
    expect(violation(nested, "../walk.js")).toBeUndefined();
    expect(violation(join(src, "cli", "x.ts"), "../text/suggest.js")).toBeUndefined();
    expect(violation(join(src, "cli", "x.ts"), "../../grammar/parser.js")).toBeUndefined();
    expect(violation(join(src, "cli", "x.ts"), "../../test/run.js")).toMatch(/outside src/);
  });

  for (const stage of STAGES) {
    it(`${stage} imports only earlier stages, through their index`, () => {
      const problems = sourceFiles(join(src, stage)).flatMap((file) =>
        relativeSpecifiers(readFileSync(file, "utf8")).flatMap((s) => violation(file, s) ?? []),
      );
      expect(problems).toEqual([]);
    });
  }
});

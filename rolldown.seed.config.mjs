/**
 * `npm run bundle:seed` (part of `npm run build`): the seed example that `npm start` runs, as one minified
 * CommonJS file with chevrotain inside, `dist/examples/seed.bundle.cjs`, and `dist/examples/seed.js`, which
 * runs it with V8's code cache (examples/runCached.ts, bundled into it: one module less to load). One file to
 * read and compile instead of a tree of modules, and its functions' bytecode cached after the first run: the
 * process starts about a third faster. grammar/chevrotain.ts finds chevrotain's single-file bundle at run
 * time (a path no bundler can follow); here that module is replaced by a static import of the same file.
 * tsconfig.build.json leaves examples/seed.ts out, so that `tsc` alone never overwrites the loader.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const chevrotain = fileURLToPath(
  new URL("../chevrotain.min.mjs", pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"))),
);
const source = (path) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));

/** A module made of `text` as the bundle's entry, and chevrotain's single file in place of its finder. */
const entry = (name, text) => ({
  name,
  resolveId: (id) => (id === name ? name : null),
  load(id) {
    if (id === name) return text;
    if (id.endsWith("/grammar/chevrotain.ts"))
      return `import * as bundle from ${JSON.stringify(chevrotain)};
export const { createToken, createSyntaxDiagramsCode, CstParser, Lexer, LLkLookaheadStrategy } = bundle;
export { bundle };`;
    return null;
  },
});

export default [
  {
    input: "\0seed-main",
    platform: "node",
    plugins: [entry("\0seed-main", `import { main } from ${source("examples/seed.ts")};\nmain();\n`)],
    output: {
      file: "dist/examples/seed.bundle.cjs",
      format: "cjs",
      codeSplitting: false,
      minify: true,
      charset: "ascii",
    },
  },
  {
    input: "\0seed-start",
    platform: "node",
    plugins: [
      entry(
        "\0seed-start",
        `import { runCached } from ${source("examples/runCached.ts")};\nrunCached(new URL("./seed.bundle.cjs", import.meta.url));\n`,
      ),
    ],
    output: {
      file: "dist/examples/seed.js",
      format: "esm",
      codeSplitting: false,
      banner:
        "// npm start: the seed example (seed.bundle.cjs, built by rolldown.seed.config.mjs), run with V8's code cache",
    },
  },
];

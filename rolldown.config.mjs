/**
 * `npm run bundle` (part of `npm run build`): two programs as one minified CommonJS file each, with
 * chevrotain inside, run with V8's code cache (src/cli/runCached.ts): one file to read and compile instead of
 * a tree of modules, and its functions' bytecode cached after the first run.
 * - the seed example that `npm start` runs: `dist/examples/seed.bundle.cjs`, and `dist/examples/seed.js`,
 *   which runs it (runCached bundled into it: one module less to load); tsconfig.build.json leaves
 *   examples/seed.ts out, so that `tsc` alone never overwrites this loader;
 * - the CLI's worker thread (the fitting commands): `dist/src/cli/commandWorker.bundle.cjs`, and
 *   `commandWorker.start.js` (src/cli/cachedWorker.ts), which runs it; src/cli/commandThread.ts starts that
 *   unless the bundle is older than the modules or the sources. tsconfig.build.json leaves cachedWorker.ts
 *   out: its plain output would be a second, slower starter that nothing runs. The packages
 *   the plots load (vega, vega-lite, resvg) stay outside, loaded from node_modules when a plot is drawn.
 * grammar/chevrotain.ts finds chevrotain's single-file bundle at run time (a path no bundler can follow);
 * here that module is replaced by a static import of the same file. The bundles escape non-ASCII characters:
 * an ASCII source is a one-byte string, decoded and scanned faster.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const chevrotain = fileURLToPath(
  new URL("../chevrotain.min.mjs", pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"))),
);
/** The absolute path of a file of the project, and as a string in a module's text. */
const path = (file) => fileURLToPath(new URL(file, import.meta.url));
const source = (file) => JSON.stringify(path(file));

/** A module made of `text` as the bundle's entry, and chevrotain's single file in place of its finder. */
const entry = (name, text) => ({
  name,
  resolveId: (id) => (id === name ? name : null),
  load(id) {
    if (id === name) return text;
    if (id.endsWith("/grammar/chevrotain.ts"))
      return `export * from ${JSON.stringify(chevrotain)};\nexport * as bundle from ${JSON.stringify(chevrotain)};\n`;
    return null;
  },
});

/**
 * An ES module that runs a bundle with its code cache: made of `text` and the module `main`, with only what
 * they use of the modules they import (the checksum takes the WebAssembly encoder through
 * src/compile/index.ts, whose other modules need not run).
 */
const starter = (name, text, file, what, main) => ({
  input: name,
  platform: "node",
  treeshake: { moduleSideEffects: (id) => id === name || id === main },
  plugins: [entry(name, text)],
  output: {
    file,
    format: "esm",
    codeSplitting: false,
    banner: `// ${what}, run with V8's code cache; built by rolldown.config.mjs`,
  },
});

/** The packages that plots load when drawing: left out of the bundle, loaded from node_modules. */
const PLOT_PACKAGES = ["vega", "vega-lite", "@resvg/resvg-js"];
const PLOT_IMPORT = new RegExp(
  `\\bimport\\((["'])(${PLOT_PACKAGES.map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})\\1\\)`,
  "g",
);

const OUTPUT = { format: "cjs", codeSplitting: false, minify: true, charset: "ascii" };

export default [
  {
    input: "\0seed-main",
    platform: "node",
    plugins: [entry("\0seed-main", `import { main } from ${source("examples/seed.ts")};\nmain();\n`)],
    output: { ...OUTPUT, file: "dist/examples/seed.bundle.cjs" },
  },
  starter(
    "\0seed-start",
    `import { runCached } from ${source("src/cli/runCached.ts")};
runCached(new URL("./seed.bundle.cjs", import.meta.url)).writeCache();\n`,
    "dist/examples/seed.js",
    "npm start: the seed example (seed.bundle.cjs)",
  ),
  {
    input: "\0worker",
    platform: "node",
    external: PLOT_PACKAGES,
    plugins: [
      entry("\0worker", `export { done } from ${source("src/cli/commandWorker.ts")};\n`),
      {
        // a function of a bundle run from V8's code cache cannot `import()` (src/cli/runCached.ts): the
        // packages go through the importer that src/cli/cachedWorker.ts defines, and a bundle with an
        // `import()` left (which would fail only once cached, from the second run on) is not written
        name: "plot-packages",
        transform(code) {
          const out = code.replace(PLOT_IMPORT, 'globalThis[Symbol.for("symgrad.import")]("$2")');
          return out === code ? null : out;
        },
        generateBundle(_, bundle) {
          for (const chunk of Object.values(bundle))
            if (chunk.type === "chunk" && /\bimport\s*\(/.test(chunk.code))
              this.error(`${chunk.fileName} still calls import(), which fails from V8's code cache`);
        },
      },
    ],
    output: { ...OUTPUT, file: "dist/src/cli/commandWorker.bundle.cjs" },
  },
  starter(
    "\0worker-start",
    `import ${source("src/cli/cachedWorker.ts")};\n`,
    "dist/src/cli/commandWorker.start.js",
    "the CLI's worker thread (commandWorker.bundle.cjs)",
    path("src/cli/cachedWorker.ts"),
  ),
];

/**
 * `npm run bundle:seed` (part of `npm run build`): the seed example that `npm start` runs, as one minified
 * CommonJS file with chevrotain inside, `dist/examples/seed.bundle.cjs`, and `dist/examples/seed.js`, which
 * runs it with V8's code cache (examples/runCached.ts). One file to read and compile instead of a tree of
 * modules, and its functions' bytecode cached after the first run: the process starts about a third
 * faster. grammar/chevrotain.ts finds chevrotain's single-file bundle at run time (a path no bundler can
 * follow); here that module is replaced by a static import of the same file.
 */
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const chevrotain = fileURLToPath(
  new URL("../chevrotain.min.mjs", pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"))),
);
const seed = fileURLToPath(new URL("examples/seed.ts", import.meta.url));
const ENTRY = "\0seed-main";

const START = `// npm start: the seed example, bundled by rolldown.seed.config.mjs, run with V8's code cache
import { runCached } from "./runCached.js";

runCached(new URL("./seed.bundle.cjs", import.meta.url));
`;

export default {
  input: ENTRY,
  platform: "node",
  plugins: [
    {
      name: "seed",
      resolveId(id) {
        return id === ENTRY ? ENTRY : null;
      },
      load(id) {
        if (id === ENTRY) return `import { main } from ${JSON.stringify(seed)};\nmain();\n`;
        if (id.endsWith("/grammar/chevrotain.ts"))
          return `import * as bundle from ${JSON.stringify(chevrotain)};
export const { createToken, createSyntaxDiagramsCode, CstParser, Lexer } = bundle;
export { bundle };`;
        return null;
      },
      writeBundle() {
        writeFileSync(new URL("dist/examples/seed.js", import.meta.url), START);
        rmSync(new URL("dist/examples/seed.js.map", import.meta.url), { force: true });
      },
    },
  ],
  output: { file: "dist/examples/seed.bundle.cjs", format: "cjs", codeSplitting: false, minify: true },
};

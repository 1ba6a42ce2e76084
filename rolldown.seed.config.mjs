/**
 * `npm run bundle:seed`: the seed example (`npm start`) as one minified file with chevrotain inside, so
 * that starting it reads and compiles one script instead of resolving and loading two. grammar/chevrotain.ts
 * finds chevrotain's single-file bundle at run time (a path no bundler can follow); here that module is
 * replaced by a static import of the same file.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const chevrotain = fileURLToPath(
  new URL("../chevrotain.min.mjs", pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"))),
);

export default {
  input: "dist/examples/seed.js",
  platform: "node",
  plugins: [
    {
      name: "chevrotain-bundle",
      load(id) {
        if (!id.endsWith("/dist/grammar/chevrotain.js")) return null;
        return `import * as bundle from ${JSON.stringify(chevrotain)};
export const { createToken, createSyntaxDiagramsCode, CstParser, Lexer } = bundle;
export { bundle };`;
      },
    },
  ],
  output: { file: "dist/examples/seed.js", format: "esm", codeSplitting: false, minify: true },
};

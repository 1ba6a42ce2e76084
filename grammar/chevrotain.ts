/**
 * chevrotain, loaded from the single-file bundle that its package ships. Its regular ESM entry imports
 * hundreds of lodash-es modules and costs 0.3 s at start-up; the bundle is the same code and loads in about
 * 20 ms, which keeps `symgrad format` near the cost of starting Node.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const entry = createRequire(import.meta.url).resolve("chevrotain");
const bundle: typeof import("chevrotain") = await import(
  new URL("../chevrotain.min.mjs", pathToFileURL(entry)).href
);

export const { createToken, createSyntaxDiagramsCode, CstParser, Lexer, LLkLookaheadStrategy } = bundle;

/** The whole bundle, for grammar/generate.ts, which must map the bundle's grammar classes to the regular ones. */
export { bundle };

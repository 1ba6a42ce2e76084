/**
 * chevrotain for the page's bundle. grammar/chevrotain.ts finds the package's single-file build through
 * Node's module resolution, which a browser does not have; the bundler takes the package's ESM entry instead
 * and keeps only what the grammar uses.
 */
export { CstParser, createSyntaxDiagramsCode, createToken, Lexer, LLkLookaheadStrategy } from "chevrotain";

/**
 * chevrotain for the page's bundle. grammar/chevrotain.ts finds the package's single-file build through
 * Node's module resolution, which a browser does not have; the bundler takes the package's ESM entry instead
 * and keeps only what the grammar uses. Every name is passed on, so the stub cannot fall behind the names
 * grammar/chevrotain.ts gives.
 */
export * from "chevrotain";

/**
 * The compile stage: the reference interpreter, and (in compile.ts) the code generator tested against it.
 */
export { EvaluateError, evaluate, lookup, type Values } from "./evaluate.js";

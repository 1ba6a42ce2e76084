/** The simplification stage: trees → smaller trees of equal value where the input is defined. */
export { simplify, simplifyAll } from "./simplify.js";
export { matrixForm } from "./matrixForm.js";

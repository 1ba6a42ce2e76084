/** The simplification stage: trees → smaller trees of equal value where the input is defined. */

export { matrixForm, simplifyShaped } from "./matrixForm.js";
export { type SimplifyOptions, simplify, simplifyAll } from "./simplify.js";

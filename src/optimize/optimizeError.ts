/**
 * The one error type the optimizers throw: options that cannot work together or with the objective (bounds
 * for a method that cannot honour them, a batch size without data rows, an unknown method). It is thrown
 * before any evaluation; a run that starts always ends with an OptimizeResult, never with this error.
 */

import { SymgradError } from "../text/symgradError.js";

/** Options that do not fit the method or the objective; `message` says which option and why. */
export class OptimizeError extends SymgradError {
  override readonly name = "OptimizeError";
}

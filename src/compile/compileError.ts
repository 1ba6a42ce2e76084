/**
 * The error `compile` throws when a formula cannot become an objective with the names and data given: an
 * unbound name, a name that is both a parameter and a column, a bad column, a formula that is not a scalar.
 */

import { SymgradError } from "../text/symgradError.js";

/** A formula that cannot be compiled with the parameters and data given; the message names the culprits. */
export class CompileError extends SymgradError {
  override readonly name = "CompileError";
}

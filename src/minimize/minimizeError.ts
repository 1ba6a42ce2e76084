/** The error of `minimize` itself: how it was called, as opposed to the formula's text or the data. */
import { SymgradError } from "../text/symgradError.js";

/** An error in how minimize was called (an init, bound or constraint that does not fit the parameters). */
export class MinimizeError extends SymgradError {
  override readonly name = "MinimizeError";
}

/**
 * A compiled cost whose polynomial reductions were hoisted (moments.ts), guarded against cancellation: each
 * evaluation also computes, for every hoisted sum, the sum of its terms' absolute values. Rounding makes a
 * hoisted sum wrong by about ε times that; where this exceeds TOLERANCE times the sum itself (its terms
 * cancel, as at an almost exact fit), that evaluation is done by the row loop instead, which keeps the
 * digits that the moments lost. Mini-batches always use the row loop.
 */
import { gradient } from "../diff/index.js";
import type { Binding } from "./binding.js";
import { type Bound, CompiledDataCost, type MainEntry } from "./compiledObjective.js";
import { generateKernel, type Instance, type Kernel } from "./kernel.js";
import type { Hoisted } from "./moments.js";

/** The relative error of a hoisted sum beyond which the row loop is used. */
export const TOLERANCE = 1e-9;
/** The unit roundoff of f64. */
const UNIT_ROUNDOFF = Number.EPSILON / 2;

/** The entry points of a hoisted kernel: the usual ones, and two that also write each check's two values. */
type CheckedEntry = MainEntry | "checkedValue" | "checkedValueAndGradient";

/**
 * True when every (sum, magnitude) pair of `s`, from `from` on, kept its digits; false for NaN and for an
 * infinite magnitude too (a moment that overflowed, such as mean(x^2) for x near 1e200, while the row loop's
 * terms (W*x)^2 may be finite).
 */
function kept(s: Float64Array, from: number): boolean {
  for (let j = from; j < s.length; j += 2)
    if (!(UNIT_ROUNDOFF * s[j + 1]! <= TOLERANCE * Math.abs(s[j]!) && s[j + 1]! < Number.POSITIVE_INFINITY))
      return false;
  return true;
}

/** The kernel of a hoisted cost: value and gradient, and the same with the checks' values written after. */
export function hoistedKernel(hoisted: Hoisted, binding: Binding): Kernel<CheckedEntry> {
  const { cost, checks } = hoisted;
  const partials = gradient(cost, binding.params);
  return generateKernel<CheckedEntry>(
    [
      { name: "value", returns: cost },
      { name: "gradient", writes: partials },
      { name: "valueAndGradient", returns: cost, writes: partials },
      { name: "checkedValue", returns: cost, writes: checks.flat() },
      { name: "checkedValueAndGradient", returns: cost, writes: [...partials, ...checks.flat()] },
    ],
    binding,
  );
}

/** A cost over data rows compiled with hoisted moments, falling back to the row loop where they cancel. */
export class HoistedCost extends CompiledDataCost {
  private loop: Instance<MainEntry> | undefined;
  /** How many values the checks write: a sum and its magnitude for each hoisted reduction. */
  private readonly checks: number;

  /** `hoisted` comes from the formula that `rowLoop` generates the plain kernel of. */
  constructor(
    hoisted: Hoisted,
    binding: Binding & { readonly rows: number },
    private readonly rowLoop: () => Kernel<MainEntry>,
  ) {
    super(hoisted.cost, binding, hoistedKernel(hoisted, binding), rowLoop);
    this.checks = 2 * hoisted.checks.length;
    this.use(this.all);
  }

  protected override use(bound: Bound): void {
    super.use(bound);
    if (bound !== this.all) return;
    // the kernel over all rows was generated with the checked entries (above)
    const main = bound.main as Instance<CheckedEntry>;
    const n = this.params.length;
    const checks = this.checks;
    const checked = new Float64Array(checks);
    const written = new Float64Array(n + checks);
    this.value = (p) => {
      const v = main.checkedValue(p, checked);
      return kept(checked, 0) ? v : this.loopOnce().value(p);
    };
    this.valueAndGradient = (p, out) => {
      const v = main.checkedValueAndGradient(p, written);
      if (!kept(written, n)) return this.loopOnce().valueAndGradient(p, out);
      for (let k = 0; k < n; k++) out[k] = written[k]!;
      return v;
    };
    this.gradient = (p, out) => {
      this.valueAndGradient(p, out);
    };
  }

  /** The row loop over all rows, instantiated on first use. */
  private loopOnce(): Instance<MainEntry> {
    if (this.loop === undefined) {
      this.loop = this.rowLoop().instantiate(this.all.columns);
      this.loop.bind(this.rows);
    }
    return this.loop;
  }
}

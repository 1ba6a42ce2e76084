/**
 * A compiled cost whose polynomial reductions were hoisted (moments.ts), guarded against rounding: each
 * evaluation also computes, for every hoisted sum and each of its partial derivatives, a bound on the
 * hoisted computation's rounding error (roundingError.ts: the coefficients' own cancellation, the moments'
 * error including underflow, the final sum) and a bound on what the row loop's summation of the same rows
 * loses. Where the first is above both a negligible part of the result and a modest multiple of the second,
 * that evaluation is done by the row loop instead. Mini-batches always use the row loop.
 */
import { gradient } from "../diff/index.js";
import { addAll, call, type Expr, FUNCTIONS, isZero, mulAll, num, reduce } from "../expr/index.js";
import type { Binding } from "./binding.js";
import { type Bound, CompiledDataCost, type MainEntry } from "./compiledObjective.js";
import { generateKernel, type Instance, type Kernel } from "./kernel.js";
import { type Hoisted, type HoistedSum, type MomentTerm, termValue } from "./moments.js";
import { magnitude, roundingError } from "./roundingError.js";

/** A relative error of a hoisted result that is negligible whatever the row loop would do. */
export const TOLERANCE = 1e-8;
/**
 * How far the hoisted error bound may exceed the row loop's before the loop is used: a modest factor, since
 * both bounds are first-order estimates with their own constants.
 */
export const LOOP_FACTOR = 16;
/** The unit roundoff of f64. */
const UNIT_ROUNDOFF = Number.EPSILON / 2;
/**
 * The most a product of data rounds off when it falls among the subnormals (half their spacing, 2^-1075),
 * in units of the unit roundoff: each of a monomial's factors can lose this much of its value's digits.
 */
const UNDERFLOW = 2 ** -1022;

/** The entry points of a hoisted kernel: the usual ones, and one that also writes each check's values. */
type CheckedEntry = MainEntry | "checkedValueAndGradient";

/**
 * Counts of how each checked evaluation went: `hoisted` from the moments, `loop` by the row loop because
 * a hoisted sum or partial derivative could not be trusted.
 */
export interface MomentUse {
  hoisted: number;
  loop: number;
}

/**
 * True when every check (result, hoisted bound, loop bound) of `s` from `from` on says the hoisted result
 * is as good as the loop's: u·bound ≤ max(TOLERANCE·|result|, LOOP_FACTOR·u·loop bound). False for NaN and
 * for an infinite bound (a moment that overflowed, such as mean(x^2) for x near 1e200, while the row
 * loop's terms (W*x)^2 may be finite).
 */
function kept(s: Float64Array, from: number): boolean {
  for (let j = from; j < s.length; j += 3) {
    const bound = s[j + 1]!;
    if (
      !(
        bound < Number.POSITIVE_INFINITY &&
        (UNIT_ROUNDOFF * bound <= TOLERANCE * Math.abs(s[j]!) || bound <= LOOP_FACTOR * s[j + 2]!)
      )
    )
      return false;
  }
  return true;
}

/** (result, hoisted error bound, row loop's bound), bounds in units of u, of one output of a hoisted sum. */
type Check = readonly [result: Expr, bound: Expr, loop: Expr];

/**
 * The check of the output of `sum` whose coefficients are `coefficients` (the sum's own, or their partial
 * derivatives): the hoisted result Σ a_k·m_k; its error bound Σ (err(a_k)·|m_k| + |a_k|·err(m_k)) plus the
 * final sum's rounding, where a moment's error is 2d·mean|monomial| (centring and products, degree d) plus
 * d·2^-1075 a row for products that fall among the subnormals; and the row loop's, `loop`.
 */
function check(sum: HoistedSum, coefficients: readonly Expr[], loop: (result: Expr) => Expr): Check {
  const { op, terms } = sum;
  const used = terms.flatMap((t, k) => (isZero(coefficients[k]!) ? [] : [[t, coefficients[k]!] as const]));
  const parts = used.map(([t, a]) => termValue(op, t, a));
  const result = addAll(parts);
  const bound = addAll([
    ...used.map(([t, a]) =>
      addAll([
        mulAll([roundingError(a), momentMagnitude(op, t)]),
        mulAll([magnitude(a), momentError(op, t)]),
      ]),
    ),
    mulAll([num(Math.max(parts.length - 1, 0)), addAll(parts.map(magnitude))]),
  ]);
  return [result, bound, loop(result)];
}

const SQRT = FUNCTIONS.get("sqrt")!;
/** |moment| of a term: reduce(op, 1) for the constant term. */
const momentMagnitude = (op: HoistedSum["op"], t: MomentTerm): Expr =>
  t.monomial === undefined ? termValue(op, t, num(1)) : magnitude(reduce(op, t.monomial));
/** A bound on a moment's rounding error in units of u (see `check`). */
function momentError(op: HoistedSum["op"], t: MomentTerm): Expr {
  if (t.monomial === undefined) return num(0);
  return addAll([mulAll([num(2 * t.degree), t.absolute]), reduce(op, num(t.degree * UNDERFLOW))]);
}

/**
 * The checks of each hoisted sum: of its value first, then of its partial derivative by each parameter.
 * The row loop's summation bound is Σ|terms of the rows|; of a body u² that is the sum itself for the
 * value and, through Cauchy–Schwarz, 2·sqrt(Σu²·Σ(∂u/∂p)²) for ∂/∂p; elsewhere |result|, the least it can
 * be (so that the check falls back sooner, never later).
 */
function momentChecks(sums: readonly HoistedSum[], params: readonly string[]): Check[] {
  const checks: Check[] = [];
  for (const sum of sums) {
    const value = check(
      sum,
      sum.terms.map((t) => t.coefficient),
      magnitude,
    );
    checks.push(value);
    const derivatives = sum.terms.map((t) => gradient(t.coefficient, params));
    params.forEach((name, j) => {
      const slope = sum.slopes.get(name);
      checks.push(
        check(
          sum,
          derivatives.map((d) => d[j]!),
          (result) =>
            slope === undefined
              ? magnitude(result)
              : mulAll([num(2), call(SQRT, [mulAll([magnitude(value[0]), magnitude(slope)])])]),
        ),
      );
    });
  }
  return checks;
}

/** The kernel of a hoisted cost: value and gradient, and the same with the checks' values written after. */
export function hoistedKernel(hoisted: Hoisted, binding: Binding): Kernel<CheckedEntry> {
  const { cost, sums } = hoisted;
  const partials = gradient(cost, binding.params);
  const checks = momentChecks(sums, binding.params);
  return generateKernel<CheckedEntry>(
    [
      { name: "value", returns: cost },
      { name: "gradient", writes: partials },
      { name: "valueAndGradient", returns: cost, writes: partials },
      { name: "checkedValueAndGradient", returns: cost, writes: [...partials, ...checks.flat()] },
    ],
    binding,
  );
}

/** A cost over data rows compiled with hoisted moments, falling back to the row loop where they cancel. */
export class HoistedCost extends CompiledDataCost {
  private loop: Instance<MainEntry> | undefined;
  /** How many values the checks write: 3 for each hoisted sum, and 3 for each of its partial derivatives. */
  private readonly checks: number;
  /** How the evaluations over all rows went so far. */
  readonly momentUse: MomentUse = { hoisted: 0, loop: 0 };

  /** `hoisted` comes from the formula that `rowLoop` generates the plain kernel of. */
  constructor(
    hoisted: Hoisted,
    binding: Binding & { readonly rows: number },
    private readonly rowLoop: () => Kernel<MainEntry>,
  ) {
    super(hoisted.cost, binding, hoistedKernel(hoisted, binding), rowLoop);
    this.checks = 3 * hoisted.sums.length * (1 + binding.params.length);
    this.use(this.all);
  }

  protected override use(bound: Bound): void {
    super.use(bound);
    if (bound !== this.all) return;
    // the kernel over all rows was generated with the checked entries (above)
    const main = bound.main as Instance<CheckedEntry>;
    const n = this.params.length;
    const checks = this.checks;
    const written = new Float64Array(n + checks);
    const use = this.momentUse;
    // the value alone is checked with the gradient (a few more operations), so that value(p) always equals
    // what valueAndGradient(p) returns: a line search compares the two
    this.value = (p) => {
      const v = main.checkedValueAndGradient(p, written);
      if (kept(written, n)) {
        use.hoisted++;
        return v;
      }
      use.loop++;
      return this.loopOnce().value(p);
    };
    this.valueAndGradient = (p, out) => {
      const v = main.checkedValueAndGradient(p, written);
      if (!kept(written, n)) {
        use.loop++;
        return this.loopOnce().valueAndGradient(p, out);
      }
      use.hoisted++;
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

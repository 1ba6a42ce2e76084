/**
 * Running rounding-error bounds as formulas (Wilkinson's running error analysis; Higham, *Accuracy and
 * Stability of Numerical Algorithms*, §3.3): for a formula of parameters and numbers, a formula that bounds,
 * to first order and in units of the unit roundoff u = 2^-53, how far its computed value can be from its
 * exact value at the same inputs. The hoisted moments (hoistedCost.ts) evaluate it beside each coefficient,
 * so that the cancellation inside a coefficient (`W*1e8 + b` near a fit far from the origin) is seen.
 */
import {
  addAll,
  call,
  type Expr,
  FUNCTIONS,
  isZero,
  type Memo,
  mulAll,
  num,
  pass,
  pow,
  sub,
} from "../expr/index.js";

const ABS = FUNCTIONS.get("abs")!;
const LOG = FUNCTIONS.get("log")!;
/** Each node's bound, once per process: it depends on the node alone, and the coefficients share nodes. */
const bounds: Memo<Expr> = new WeakMap<Expr, Expr>();
/** |e| as a formula. */
export const magnitude = (e: Expr): Expr => (e.kind === "num" ? num(Math.abs(e.value)) : call(ABS, [e]));

/**
 * A bound, in units of u, on the rounding error of computing `root` from exact inputs: numbers and names
 * count as exact (a row loop reads the same ones); each operation adds its own rounding (u times its
 * result's magnitude, m - 1 times for m operands) to its operands' errors carried through it to first order
 * (|∂op/∂operand| times the operand's error). A reduction inside is taken as rounded once.
 */
export function roundingError(root: Expr): Expr {
  return pass<Expr>(
    [root],
    (e, error) => {
      switch (e.kind) {
        case "num":
        case "sym":
          return num(0);
        case "add":
          return addAll([
            ...e.terms.map(error),
            mulAll([num(e.terms.length - 1), addAll(e.terms.map(magnitude))]),
          ]);
        case "mul":
          return addAll([
            mulAll([num(e.factors.length - 1), magnitude(e)]),
            ...e.factors.map((f, j) =>
              isZero(error(f))
                ? num(0)
                : mulAll([error(f), ...e.factors.filter((_, i) => i !== j).map(magnitude)]),
            ),
          ]);
        case "pow": {
          // x^k by repeated products for a small natural k, else Math.pow (within an ulp or two)
          const k = e.exponent.kind === "num" ? e.exponent.value : Number.NaN;
          const own = Number.isInteger(k) && k >= 2 && k <= 8 ? k - 1 : 2;
          const base = error(e.base);
          const exponent = error(e.exponent);
          return addAll([
            mulAll([num(own), magnitude(e)]),
            isZero(base)
              ? num(0)
              : mulAll([base, magnitude(mulAll([e.exponent, pow(e.base, sub(e.exponent, num(1)))]))]),
            isZero(exponent)
              ? num(0)
              : mulAll([exponent, magnitude(e), magnitude(call(LOG, [magnitude(e.base)]))]),
          ]);
        }
        case "call":
          return addAll([
            mulAll([num(2), magnitude(e)]),
            ...e.args.map((a, i) =>
              isZero(error(a)) ? num(0) : mulAll([error(a), magnitude(e.fn.derivative(e.args, i))]),
            ),
          ]);
        default:
          return magnitude(e);
      }
    },
    bounds,
  )(root);
}

/**
 * Products the chain rule has not built yet. Along a composition each level multiplies one more partial
 * onto the product from the level below, and products are flat, so building it at every level copies all
 * the factors below: quadratic in the depth. A pending product is a persistent tree of factors instead,
 * O(1) to extend and shared by every level above; `product` builds it with one `mulAll`, only where an
 * expression is needed (where contributions are added, at a name, a reduction, the root). Its numbers are
 * folded as each level is added, in the order `mul` at every level would fold them, so the product built at
 * the end is the very node that building it level by level gives.
 */
import {
  type Expr,
  isFoldable,
  isOne,
  isUndefined,
  isZero,
  mul,
  mulAll,
  type Num,
  num,
  UNDEFINED,
} from "../expr/index.js";

/** `left * right`, not built yet: its factors in that order, with their numbers folded into `coefficient`. */
interface Times {
  readonly left: Pending;
  readonly right: Pending;
  readonly coefficient: Num;
}

/** An expression, or a product of them still to be built. */
export type Pending = Expr | Times;

const isExpr = (p: Pending): p is Expr => "kind" in p;

/**
 * `left * right`, pending; equal to `mul(product(left), product(right))`. As in `mulAll`, UNDEFINED and then
 * 0 (also a coefficient that underflows to 0) absorb the product at once, so a pending product is 0 only
 * when it is the expression 0 (`isZeroPending`).
 */
export function times(left: Pending, right: Pending): Pending {
  // no arrays here: this runs for every edge of the formula, mostly before V8 optimizes it
  if ((isExpr(left) && isUndefined(left)) || (isExpr(right) && isUndefined(right))) return UNDEFINED;
  if ((isExpr(left) && isZero(left)) || (isExpr(right) && isZero(right))) return num(0);
  const l = coefficientOf(left);
  const r = coefficientOf(right);
  // most coefficients are 1: a number times 1 is that number (`mul` would fold it to the same node)
  const coefficient = l && r ? (isOne(l) ? r : isOne(r) ? l : mul(l, r)) : undefined;
  // where `mulAll` keeps numbers as written (their product overflows) it is built now, as before: rare
  if (coefficient?.kind !== "num") return mul(product(left), product(right));
  if (isZero(coefficient)) return coefficient;
  return { left, right, coefficient };
}

/**
 * The number `mulAll` folds out of `p` (1 when none), or undefined when `p` holds numbers it left as written.
 */
function coefficientOf(p: Pending): Num | undefined {
  if (!isExpr(p)) return p.coefficient;
  if (isFoldable(p)) return p;
  if (p.kind !== "mul") return num(1);
  for (let i = 1; i < p.factors.length; i++) if (isFoldable(p.factors[i]!)) return undefined;
  const first = p.factors[0]!;
  return isFoldable(first) ? first : num(1);
}

/** True when the pending product is 0. */
export function isZeroPending(p: Pending): boolean {
  return isExpr(p) && isZero(p);
}

/** The product as an expression: its coefficient, then its other factors in order (a loop: any depth). */
export function product(p: Pending): Expr {
  if (isExpr(p)) return p;
  const factors: Expr[] = [p.coefficient];
  const stack: Pending[] = [p];
  for (let top = stack.pop(); top !== undefined; top = stack.pop())
    if (!isExpr(top)) stack.push(top.right, top.left);
    else if (top.kind === "mul") for (const f of top.factors) !isFoldable(f) && factors.push(f);
    else if (!isFoldable(top)) factors.push(top);
  return mulAll(factors);
}

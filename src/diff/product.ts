/**
 * Products the chain rule has not built yet. Along a composition each level multiplies one more partial
 * onto the product from the level below, and products are flat, so building it at every level copies all
 * the factors below: quadratic in the depth. A pending product is a persistent tree of factors instead,
 * O(1) to extend and shared by every level above; `product` builds it with one `mulAll`, only where an
 * expression is needed (where contributions are added, at a name, a reduction, the root).
 */
import { type Expr, isUndefined, isZero, mulAll, num, UNDEFINED } from "../expr/index.js";

/** `left * right`, not built yet, with the factors in that order. */
interface Times {
  readonly left: Pending;
  readonly right: Pending;
}

/** An expression, or a product of them still to be built. */
export type Pending = Expr | Times;

const isExpr = (p: Pending): p is Expr => "kind" in p;

/**
 * `left * right`, pending. As in `mulAll`, UNDEFINED and then 0 absorb the product at once, so a pending
 * product is 0 only when it is the expression 0 (see `isZeroPending`).
 */
export function times(left: Pending, right: Pending): Pending {
  const operands = [left, right].filter(isExpr);
  if (operands.some(isUndefined)) return UNDEFINED;
  if (operands.some(isZero)) return num(0);
  if (left === num(1)) return right;
  if (right === num(1)) return left;
  return { left, right };
}

/** True when the pending product is 0. */
export function isZeroPending(p: Pending): boolean {
  return isExpr(p) && isZero(p);
}

/** The product as an expression: `mulAll` of its factors in order (a loop: any depth is fine). */
export function product(p: Pending): Expr {
  if (isExpr(p)) return p;
  const factors: Expr[] = [];
  const stack: Pending[] = [p];
  for (let top = stack.pop(); top !== undefined; top = stack.pop())
    if (isExpr(top)) factors.push(top);
    else stack.push(top.right, top.left);
  return mulAll(factors);
}

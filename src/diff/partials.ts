/**
 * The one local rule of differentiation (micrograd's habit): the partial derivative of a node with respect
 * to each of its distinct children. Forward mode multiplies each by the child's derivative, reverse mode
 * multiplies the node's adjoint by it; the chain rule itself lives in those two walks. Each function's outer
 * derivative comes from its row of the function table. Sums and products group equal operands first, so
 * `x + x + … + x` and `x*x*…*x` cost linear time (the partial of `x^m` in a product is `m*x^(m-1)*rest`).
 */
import { addAll, type Expr, isZero, ln, mul, mulAll, num, pow, sub } from "../expr/index.js";

/** A node whose value depends on its children through a local rule (`reduce` is linear: each mode maps it). */
export type Operation = Extract<Expr, { kind: "add" | "mul" | "pow" | "call" }>;

/** The partial derivative of a node with respect to one of its children. */
export interface Partial {
  readonly child: Expr;
  readonly partial: Expr;
}

/**
 * ∂e/∂child for each distinct child of `e` that `wanted` accepts, in order of first appearance; a child
 * that appears in several places gets the sum of its partials.
 */
export function partials(e: Operation, wanted: (child: Expr) => boolean): Partial[] {
  switch (e.kind) {
    case "add": {
      const out: Partial[] = [];
      counts(e.terms).forEach((m, child) => {
        if (wanted(child)) out.push({ child, partial: num(m) });
      });
      return out;
    }
    case "mul": {
      const out: Partial[] = [];
      counts(e.factors).forEach((m, child) => {
        if (wanted(child)) out.push({ child, partial: productWithout(e.factors, child, m) });
      });
      return out;
    }
    case "pow": {
      const { base: u, exponent: v } = e;
      const byBase = () => mul(v, pow(u, lessOne(v)));
      // d(0^v)/dv is 0 wherever 0^v is smooth (v > 0), not log(0)*0^v = -Infinity*0
      const byExponent = () => (isZero(u) ? num(0) : mul(ln(u), e));
      if (u === v)
        return merge(
          [
            [u, byBase],
            [v, byExponent],
          ],
          wanted,
        );
      // what `merge` gives for two distinct children, without its lists (a formula has many powers)
      const out: Partial[] = [];
      if (wanted(u)) out.push({ child: u, partial: addAll([byBase()]) });
      if (wanted(v)) out.push({ child: v, partial: addAll([byExponent()]) });
      return out;
    }
    case "call":
      return merge(
        e.args.map((a, i) => [a, () => e.fn.derivative(e.args, i)]),
        wanted,
      );
  }
}

/** `v - 1`; for an integer the number it folds to, made directly (most exponents are integers). */
function lessOne(v: Expr): Expr {
  return v.kind === "num" && v.exact?.d === 1 && Number.isSafeInteger(v.value - 1)
    ? num(v.value - 1)
    : sub(v, num(1));
}

/** How many times each distinct operand occurs, in order of first appearance. */
function counts(operands: readonly Expr[]): Map<Expr, number> {
  const m = new Map<Expr, number>();
  for (let i = 0; i < operands.length; i++) m.set(operands[i]!, (m.get(operands[i]!) ?? 0) + 1);
  return m;
}

/**
 * ∂(f1*f2*…)/∂f for a factor f that occurs m times: the other factors in their order, with `m*f^(m-1)` where
 * f first stood. Linear in the number of factors.
 */
function productWithout(factors: readonly Expr[], f: Expr, m: number): Expr {
  const rest: Expr[] = [];
  let first = true;
  for (let i = 0; i < factors.length; i++) {
    const g = factors[i]!;
    if (g !== f) rest.push(g);
    else if (first) {
      first = false;
      rest.push(num(m), pow(f, num(m - 1))); // for m = 1 both are 1, which mulAll drops
    }
  }
  return mulAll(rest);
}

/** Partials per position, summed per distinct child (`max(x, x)`, `x^x`); made only for wanted children. */
function merge(
  positions: readonly (readonly [Expr, () => Expr])[],
  wanted: (child: Expr) => boolean,
): Partial[] {
  const byChild = new Map<Expr, Expr[]>();
  for (const [child, make] of positions) {
    if (!wanted(child)) continue;
    const list = byChild.get(child);
    if (list) list.push(make());
    else byChild.set(child, [make()]);
  }
  return [...byChild].map(([child, parts]) => ({ child, partial: addAll(parts) }));
}

/**
 * Recognising a least-squares cost: one that is a positive combination of squares, `sum(r^2)`,
 * `mean((f - y)^2)`, `(a)^2 + 100*(b)^2`, or of even powers (`r^4` is `(r^2)^2`, `r^-2` is `(r^-1)^2`). Input is a cost tree and
 * which names are parameters; output is its residuals with their weights, or undefined when the cost is not
 * of that form. What the recogniser accepts is exactly what makes `cost = Σ weight·r²` hold as trees, so a
 * Levenberg–Marquardt run minimizes the cost itself.
 */
import { type Expr, isFoldable, mulAll, num, pow, type ReduceOp } from "./expr.js";
import { children, pass } from "./walk.js";

/**
 * One squared residual of a cost: `weight·r²` when `over` is undefined (r is a number whatever the data),
 * `weight·sum(r²)` or `weight·mean(r²)` over the data rows when `over` says so (r is then one residual a row).
 */
export interface SquaredTerm {
  readonly residual: Expr;
  /** A positive, finite weight. */
  readonly weight: number;
  readonly over: ReduceOp | undefined;
}

/**
 * The cost as a weighted sum of squared residuals, or undefined when it is not one. A residual over rows
 * may use data-only reductions (`y - mean(y)`), but not one that depends on a parameter, since that would
 * tie every row's residual to every other row.
 */
export function sumOfSquares(cost: Expr, isParam: (name: string) => boolean): SquaredTerm[] | undefined {
  const terms: SquaredTerm[] = [];
  const work: SquaredTerm[] = [{ residual: cost, weight: 1, over: undefined }];
  while (work.length > 0) {
    const { residual: e, weight, over } = work.pop()!;
    if (e.kind === "add") {
      for (let k = e.terms.length - 1; k >= 0; k--) work.push({ residual: e.terms[k]!, weight, over });
    } else if (e.kind === "mul" && isFoldable(e.factors[0]!) && e.factors[0].value > 0) {
      work.push({ residual: mulAll(e.factors.slice(1)), weight: weight * e.factors[0].value, over });
    } else if (e.kind === "reduce" && over === undefined) {
      work.push({ residual: e.body, weight, over: e.op });
    } else if (e.kind === "pow" && isEvenPower(e.exponent)) {
      const residual = pow(e.base, num(e.exponent.value / 2));
      if (!(over ? rowResidual(residual, isParam) : scalarResidual(residual, isParam))) return undefined;
      terms.push({ residual, weight, over });
    } else return undefined;
    if (!(weight > 0 && Number.isFinite(weight))) return undefined;
  }
  return terms.length > 0 ? terms : undefined;
}

function isEvenPower(exponent: Expr): exponent is Expr & { kind: "num" } {
  return isFoldable(exponent) && Number.isInteger(exponent.value / 2) && exponent.value !== 0;
}

/**
 * True when every reduction inside the row residual `r` is free of parameters. Whether a node uses a
 * parameter is one memoised pass (asking each reduction for its names instead was quadratic in nested ones).
 */
function rowResidual(r: Expr, isParam: (name: string) => boolean): boolean {
  const usesParam = new Map<Expr, boolean>();
  pass<boolean>([r], (e, uses) => (e.kind === "sym" ? isParam(e.name) : children(e).some(uses)), usesParam);
  for (const [e, uses] of usesParam) if (e.kind === "reduce" && uses) return false;
  return true;
}

/** True when every name of `r` outside a reduction is a parameter, so that r is one number. */
function scalarResidual(r: Expr, isParam: (name: string) => boolean): boolean {
  const seen = new Set<number>();
  const stack = [r];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e.id) || e.kind === "reduce") continue;
    seen.add(e.id);
    if (e.kind === "sym" && !isParam(e.name)) return false;
    for (const c of children(e)) stack.push(c);
  }
  return true;
}

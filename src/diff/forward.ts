/**
 * Symbolic forward-mode differentiation with respect to one name, memoised per node over the shared tree,
 * so a 40-deep composition costs 40 rule applications and its derivative stays linear in shared size.
 * The chain rule is written once here; each function's outer derivative comes from its table entry.
 * Data columns are constants; `sum` and `mean` are linear, so d(reduce(body)) = reduce(d(body)).
 */
import { add, type Expr, isZero, ln, mul, num, pow, reduce, sub, walk } from "../expr/index.js";

/** ∂e/∂name, unsimplified beyond what the constructors do. */
export function differentiate(e: Expr, name: string): Expr {
  const memo = new Map<number, Expr>();
  for (const node of walk(e))
    memo.set(
      node.id,
      rule(node, name, (x) => memo.get(x.id)!),
    );
  return memo.get(e.id)!;
}

/** The derivative of one node from its children's derivatives `d`. */
function rule(e: Expr, name: string, d: (x: Expr) => Expr): Expr {
  switch (e.kind) {
    case "num":
      return num(0);
    case "sym":
      return num(e.name === name ? 1 : 0);
    case "add":
      return add(...e.terms.map(d));
    case "mul":
      return add(
        ...e.factors.map((f, i) => {
          const df = d(f);
          return isZero(df) ? df : mul(...e.factors.slice(0, i), df, ...e.factors.slice(i + 1));
        }),
      );
    case "pow": {
      const du = d(e.base);
      const dv = d(e.exponent);
      const constantExponent = isZero(dv) ? num(0) : mul(dv, ln(e.base), e);
      if (isZero(du)) return constantExponent;
      // u^v * v*u'/u, written v*u^(v-1)*u' so that x^3 differentiates to 3*x^2 without log(x)
      const power = mul(e.exponent, pow(e.base, sub(e.exponent, num(1))), du);
      return add(power, constantExponent);
    }
    case "call":
      return add(
        ...e.args.map((a, i) => {
          const da = d(a);
          return isZero(da) ? da : mul(e.fn.derivative(e.args, i), da);
        }),
      );
    case "reduce":
      return reduce(e.op, d(e.body));
    default:
      return e satisfies never;
  }
}

/**
 * Symbolic forward-mode differentiation with respect to one name, memoised per node over the shared tree,
 * so a 40-deep composition costs 40 rule applications and its derivative stays linear in shared size.
 * The chain rule is written once here: d(node) = Σ ∂node/∂child · d(child), with the partials from the one
 * local rule (`partials.ts`). Data columns are constants; `sum` and `mean` are linear, so
 * d(reduce(body)) = reduce(d(body)).
 */
import { addAll, type Expr, isZero, mul, num, pass, reduce } from "../expr/index.js";
import { partials } from "./partials.js";

/** ∂e/∂name, unsimplified beyond what the constructors do. */
export function differentiate(e: Expr, name: string): Expr {
  return pass<Expr>([e], (node, d) => {
    switch (node.kind) {
      case "sym":
        return num(node.name === name ? 1 : 0);
      case "num":
        return num(0);
      case "reduce":
        return reduce(node.op, d(node.body));
      default:
        return addAll(
          partials(node, (child) => !isZero(d(child))).map(({ child, partial }) => mul(partial, d(child))),
        );
    }
  })(e);
}

/**
 * Symbolic forward-mode differentiation with respect to one name, memoised per node over the shared tree,
 * so a 40-deep composition costs 40 rule applications and its derivative stays linear in shared size.
 * The chain rule is written once here: d(node) = Σ ∂node/∂child · d(child), with the partials from the one
 * local rule (`partials.ts`). A node with one such term keeps it pending (`product.ts`), so a chain of
 * depth d builds its product of d partials once, at the end, not once per level. Data columns are
 * constants; `sum` and `mean` are linear, so d(reduce(body)) = reduce(d(body)).
 */
import { addAll, type Expr, num, pass, reduce, unlowered } from "../expr/index.js";
import { partials } from "./partials.js";
import { isZeroPending, type Pending, product, times } from "./product.js";

/** ∂e/∂name, unsimplified beyond what the constructors do. */
export function differentiate(e: Expr, name: string): Expr {
  const d = pass<Pending>([e], (node, d) => {
    switch (node.kind) {
      case "sym":
        return num(node.name === name ? 1 : 0);
      case "num":
        return num(0);
      case "reduce":
        return reduce(node.op, product(d(node.body)));
      case "matmul":
      case "transpose":
      case "along":
      case "size":
        throw unlowered(node);
      default: {
        const terms = partials(node, (child) => !isZeroPending(d(child))).map(({ child, partial }) =>
          times(partial, d(child)),
        );
        return terms.length === 1 ? terms[0]! : addAll(terms.map(product));
      }
    }
  });
  return product(d(e));
}

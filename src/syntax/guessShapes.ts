/**
 * Shapes for a formula given alone (`symgrad diff "mean((X@w - y)^2)"`), where nothing declares them. Data
 * names are those given, or else the ones that look like data as today (`x`, `y`, `x1`, `y_2`, and the
 * capitals `X`, `Y`) standing inside a reduction, a size or a call along a dimension: a data name is a column
 * `(n)`, or `(n,?)` when it starts with a capital letter. A parameter written as an operand of `@` or `'` is
 * a vector `(?)`, or a matrix `(?,?)` when it starts with a capital letter; every other parameter is a scalar.
 * `?` is a size not known yet, which agrees with any other.
 */
import { children, type Expr, type Shape, type ShapeEnv, walkAll } from "../expr/index.js";

const LIKELY_DATA = /^[xXyY](\d*|_\w+)$/;
const capital = (name: string) => /^[A-Z]/.test(name);

/** The guessed shape of every name of `roots` that is not a scalar; see the file's header. */
export function guessShapes(roots: Expr | readonly Expr[], data?: Iterable<string>): ShapeEnv {
  const all = walkAll(Array.isArray(roots) ? roots : [roots as Expr]);
  const dataNames = new Set(data ?? likelyData(all));
  const guessed = new Map<string, Shape>();
  for (const name of dataNames) guessed.set(name, capital(name) ? ["n", "?"] : ["n"]);
  for (const node of all) {
    if (node.kind !== "matmul" && node.kind !== "transpose") continue;
    for (const operand of children(node))
      if (operand.kind === "sym" && !guessed.has(operand.name))
        guessed.set(operand.name, capital(operand.name) ? ["?", "?"] : ["?"]);
  }
  return (name) => guessed.get(name);
}

/** The names that look like data and stand inside a reduction, a size or a call along a dimension. */
function likelyData(all: readonly Expr[]): string[] {
  const inside = all.flatMap((n) =>
    n.kind === "reduce" || n.kind === "along" || n.kind === "size" ? children(n) : [],
  );
  return walkAll(inside).flatMap((n) => (n.kind === "sym" && LIKELY_DATA.test(n.name) ? [n.name] : []));
}

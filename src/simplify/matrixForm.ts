/**
 * Rules that make a matrix-form result read as matrixcalculus.org writes it, after `simplify` (whose
 * elementwise algebra is shape-safe and pulls only numbers out of reductions). These need shapes, which the
 * tree does not carry, so they take a ShapeEnv: a scalar factor moves out of `@` and out of a sum or mean
 * (`X'@(G/rows(X))` → `X'@G/rows(X)`), and a sum over the data rows divided by their number is a mean
 * (`sum(r)/rows(X)` → `mean(r)`, `sum(G, 0)/rows(X)` → `mean(G, 0)`), and a product of sums is multiplied
 * out where that cancels (`(a/s - b/(1 - s))*s*(1 - s)` → `a*(1 - s) - b*s`) or collects (`(1 - y)*s -
 * y*(1 - s)` → `s - y`) to something smaller: the chain rule leaves such products at every sigmoid and log.
 * One bottom-up memoised pass.
 */
import {
  addAll,
  along,
  children,
  type Expr,
  isFoldable,
  matmul,
  mulAll,
  num,
  pass,
  rebuild,
  reduce,
  type Shape,
  type ShapeEnv,
  shapes,
  size,
  spliced,
  transpose,
} from "../expr/index.js";
import { simplify, simplifyAll } from "./simplify.js";

/**
 * `simplifyAll` that keeps every node's shape under `env`: where the algebra would shrink one (`V - V` → 0
 * inside `logsumexp`, `sum(X/X)` → `sum(1)`), that node is only rebuilt from its simplified children.
 */
export function simplifyShaped(exprs: readonly Expr[], env: ShapeEnv): Expr[] {
  const memo = new Map<Expr, Shape>();
  const shape = (x: Expr) => shapes([x], env, memo)(x);
  const keeps = (before: Expr, after: Expr) => {
    try {
      return shape(before).join() === shape(after).join();
    } catch {
      return false; // the simplified form does not even have a shape (logsumexp of a number)
    }
  };
  return simplifyAll(exprs, { keeps });
}

/** `exprs` with the matrix-form rules applied (see the file header); each keeps its value. */
export function matrixForm(exprs: readonly Expr[], env: ShapeEnv): Expr[] {
  const memo = new Map<Expr, Shape>();
  const shape = (x: Expr) => shapes([x], env, memo)(x);
  const scalar = (x: Expr) => !isFoldable(x) && shape(x).length === 0;
  /** The scalar factors of `e` (numbers aside) and the rest, when there are both. */
  const scalarFactors = (e: Expr): [Expr[], Expr] | undefined => {
    if (e.kind !== "mul") return undefined;
    const out = e.factors.filter(scalar);
    const rest = e.factors.filter((f) => !scalar(f));
    return out.length > 0 && rest.length > 0 ? [out, mulAll(rest)] : undefined;
  };
  /** `candidate` when it has the shape of `e` (cancelling can lose one: `w*(a/w)` is `a`), else `e`. */
  const sameShape = (e: Expr, candidate: Expr): Expr => {
    try {
      return shape(candidate).join() === shape(e).join() ? candidate : e;
    } catch {
      return e;
    }
  };
  /** True for `rows(X)` (or `cols`) that is the number of data rows. */
  const dataRows = (e: Expr) => e.kind === "size" && shape(e.arg)[e.which === "rows" ? 0 : 1] === "n";
  /**
   * `sum(G)` over the data rows and numeric sizes k… as `k*…*rows(X)*mean(G)`, and `sum(G, 0)` of an (n,k)
   * matrix as `rows(X)*mean(G, 0)`: the mean and the count besides the rows; else undefined.
   */
  const asMean = (e: Expr): [Expr, number] | undefined => {
    if (e.kind === "reduce" && e.op === "sum") {
      const s = shape(e.body);
      const others = s.filter((d) => d !== "n");
      if (s.length - others.length !== 1 || !others.every((d) => typeof d === "number")) return undefined;
      return [reduce("mean", e.body), (others as number[]).reduce((p, d) => p * d, 1)];
    }
    if (
      e.kind === "along" &&
      e.op === "sum" &&
      e.dim === 0 &&
      shape(e.arg)[0] === "n" &&
      shape(e.arg).length === 2
    )
      return [along("mean", e.arg, 0), 1];
    return undefined;
  };
  /** A product with a sum over the data rows and `1/rows(X)` in it written with a mean (see `asMean`). */
  const asMeans = (r: Expr): Expr => {
    if (r.kind !== "mul") return r;
    const over = r.factors.findIndex(
      (f) => f.kind === "pow" && dataRows(f.base) && isFoldable(f.exponent) && f.exponent.value === -1,
    );
    const mean = r.factors.findIndex((f) => asMean(f) !== undefined);
    if (over < 0 || mean < 0) return r;
    const [m, count] = asMean(r.factors[mean]!)!;
    const factors = r.factors.flatMap((f, i) => (i === over ? [] : i === mean ? [m] : [f]));
    return smaller(r, mulAll([num(count), ...factors]));
  };
  const rule = (e: Expr, done: (x: Expr) => Expr): Expr => {
    const built = rebuild(e, children(e).map(done));
    // v@M is M'@v, as matrixcalculus.org writes it
    const r =
      built.kind === "matmul" && shape(built.left).length === 1 && shape(built.right).length === 2
        ? matmul(transpose(built.right), built.left)
        : built;
    switch (r.kind) {
      case "transpose":
        return shape(r.arg).length < 2 ? r.arg : r;
      case "matmul": {
        const left = scalarFactors(r.left);
        const right = scalarFactors(r.right);
        if (!left && !right) return r;
        return mulAll([
          ...(left?.[0] ?? []),
          ...(right?.[0] ?? []),
          matmul(left?.[1] ?? r.left, right?.[1] ?? r.right),
        ]);
      }
      case "reduce":
      case "along": {
        const body = r.kind === "reduce" ? r.body : r.arg;
        const split = r.op === "sum" || r.op === "mean" ? scalarFactors(body) : undefined;
        if (!split || shape(split[1]).length === 0) return r;
        return mulAll([...split[0], rebuild(r, [split[1]])]);
      }
      case "add":
        return sameShape(r, smaller(r, multipliedOut(r)));
      case "mul": {
        const cancelled = sameShape(r, cancelling(r));
        return cancelled !== r ? cancelled : asMeans(numbersPulled(r));
      }
      default:
        return r;
    }
  };
  const done = pass<Expr>(exprs, (e, kids) => arranged(rule(e, kids)));
  return exprs.map(done);
}

/** `e` multiplied out one level and simplified: each term that is a product with a sum in it spread over that sum. */
function multipliedOut(e: Extract<Expr, { kind: "add" }>): Expr {
  const spread = (t: Expr): Expr[] => {
    const sum = t.kind === "mul" ? t.factors.find((f) => f.kind === "add") : undefined;
    if (sum?.kind !== "add" || t.kind !== "mul") return [t];
    const others = t.factors.filter((f) => f !== sum);
    return sum.terms.map((u) => mulAll([...others, u]));
  };
  if (!e.terms.some((t) => t.kind === "mul" && t.factors.some((f) => f.kind === "add"))) return e;
  return simplify(addAll(spliced(e.terms.flatMap(spread), "add")));
}

/**
 * A product with a sum whose terms divide by another factor of the product, multiplied out so that the
 * division cancels (and then collected, as `multipliedOut`), when that is smaller; else the product.
 */
function cancelling(e: Extract<Expr, { kind: "mul" }>): Expr {
  const sum = e.factors.find(
    (f) =>
      f.kind === "add" &&
      f.terms.some(
        (t) =>
          t.kind === "mul" &&
          t.factors.some(
            (g) =>
              g.kind === "pow" &&
              isFoldable(g.exponent) &&
              g.exponent.value < 0 &&
              e.factors.includes(g.base),
          ),
      ),
  );
  if (sum?.kind !== "add") return e;
  const others = e.factors.filter((f) => f !== sum);
  const out = simplify(addAll(sum.terms.map((u) => mulAll([...others, u]))));
  return smaller(e, out.kind === "add" ? smaller(out, multipliedOut(out)) : out);
}

/** The smaller of two equal expressions; the first on a tie. */
function smaller(a: Expr, b: Expr): Expr {
  return a === b || size(a) <= size(b) ? a : b;
}

/**
 * A product in the order that prints without parentheses and reads as matrixcalculus.org writes it: the
 * number, the matrix products (`2*X'@r*c`, which parses back as it is, where `c*X'@r` would read `(c*X')@r`),
 * the other factors, those below the line last.
 */
function arranged(e: Expr): Expr {
  if (e.kind !== "mul") return e;
  const below = (f: Expr) => f.kind === "pow" && isFoldable(f.exponent) && f.exponent.value < 0;
  const products = e.factors.filter((f) => f.kind === "matmul");
  const rest = e.factors.filter((f) => f.kind !== "matmul");
  return mulAll([...products, ...rest.filter((f) => !below(f)), ...rest.filter(below)]);
}

/** Numbers moved out of the sums and means along a dimension in a product, when that makes it smaller. */
function numbersPulled(e: Extract<Expr, { kind: "mul" }>): Expr {
  let pulled = false;
  const factors = e.factors.flatMap((f) => {
    if (f.kind !== "along" || (f.op !== "sum" && f.op !== "mean")) return [f];
    if (f.arg.kind !== "mul" || !isFoldable(f.arg.factors[0]!)) return [f];
    pulled = true;
    return [f.arg.factors[0]!, along(f.op, mulAll(f.arg.factors.slice(1)), f.dim)];
  });
  return pulled ? smaller(e, mulAll(factors)) : e;
}

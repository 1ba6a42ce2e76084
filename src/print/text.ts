/**
 * The text printer: an expression tree → a formula of the language, with the fewest parentheses that keep
 * the meaning and spaces around `+` and `-` only. It is faithful: parsing the output gives back the same
 * (interned) node, because it writes operands in the tree's order and inverts exactly what the parser's
 * constructors do (`a - b` is `a + -1*b`, `a/b` is `a*b^-1`).
 */
import { children, type Expr, isFoldable, mul, type Num, num, pass, pow } from "../expr/index.js";
import { invertedPower, isUnfolded, splitProduct } from "./factors.js";
import { isNegative, magnitudeText } from "./number.js";
import { type Aliases, type Piece, Prec } from "./piece.js";

const wrap = (p: Piece, min: Prec) => (p.prec < min ? `(${p.text})` : p.text);

/**
 * Prints one expression as text; `names` may rename subexpressions (for shared printing). One memoised
 * bottom-up pass (no recursion over the tree's depth); the only nodes printed on demand are the positive
 * powers `b^k` written for a `b^-k` below the line, whose own operands are already printed.
 */
export function printText(e: Expr, names?: Aliases): string {
  const memo = new Map<Expr, Piece>();
  const print = (node: Expr): Piece => {
    const alias = names?.get(node);
    if (alias !== undefined) return { text: alias, prec: Prec.Atom, alias: true };
    return memo.get(node) ?? printNode(node, print);
  };
  const inside = (n: Expr) => (n !== e && names?.has(n) ? [] : children(n));
  pass([e], (node) => printNode(node, print), memo, { children: inside });
  return print(e).text;
}

function printNode(e: Expr, print: (e: Expr) => Piece): Piece {
  switch (e.kind) {
    case "num":
      return printNumber(e);
    case "sym":
      return { text: e.name, prec: Prec.Atom };
    case "add":
      return printSum(e.terms, print);
    case "mul":
      return printProduct(e.factors, print);
    case "pow": {
      if (invertedPower(e)) return printProduct([e], print);
      return {
        text: `${wrap(print(e.base), Prec.Atom)}^${wrap(print(e.exponent), Prec.Unary)}`,
        prec: Prec.Pow,
      };
    }
    case "call":
      return { text: `${e.fn.name}(${e.args.map((a) => print(a).text).join(", ")})`, prec: Prec.Atom };
    case "reduce":
      return { text: `${e.op}(${print(e.body).text})`, prec: Prec.Atom };
    case "matmul": {
      // `@` binds as `*` and `/`, to the left: the right operand needs parentheses if it is a product. A
      // negative number gets them on either side, so that a product never starts with a sign of its own.
      const left = print(e.left);
      const leftText = left.text.startsWith("-") ? `(${left.text})` : wrap(left, Prec.Mul);
      return { text: `${leftText}@${wrap(print(e.right), Prec.Pow)}`, prec: Prec.Mul };
    }
    case "transpose":
      return { text: `${wrap(print(e.arg), Prec.Atom)}'`, prec: Prec.Atom };
    case "along":
      return {
        text: `${e.op}(${print(e.arg).text}${e.dim === undefined ? "" : `, ${e.dim}`})`,
        prec: Prec.Atom,
      };
    case "size":
      return { text: `${e.which}(${print(e.arg).text})`, prec: Prec.Atom };
    default:
      return e satisfies never;
  }
}

function negate(n: Num): Num {
  return n.exact ? num(-n.exact.n, n.exact.d) : num(-n.value);
}

function printNumber(n: Num): Piece {
  const { text, quotient } = magnitudeText(n);
  if (isNegative(n)) return { text: `-${text}`, prec: quotient ? Prec.Mul : Prec.Unary };
  return { text, prec: quotient ? Prec.Mul : Prec.Atom };
}

/** The term written after ` - ` when it is negative (`a - 2*b`), else undefined. */
function negated(term: Expr, print: (e: Expr) => Piece): Piece | undefined {
  if (print(term).alias) return undefined; // a shared name stands as it is: `a + t1`
  if (term.kind === "num" && isNegative(term)) return printNumber(negate(term));
  if (
    term.kind === "mul" &&
    term.factors[0]?.kind === "num" &&
    isNegative(term.factors[0]) &&
    !isUnfolded(term.factors)
  ) {
    return printProduct(term.factors, print, true);
  }
  return undefined;
}

/**
 * A sum. The constructors keep a number term last, so `1 - a` is stored as `-a + 1`; when the first term is
 * negative, a positive number term is written first instead, which re-parses to the same node.
 */
function printSum(terms: readonly Expr[], print: (e: Expr) => Piece): Piece {
  const last = terms.at(-1)!;
  const ordered =
    isFoldable(last) && !isNegative(last) && !terms.slice(0, -1).some(isFoldable) && negated(terms[0]!, print)
      ? [last, ...terms.slice(0, -1)]
      : terms;
  let text = wrap(print(ordered[0]!), Prec.Add);
  for (const term of ordered.slice(1)) {
    const minus = negated(term, print);
    text += minus ? ` - ${wrap(minus, Prec.Mul)}` : ` + ${wrap(print(term), Prec.Mul)}`;
  }
  return { text, prec: Prec.Add };
}

/**
 * A product: coefficient, then factors in order, each inverted one as `/base^k`; the coefficient's
 * denominator joins the first inverted factor (`x/(2*y)`) or ends the product (`x/2`). With `dropSign`
 * the leading minus is left out (the caller writes ` - `).
 */
function printProduct(factors: readonly Expr[], print: (e: Expr) => Piece, dropSign = false): Piece {
  const f = splitProduct(factors);
  const sign = f.negative && !dropSign ? "-" : "";
  const [first] = f.factors;
  if (!f.coefficient && !f.denominator && f.factors.length === 1 && !first!.inverted) {
    const only = print(first!.expr);
    if (!sign) return only;
    // `-A@B` reads `(-A)@B`, which is built as `-(A@B)`: the same node, at the level of `*`
    if (first!.expr.kind === "matmul" && !only.alias && !leadsWithNumber(first!.expr))
      return { text: `-${only.text}`, prec: Prec.Mul };
    return { text: `-${wrap(only, Prec.Unary)}`, prec: Prec.Unary };
  }
  let text = f.coefficient ? printNumber(f.coefficient).text : "";
  let pending = f.denominator;
  const unfolded = isUnfolded(factors);
  for (const [index, { expr, inverted }] of f.factors.entries()) {
    if (!inverted) {
      const piece = print(expr);
      // `w*A@B` reads `(w*A)@B`: a matrix product after another factor needs parentheses. After the
      // coefficient alone it does not, since `(2*A)@B` is built as `2*(A@B)`, unless a number starts it
      // (`3*2@A` would fold to `6@A`).
      const grouped =
        expr.kind === "matmul" && (index > 0 || ((text !== "" || sign !== "") && leadsWithNumber(expr)));
      const min = unfolded ? Prec.Pow : grouped ? Prec.Unary : Prec.Mul;
      text = `${text ? `${text}*` : ""}${wrap(piece, min)}`;
    } else {
      // The coefficient's denominator joins a factor below the line (`x/(2*y)`) when that re-parses to the
      // same factors: not for `0^-1` (`2*0` folds) or `(5e-324*y)^-1` (the numbers fold).
      const join = pending !== undefined && joins(pending, expr);
      const below = join ? `(${pending}*${wrap(print(expr), Prec.Mul)})` : wrap(print(expr), Prec.Unary);
      text = `${text || "1"}/${below}`;
      if (join) pending = undefined;
    }
  }
  if (pending) text = `${text || "1"}/${pending}`;
  return { text: sign + text, prec: Prec.Mul };
}

/** True when the leftmost operand of a chain of matrix products is a number (`2@A@B`). */
function leadsWithNumber(e: Expr): boolean {
  while (e.kind === "matmul") e = e.left;
  return e.kind === "num";
}

/** True when `1/(d*below)` parses to the same product as `(1/d) * below^-1`. */
function joins(d: number, below: Expr): boolean {
  return pow(mul(num(d), below), num(-1)) === mul(num(1, d), pow(below, num(-1)));
}

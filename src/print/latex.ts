/**
 * The LaTeX printer, writing what a statistician writes: `\frac{a}{b}`, `x^{2}`, `\sqrt{x}`, functions from
 * the table's own LaTeX, and a reduction over data as `\frac{1}{n}\sum_{i=1}^{n}` with the data columns
 * written `x^{(i)}` inside it, as in the seed's cost.
 */
import { type Expr, isFoldable, type Num } from "../expr/index.js";
import { invertedPower, splitProduct } from "./factors.js";
import { isNegative, magnitudeText } from "./number.js";
import { type Piece, Prec } from "./piece.js";

const GREEK = new Set(
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(
    " ",
  ),
);
const INDICES = ["i", "j", "k", "l"];

const paren = (p: Piece, min: Prec) => (p.prec < min ? `\\left(${p.text}\\right)` : p.text);

/** A name in LaTeX: Greek letters by command, `w_1` as `w_{1}`, longer names upright-italic as one word. */
function nameLatex(name: string): string {
  const [head, ...rest] = name.split("_");
  // `_x`, `x_` and `x__1` keep every underscore, so that they stay distinct from `x` and `x_1`.
  if (!/^[A-Za-z]/.test(name) || rest.some((r) => r === "")) return `\\mathit{${name.replace(/_/g, "\\_")}}`;
  const base = GREEK.has(head!) ? `\\${head}` : head!.length > 1 ? `\\mathit{${head}}` : head!;
  return rest.length ? `${base}_{${rest.join(",")}}` : base;
}

/** Prints one expression as LaTeX; names in `data` are columns, indexed inside reductions. */
export function printLatex(e: Expr, data: ReadonlySet<string>, names?: ReadonlyMap<Expr, string>): string {
  const print = (node: Expr, depth: number): Piece => {
    const alias = names?.get(node);
    if (alias !== undefined) return { text: nameLatex(alias), prec: Prec.Atom };
    return printNode(node, depth, print, data);
  };
  return print(e, 0).text;
}

type Printer = (e: Expr, depth: number) => Piece;

function printNode(e: Expr, depth: number, print: Printer, data: ReadonlySet<string>): Piece {
  switch (e.kind) {
    case "num":
      return printNumber(e);
    case "sym": {
      const text = nameLatex(e.name);
      if (depth > 0 && data.has(e.name))
        return { text: `${text}^{(${INDICES[depth - 1] ?? "i"})}`, prec: Prec.Pow };
      return { text, prec: Prec.Atom };
    }
    case "add": {
      let text = print(e.terms[0]!, depth).text;
      for (const term of e.terms.slice(1)) {
        const piece = print(term, depth);
        text += piece.text.startsWith("-") ? ` - ${piece.text.slice(1)}` : ` + ${piece.text}`;
      }
      return { text, prec: Prec.Add };
    }
    case "mul":
      return printProduct(e.factors, depth, print);
    case "pow": {
      if (invertedPower(e)) return printProduct([e], depth, print);
      const base = print(e.base, depth);
      if (isFoldable(e.exponent) && e.exponent.exact?.n === 1 && e.exponent.exact.d === 2)
        return { text: `\\sqrt{${base.text}}`, prec: Prec.Atom };
      const baseText =
        e.base.kind === "call"
          ? `\\left(${base.text}\\right)`
          : base.prec === Prec.Pow && e.base.kind === "sym"
            ? `{${base.text}}`
            : paren(base, Prec.Atom);
      return { text: `${baseText}^{${print(e.exponent, depth).text}}`, prec: Prec.Pow };
    }
    case "call":
      return { text: e.fn.latex(...e.args.map((a) => print(a, depth).text)), prec: Prec.Atom };
    case "reduce": {
      const i = INDICES[depth] ?? "i";
      const body = print(e.body, depth + 1);
      const bodyText = body.prec <= Prec.Add ? `\\left(${body.text}\\right)` : body.text;
      const sum = `\\sum_{${i}=1}^{n} ${bodyText}`;
      return { text: e.op === "mean" ? `\\frac{1}{n}${sum}` : sum, prec: Prec.Mul };
    }
    default:
      return e satisfies never;
  }
}

function printNumber(n: Num): Piece {
  if (n.constant) return { text: n.constant === "pi" ? "\\pi" : "e", prec: Prec.Atom };
  const { text, quotient } = magnitudeText(n);
  if (quotient) {
    const frac = `\\frac{${text.replace("/", "}{")}}`;
    return { text: isNegative(n) ? `-${frac}` : frac, prec: isNegative(n) ? Prec.Unary : Prec.Mul };
  }
  const scientific = /^(.*)e([+-]?)(\d+)$/.exec(text);
  if (!scientific) return isNegative(n) ? { text: `-${text}`, prec: Prec.Unary } : { text, prec: Prec.Atom };
  const [, mantissa, sign, digits] = scientific;
  const body = `${mantissa === "1" ? "" : `${mantissa} \\cdot `}10^{${sign === "-" ? "-" : ""}${digits}}`;
  return isNegative(n) ? { text: `-${body}`, prec: Prec.Unary } : { text: body, prec: Prec.Pow };
}

function printProduct(factors: readonly Expr[], depth: number, print: Printer): Piece {
  const f = splitProduct(factors);
  const top: string[] = [];
  const bottom: string[] = [];
  if (f.coefficient) top.push(printNumber(f.coefficient).text);
  if (f.denominator) bottom.push(String(f.denominator));
  const several = (list: readonly unknown[]) => list.length > 1;
  const numerators = f.factors.filter((x) => !x.inverted);
  const denominators = f.factors.filter((x) => x.inverted);
  const alone =
    !several(numerators) && !f.coefficient && (!f.negative || bottom.length + denominators.length > 0);
  for (const { expr } of numerators) top.push(paren(print(expr, depth), alone ? Prec.Add : Prec.Unary));
  for (const { expr } of denominators)
    bottom.push(paren(print(expr, depth), several(denominators) ? Prec.Unary : Prec.Add));
  const join = (parts: string[]) =>
    parts.reduce((acc, p) => (acc === "" ? p : /^[\d.]/.test(p) ? `${acc} \\cdot ${p}` : `${acc} ${p}`), "");
  const numerator = join(top) || "1";
  const text = bottom.length ? `\\frac{${numerator}}{${join(bottom)}}` : numerator;
  return { text: f.negative ? `-${text}` : text, prec: Prec.Mul };
}

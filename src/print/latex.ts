/**
 * The LaTeX printer, writing what a statistician writes: `\frac{a}{b}`, `x^{2}`, `\sqrt{x}`, functions from
 * the table's own LaTeX, and a reduction over data as `\frac{1}{n}\sum_{i=1}^{n}` with the data columns
 * written `x^{(i)}` inside it, as in the seed's cost. Given the shapes of vectors and matrices, an entrywise
 * product of two of them is `\odot`, and a sum or mean that is not one value per data row (over a matrix,
 * or of something that already sums over the rows, such as `X^\top y`) is written as an operator.
 */
import { children, type Expr, isFoldable, type Num, num, pass, type Shape, walkAll } from "../expr/index.js";
import { invertedPower, splitProduct } from "./factors.js";
import { isNegative, magnitudeText } from "./number.js";
import { type Aliases, type Piece, Prec } from "./piece.js";

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

/** The LaTeX of a shared subexpression's name: `t1` is `t_{1}`, indexed like data inside a reduction. */
export function aliasLatex(alias: string, depth: number, perRow: boolean): string {
  const name = alias.replace(/^t(\d+)$/, "t_{$1}");
  return perRow && depth > 0 ? `${name}^{(${INDICES[depth - 1] ?? "i"})}` : name;
}

/** Stops a walk at reductions: their bodies are printed one level deeper. */
const withinLevel = (e: Expr) => (e.kind === "reduce" ? [] : children(e));

/**
 * The nodes of `roots` level by level: level 0 outside every reduction, level k inside k nested ones. Each
 * node is listed at every level where it stands.
 */
export function reductionLevels(roots: readonly Expr[], within = withinLevel): Expr[][] {
  const levels: Expr[][] = [];
  for (let level = roots; level.length > 0; ) {
    const nodes = walkAll(level, { children: within });
    levels.push(nodes);
    level = nodes.flatMap((n) => (n.kind === "reduce" ? [n.body] : []));
  }
  return levels;
}

/** The level of reductions at which each node of `roots` first stands (see `reductionLevels`). */
export function firstLevels(roots: readonly Expr[]): Map<Expr, number> {
  const first = new Map<Expr, number>();
  reductionLevels(roots).forEach((nodes, level) => {
    for (const n of nodes) if (!first.has(n)) first.set(n, level);
  });
  return first;
}

/**
 * A test, memoised across calls, for nodes that have a value per data row: a data column stands in them
 * outside every reduction.
 */
export function perRowTest(data: ReadonlySet<string>): (e: Expr) => boolean {
  const memo = new Map<Expr, boolean>();
  const rule = (n: Expr, row: (e: Expr) => boolean) =>
    n.kind === "sym" ? data.has(n.name) : n.kind !== "reduce" && children(n).some(row);
  return (e) => pass<boolean>([e], rule, memo)(e);
}

/**
 * Prints one expression as LaTeX; names in `data` are columns, indexed inside reductions. `depth` is the
 * number of reductions `e` stands in (for a shared subexpression defined on a line of its own). One
 * memoised pass per level of reductions, innermost first: no recursion over the tree's depth.
 */
export function printLatex(
  e: Expr,
  data: ReadonlySet<string>,
  names?: Aliases,
  depth = 0,
  shapeOf?: ShapeOf,
): string {
  const rowWise = rowWiseTest(shapeOf);
  const level = (n: Expr) => (n.kind === "reduce" && rowWise(n) ? [] : children(n));
  const inside = (n: Expr) => (n !== e && names?.has(n) ? [] : level(n));
  const levels = reductionLevels([e], inside);
  const memos = levels.map(() => new Map<Expr, Piece>());
  const perRow = perRowTest(data);
  const print = (node: Expr, at: number): Piece => {
    const alias = names?.get(node);
    if (alias !== undefined) {
      const row = perRow(node) && at > 0;
      return { text: aliasLatex(alias, at, row), prec: row ? Prec.Pow : Prec.Atom, alias: true };
    }
    return memos[at - depth]?.get(node) ?? printNode(node, at, print, context);
  };
  const context: Context = { data, shapeOf, rowWise };
  for (let k = levels.length - 1; k >= 0; k--)
    pass(levels[k]!, (node) => printNode(node, k + depth, print, context), memos[k]!, {
      children: inside,
    });
  return print(e, depth).text;
}

type Printer = (e: Expr, depth: number) => Piece;

/** The shape of an expression, or undefined where none is known (a scalar formula). */
export type ShapeOf = (e: Expr) => Shape | undefined;

/** What every node's printing may consult. */
interface Context {
  readonly data: ReadonlySet<string>;
  readonly shapeOf: ShapeOf | undefined;
  /** True for a reduction written as a sum over the data rows, its body indexed by row. */
  readonly rowWise: (e: Extract<Expr, { kind: "reduce" }>) => boolean;
}

/**
 * Which reductions are sums over the data rows of one value per row (all of them, without shapes): those
 * whose body is a scalar or an (n) vector with nothing in it that sums over the rows already.
 */
function rowWiseTest(shapeOf: ShapeOf | undefined): (e: Expr) => boolean {
  if (!shapeOf) return () => true;
  const rows = (x: Expr) => shapeOf(x)?.includes("n") ?? false;
  // a node that holds the rows in an operand but not in itself (X'@y, sum(X, 0), rows(X)) sums over them
  const contracts = (x: Expr) => x.kind !== "reduce" && !rows(x) && children(x).some(rows);
  const memo = new Map<Expr, boolean>();
  return (e) => {
    if (e.kind !== "reduce") return false;
    const found = memo.get(e);
    if (found !== undefined) return found;
    const body = shapeOf(e.body) ?? [];
    const inside = walkAll([e.body], { children: (x) => (x.kind === "reduce" ? [] : children(x)) });
    const result = (body.length === 0 || body.join() === "n") && !inside.some(contracts);
    memo.set(e, result);
    return result;
  };
}

/** True for an expression known to be a vector or a matrix. */
const isShaped = (shapeOf: ShapeOf | undefined, e: Expr) => (shapeOf?.(e)?.length ?? 0) > 0;

function printNode(e: Expr, depth: number, print: Printer, context: Context): Piece {
  const { data } = context;
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
      // decided from the terms, not by reading printed text (which would copy it: quadratic when deep)
      let text = print(e.terms[0]!, depth).text;
      for (const term of e.terms.slice(1)) {
        const piece = print(term, depth);
        if (piece.alias) text += ` + ${piece.text}`;
        else if (term.kind === "num" && isNegative(term)) text += ` - ${printNumber(negate(term)).text}`;
        else if (term.kind === "mul" && splitProduct(term.factors).negative)
          text += ` - ${printProduct(term.factors, depth, print, context, true).text}`;
        else text += ` + ${piece.text}`;
      }
      return { text, prec: Prec.Add };
    }
    case "mul":
      return printProduct(e.factors, depth, print, context);
    case "pow": {
      if (invertedPower(e)) return printProduct([e], depth, print, context);
      const base = print(e.base, depth);
      if (isFoldable(e.exponent) && e.exponent.exact?.n === 1 && e.exponent.exact.d === 2)
        return { text: `\\sqrt{${base.text}}`, prec: Prec.Atom };
      const baseText =
        e.base.kind === "call" && !base.alias
          ? `\\left(${base.text}\\right)`
          : base.prec === Prec.Pow && (e.base.kind === "sym" || base.alias)
            ? `{${base.text}}`
            : paren(base, Prec.Atom);
      return { text: `${baseText}^{${print(e.exponent, depth).text}}`, prec: Prec.Pow };
    }
    case "call":
      return { text: e.fn.latex(...e.args.map((a) => print(a, depth).text)), prec: Prec.Atom };
    case "reduce": {
      if (!context.rowWise(e))
        return {
          text: `\\operatorname{${e.op}}\\left(${print(e.body, depth).text}\\right)`,
          prec: Prec.Atom,
        };
      const i = INDICES[depth] ?? "i";
      const body = print(e.body, depth + 1);
      const bodyText = body.prec <= Prec.Add ? `\\left(${body.text}\\right)` : body.text;
      const sum = `\\sum_{${i}=1}^{n} ${bodyText}`;
      return { text: e.op === "mean" ? `\\frac{1}{n}${sum}` : sum, prec: Prec.Mul };
    }
    case "matmul":
      // juxtaposition, as in X^\top (X w - y); binds as a factor, so `2 X^\top r` needs no parentheses
      return {
        text: `${paren(print(e.left, depth), Prec.Unary)} ${paren(print(e.right, depth), Prec.Unary)}`,
        prec: Prec.Unary,
      };
    case "transpose": {
      const arg = print(e.arg, depth);
      const base = e.arg.kind === "sym" && !arg.alias ? arg.text : `{${paren(arg, Prec.Atom)}}`;
      return { text: `${base}^\\top`, prec: Prec.Pow };
    }
    case "along":
      return {
        text: `\\operatorname{${e.op}}\\left(${print(e.arg, depth).text}${e.dim === undefined ? "" : `, ${e.dim}`}\\right)`,
        prec: Prec.Atom,
      };
    case "size":
      // the number of data rows is the n of the sums: \frac{1}{n}
      if (e.which === "rows" && e.arg.kind === "sym" && data.has(e.arg.name))
        return { text: "n", prec: Prec.Atom };
      return {
        text: `\\operatorname{${e.which}}\\left(${print(e.arg, depth).text}\\right)`,
        prec: Prec.Atom,
      };
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

/**
 * A product; with `dropSign` the leading minus is left out (the caller writes ` - `). Two vectors or
 * matrices side by side are an entrywise product, `\odot` (a matrix product beside one is parenthesized).
 */
function printProduct(
  factors: readonly Expr[],
  depth: number,
  print: Printer,
  context: Context,
  dropSign = false,
): Piece {
  const f = splitProduct(factors);
  /** Printed factors, whether each begins with a digit (then it follows a `\cdot`), and is a vector or matrix. */
  type Part = { text: string; digit: boolean; shaped?: boolean };
  const top: Part[] = [];
  const bottom: Part[] = [];
  if (f.coefficient) top.push({ text: printNumber(f.coefficient).text, digit: true });
  if (f.denominator) bottom.push({ text: String(f.denominator), digit: true });
  const several = (list: readonly unknown[]) => list.length > 1;
  const numerators = f.factors.filter((x) => !x.inverted);
  const denominators = f.factors.filter((x) => x.inverted);
  const alone =
    !several(numerators) && !f.coefficient && (!f.negative || bottom.length + denominators.length > 0);
  const entrywise = several(numerators.filter((x) => isShaped(context.shapeOf, x.expr)));
  const factor = (expr: Expr, min: Prec, shaped = false): Part => {
    const piece = print(expr, depth);
    const at = shaped && entrywise && expr.kind === "matmul" ? Prec.Pow : min;
    return { text: paren(piece, at), digit: piece.prec >= at && leadsWithDigit(expr, piece), shaped };
  };
  for (const { expr } of numerators)
    top.push(factor(expr, alone ? Prec.Add : Prec.Unary, isShaped(context.shapeOf, expr)));
  for (const { expr } of denominators)
    bottom.push(factor(expr, several(denominators) ? Prec.Unary : Prec.Add));
  const join = (parts: readonly Part[]) => {
    let text = "";
    parts.forEach((p, k) => {
      const between = p.shaped && parts[k - 1]?.shaped ? " \\odot " : p.digit ? " \\cdot " : " ";
      text = k === 0 ? p.text : `${text}${between}${p.text}`;
    });
    return text;
  };
  const numerator = join(top) || "1";
  const text = bottom.length ? `\\frac{${numerator}}{${join(bottom)}}` : numerator;
  return { text: f.negative && !dropSign ? `-${text}` : text, prec: Prec.Mul };
}

/**
 * A positive number that prints as digits (`2`, `0.5`, `10^{-5}`), not as a fraction or a constant; as the
 * base of a power, also not in scientific form (which gets parentheses there).
 */
function isDigits(e: Expr, base = false): boolean {
  if (!isFoldable(e) || isNegative(e)) return false;
  const { text, quotient } = magnitudeText(e);
  return !quotient && !(base && text.includes("e"));
}

/** True when `piece`, the LaTeX of `e`, begins with a digit: a number, or a number to a power. */
function leadsWithDigit(e: Expr, piece: Piece): boolean {
  if (piece.alias) return false;
  if (e.kind === "pow") return !invertedPower(e) && !isSqrt(e) && isDigits(e.base, true);
  return isDigits(e);
}

const isSqrt = (e: Extract<Expr, { kind: "pow" }>) =>
  isFoldable(e.exponent) && e.exponent.exact?.n === 1 && e.exponent.exact.d === 2;

function negate(n: Num): Num {
  return n.exact ? num(-n.exact.n, n.exact.d) : num(-n.value);
}

/**
 * Hoisting data moments out of polynomial reductions, a rewrite applied before differentiation and code
 * generation. A reduction whose body is a polynomial in data-only row values ("atoms": columns, `x^2`,
 * `log(x)`) with scalar coefficients (parameters, numbers, other reductions) is rewritten as
 * `reduce(Σ c_k·m_k) = Σ c_k·reduce(m_k)`: each `reduce(m_k)` depends on the data only, so the kernel computes
 * it once when the data is bound, with its blocked compensated summation, and each step costs O(terms), not
 * O(rows). Every atom `a` is centred first, `a = (a - s) + s` with s a robust mean of sampled values, so that
 * data far from zero with a small spread (x ≈ 1e6) does not turn the expansion into a difference of huge
 * moments.
 */
import { derivative } from "../diff/index.js";
import {
  addAll,
  children,
  type Expr,
  freeSymbols,
  isFoldable,
  mulAll,
  num,
  pow,
  type ReduceOp,
  reduce,
  replace,
  sub,
  walk,
  walkAll,
} from "../expr/index.js";
import { evaluate } from "./evaluate.js";
import { magnitude } from "./roundingError.js";

/**
 * Most monomials in the data that one reduction may expand into; beyond this it is left as a loop. The
 * expansion and its gradient are built symbolically, so compile time grows with it (a few ms for the 5
 * moments of a line fit, a few hundred for 56 moments).
 */
export const MAX_MONOMIALS = 64;
/** Highest total degree in the data of a hoisted monomial (higher moments also lose accuracy fast). */
export const MAX_DEGREE = 4;
/**
 * When hoisting pays (without `always`): at least MIN_ROWS rows and ROWS_PER_MOMENT rows per moment. A step
 * then costs a few operations per moment instead of a few per row, which repays the extra compile time
 * (milliseconds) and the pass that binding the data takes within a hundred steps or so.
 */
export const MIN_ROWS = 4096;
export const ROWS_PER_MOMENT = 64;
/** Passes that replace reductions nested inside hoisted ones' coefficients. */
const MAX_NESTING = 4;

/** What the rewrite needs to know of the formula's names and data. */
export interface MomentContext {
  readonly isParam: (name: string) => boolean;
  readonly isColumn: (name: string) => boolean;
  /** Rows of the data, for deciding whether hoisting pays. */
  readonly rows: number;
  /** Hoist every polynomial reduction within the caps, whether or not it pays (for tests and benchmarks). */
  readonly always?: boolean;
  /** A value near the middle of the data-only row expression `atom`'s values (see `sampleCentre`). */
  readonly centre: (atom: Expr) => number;
}

/** Rows sampled to pick an atom's shift. */
const SAMPLES = 33;

/**
 * The mean of the middle half of the data-only row expression `atom`'s values at SAMPLES rows spread evenly
 * over the data (0 when none is finite, or when the atom holds a reduction): a shift that centres the atom
 * to within its spread, robust to a few outliers, and found without a pass over the data (binding then
 * takes one pass, for the moments only).
 */
export function sampleCentre(atom: Expr, columns: ReadonlyMap<string, Float64Array>, rows: number): number {
  // a reduction inside the atom (`x*mean(x)`) would range over the one sampled row: no sample then (the
  // shift only affects accuracy, and the check at each step catches what is lost)
  if (walk(atom).some((e) => e.kind === "reduce")) return 0;
  const values: number[] = [];
  const names = [...columns.keys()];
  for (let k = 0; k < Math.min(SAMPLES, rows); k++) {
    const row = Math.floor(((k + 0.5) * rows) / Math.min(SAMPLES, rows));
    const v =
      atom.kind === "sym"
        ? columns.get(atom.name)![row]!
        : evaluate(reduce("sum", atom), new Map(names.map((name) => [name, [columns.get(name)![row]!]])));
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  // the mean of the middle half: as robust as the median, and nearer the mean of data that takes few
  // values (x = 1, 2, 3 repeated, whose median may sample as 3); each value divided first, so no overflow
  const middle = values.slice(values.length >> 2, values.length - (values.length >> 2));
  return middle.reduce((m, v) => m + v / middle.length, 0);
}

/** A monomial in the centred atoms: [atom number, exponent] pairs sorted by atom; its coefficient. */
interface Term {
  readonly powers: readonly (readonly [atom: number, exponent: number])[];
  readonly coefficient: Expr;
}
/** A polynomial: terms by the key of their monomial ("" for the constant term). */
type Poly = ReadonlyMap<string, Term>;

const keyOf = (powers: Term["powers"]) => powers.map(([a, k]) => `${a}^${k}`).join("*");
const degreeOf = (powers: Term["powers"]) => powers.reduce((d, [, k]) => d + k, 0);

/** A numeric factor and the rest, so that `2*W*c` and `W*c` collect as like terms. */
function splitNumber(e: Expr): { c: Expr; rest: Expr } {
  if (e.kind === "mul" && isFoldable(e.factors[0]!))
    return { c: e.factors[0]!, rest: mulAll(e.factors.slice(1)) };
  if (isFoldable(e)) return { c: e, rest: num(1) };
  return { c: num(1), rest: e };
}

/** The sum of `parts` with like terms (equal but for a number) collected, so `W*c + c*W` is `2*W*c`. */
function collect(parts: readonly Expr[]): Expr {
  const groups = new Map<number, { rest: Expr; c: Expr[] }>();
  for (const part of parts) {
    const { c, rest } = splitNumber(part);
    const group = groups.get(rest.id);
    if (group === undefined) groups.set(rest.id, { rest, c: [c] });
    else group.c.push(c);
  }
  return addAll([...groups.values()].map(({ rest, c }) => mulAll([addAll(c), rest])));
}

/** The product of scalar coefficients, factors in a fixed order so equal products are one node. */
function product(a: Expr, b: Expr): Expr {
  const factors = [a, b].flatMap((e) => (e.kind === "mul" ? e.factors : [e]));
  return mulAll(factors.sort((u, v) => (isFoldable(u) ? -1 : isFoldable(v) ? 1 : u.id - v.id)));
}

/** The sum of polynomials, or undefined beyond MAX_MONOMIALS. */
function addPolys(polys: readonly Poly[]): Poly | undefined {
  const parts = new Map<string, { powers: Term["powers"]; coefficients: Expr[] }>();
  for (const p of polys)
    for (const [key, t] of p) {
      const entry = parts.get(key);
      if (entry === undefined) parts.set(key, { powers: t.powers, coefficients: [t.coefficient] });
      else entry.coefficients.push(t.coefficient);
    }
  if (parts.size > MAX_MONOMIALS) return undefined;
  const sum = new Map<string, Term>();
  for (const [key, { powers, coefficients }] of parts)
    sum.set(key, {
      powers,
      coefficient: coefficients.length === 1 ? coefficients[0]! : collect(coefficients),
    });
  return sum;
}

/** The product of two polynomials, or undefined beyond MAX_MONOMIALS or MAX_DEGREE. */
function mulPolys(a: Poly, b: Poly): Poly | undefined {
  const parts: Poly[] = [];
  for (const s of a.values())
    for (const t of b.values()) {
      const exponents = new Map(s.powers);
      for (const [atom, k] of t.powers) exponents.set(atom, (exponents.get(atom) ?? 0) + k);
      const powers = [...exponents].sort(([u], [v]) => u - v);
      if (degreeOf(powers) > MAX_DEGREE) return undefined;
      parts.push(new Map([[keyOf(powers), { powers, coefficient: product(s.coefficient, t.coefficient) }]]));
    }
  return addPolys(parts);
}

const constantPoly = (c: Expr): Poly => new Map([["", { powers: [], coefficient: c }]]);

/** One term of a hoisted sum: a coefficient (parameters and numbers) times a moment of the data. */
export interface MomentTerm {
  readonly coefficient: Expr;
  /** The centred monomial whose reduction is the moment; undefined for the constant term. */
  readonly monomial: Expr | undefined;
  /** The monomial's total degree (0 for the constant term). */
  readonly degree: number;
  /**
   * A bound on reduce(op, |monomial|), for the moment's rounding error: the moment itself when every exponent
   * is even; else, by Hölder's inequality, from the moments of each atom to the even degree d' ≥ d where
   * the polynomial has them (mean|Π x_j^k_j| ≤ Π mean(x_j^d')^(k_j/d'), so mean|x| ≤ sqrt(mean(x²))),
   * with no extra pass over the data; else a moment of its own.
   */
  readonly absolute: Expr;
}

/** A hoisted reduction `reduce(op, body)`, as the terms it was rewritten into. */
export interface HoistedSum {
  readonly op: ReduceOp;
  readonly terms: readonly MomentTerm[];
  /**
   * For a body `u^2` (least squares), by parameter name, `reduce(op, (∂u/∂p)^2)` in hoisted form: with the
   * sum itself, it bounds the row loop's terms of ∂/∂p, Σ|2u·∂u/∂p| ≤ 2·sqrt(Σu²·Σ(∂u/∂p)²) (Cauchy–Schwarz).
   */
  readonly slopes: ReadonlyMap<string, Expr>;
}

/** A cost with its moments hoisted, and the hoisted sums, from which each step checks their accuracy. */
export interface Hoisted {
  readonly cost: Expr;
  readonly sums: readonly HoistedSum[];
}

/** The value of `term` in a hoisted sum of `op`, with `coefficient` in place of its own. */
export function termValue(op: ReduceOp, term: MomentTerm, coefficient = term.coefficient): Expr {
  // the constant term: n·c for a sum, c itself for a mean
  if (term.monomial === undefined) return op === "mean" ? coefficient : reduce(op, coefficient);
  return mulAll([coefficient, reduce(op, term.monomial)]);
}

/**
 * `root` with every reduction that is a polynomial in centred data atoms (and big enough for hoisting to
 * pay) rewritten as a sum of coefficients times data-only moments. Everything else is kept as it is.
 * Iterative over the tree; the expansion of one body is bounded by MAX_MONOMIALS.
 */
export function hoistMoments(root: Expr, context: MomentContext): Hoisted {
  const rowwise = new Map<number, boolean>();
  const hasParam = new Map<number, boolean>();
  /** Fills `rowwise` and `hasParam` for `e` and everything below it not seen yet. */
  const classify = (e: Expr) => {
    for (const n of walkAll([e], { known: (m) => rowwise.has(m.id) })) {
      const kids = children(n);
      rowwise.set(
        n.id,
        n.kind === "sym"
          ? context.isColumn(n.name)
          : n.kind !== "reduce" && kids.some((c) => rowwise.get(c.id)),
      );
      hasParam.set(n.id, n.kind === "sym" ? context.isParam(n.name) : kids.some((c) => hasParam.get(c.id)));
    }
  };
  const atoms = new Map<number, { index: number; centred: Expr; shift: Expr }>();
  const atomPoly = (a: Expr): Poly => {
    let atom = atoms.get(a.id);
    if (atom === undefined) {
      const shift = num(context.centre(a));
      atom = { index: atoms.size, centred: sub(a, shift), shift };
      atoms.set(a.id, atom);
    }
    return new Map([
      [keyOf([[atom.index, 1]]), { powers: [[atom.index, 1]], coefficient: num(1) }],
      ["", { powers: [], coefficient: atom.shift }],
    ]);
  };

  /** The body as a polynomial in centred atoms, or undefined when it is not one (or too big). */
  const expand = (body: Expr, dataOnly = false): Poly | undefined => {
    classify(body);
    const isRow = (e: Expr) => rowwise.get(e.id)!;
    // descend only into the row-wise parts that involve parameters: the rest are coefficients or atoms
    // (`dataOnly`: also into sums, products and natural powers of the data, to expand them in the atoms)
    const inner = (e: Expr) =>
      isRow(e) &&
      (hasParam.get(e.id)! ||
        (dataOnly &&
          (e.kind === "add" ||
            e.kind === "mul" ||
            (e.kind === "pow" && e.exponent.kind === "num" && Number.isInteger(e.exponent.value)))));
    const polys = new Map<number, Poly | undefined>();
    const leaf = (e: Expr): Poly => {
      if (!isRow(e)) return constantPoly(e);
      const { c, rest } = splitNumber(e);
      const p = atomPoly(rest);
      return c.kind === "num" && c.value === 1 ? p : mulPolys(constantPoly(c), p)!;
    };
    for (const e of walkAll([body], { children: (e) => (inner(e) ? children(e) : []) })) {
      if (!inner(e)) {
        polys.set(e.id, leaf(e));
        continue;
      }
      const of = (c: Expr) => polys.get(c.id);
      let p: Poly | undefined;
      if (e.kind === "add")
        p = e.terms.some((t) => of(t) === undefined) ? undefined : addPolys(e.terms.map((t) => of(t)!));
      else if (e.kind === "mul") {
        p = constantPoly(num(1));
        for (const f of e.factors) p = p && of(f) && mulPolys(p, of(f)!);
      } else if (e.kind === "pow" && e.exponent.kind === "num" && Number.isInteger(e.exponent.value)) {
        const k = e.exponent.value;
        const base = of(e.base);
        if (k >= 1 && k <= MAX_DEGREE && base !== undefined) {
          p = base;
          for (let j = 1; j < k && p !== undefined; j++) p = mulPolys(p, base);
        }
      }
      polys.set(e.id, p);
    }
    return polys.get(body.id);
  };

  /** The terms of `poly` as a hoisted sum of `op`. */
  const termsOf = (op: ReduceOp, poly: Poly): MomentTerm[] => {
    const centred = [...atoms.values()];
    const monomial = (powers: Term["powers"]) =>
      mulAll(powers.map(([a, k]) => pow(centred[a]!.centred, num(k))));
    const moment = (powers: Term["powers"]) => reduce(op, monomial(powers));
    const absolute = (powers: Term["powers"], degree: number): Expr => {
      if (powers.every(([, k]) => k % 2 === 0)) return magnitude(moment(powers));
      const even = degree + (degree % 2);
      if (!powers.every(([a]) => poly.has(keyOf([[a, even]]))))
        return reduce(op, magnitude(monomial(powers)));
      // a sum is n times a mean: n^(1 - d/d') is left over
      const rows = op === "sum" ? [pow(reduce("sum", num(1)), num(1 - degree / even))] : [];
      return mulAll([...rows, ...powers.map(([a, k]) => pow(magnitude(moment([[a, even]])), num(k / even)))]);
    };
    return [...poly.values()].map(({ powers, coefficient }) => {
      const degree = degreeOf(powers);
      return powers.length === 0
        ? { coefficient, monomial: undefined, degree, absolute: num(0) }
        : { coefficient, monomial: monomial(powers), degree, absolute: absolute(powers, degree) };
    });
  };

  /** reduce(op, body) as Σ coefficient·reduce(op, monomial), or undefined when that does not apply or pay. */
  const hoist = (op: ReduceOp, body: Expr): HoistedSum | undefined => {
    classify(body);
    if (!rowwise.get(body.id) || !hasParam.get(body.id)) return undefined;
    const poly = expand(body);
    if (poly === undefined) return undefined;
    const moments = [...poly.values()].filter((t) => t.powers.length > 0).length;
    const pays = context.rows >= MIN_ROWS && context.rows >= ROWS_PER_MOMENT * moments;
    if (!pays && context.always !== true) return undefined;
    const slopes = new Map<string, Expr>();
    if (body.kind === "pow" && body.exponent.kind === "num" && body.exponent.value === 2)
      for (const name of new Set(freeSymbols(body.base)))
        if (context.isParam(name)) {
          const slope = expand(pow(derivative(body.base, name), num(2)), true);
          if (slope !== undefined) slopes.set(name, addAll(termsOf(op, slope).map((t) => termValue(op, t))));
        }
    return { op, terms: termsOf(op, poly), slopes };
  };

  const replacements = new Map<number, Expr>();
  const sums: HoistedSum[] = [];
  for (const e of walk(root))
    if (e.kind === "reduce") {
      const hoisted = hoist(e.op, e.body);
      if (hoisted === undefined) continue;
      replacements.set(e.id, addAll(hoisted.terms.map((t) => termValue(e.op, t))));
      sums.push(hoisted);
    }
  // a hoisted reduction keeps the reductions nested in its coefficients as they were: each further pass
  // replaces one more level of them (a few at most in any real formula; deeper ones stay loops)
  const replaced = (e: Expr) => {
    let result = e;
    for (let level = 0; level < MAX_NESTING; level++) {
      const next = replace(result, replacements);
      if (next === result) break;
      result = next;
    }
    return result;
  };
  return {
    cost: replaced(root),
    sums: sums.map(({ op, terms, slopes }) => ({
      op,
      terms: terms.map((t) => ({ ...t, coefficient: replaced(t.coefficient) })),
      slopes: new Map([...slopes].map(([name, slope]) => [name, replaced(slope)])),
    })),
  };
}

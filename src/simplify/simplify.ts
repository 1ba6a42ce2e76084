/**
 * The simplifier: rebuilds a tree bottom-up (memoised per node) into a form a careful person would write.
 * On top of the constructors' folding it collects like terms (`x + x → 2*x`, `x - x → 0`) and like factors
 * (`x*x → x^2`, `x/x → 1`), puts factors below the line last, and moves a numeric factor out of a
 * reduction when that makes the result smaller (`1/2*sum(2*r) → sum(r)`). It never expands a product over
 * a sum, so the user's structure stays. Every rewrite keeps the value wherever the input is defined.
 */
import {
  type Add,
  addAll,
  call,
  children,
  type Expr,
  isFoldable,
  isZero,
  type Mul,
  mul,
  mulAll,
  type Num,
  num,
  pass,
  pow,
  rebuild as rebuildNode,
  reduce,
  size,
  spliced,
} from "../expr/index.js";

const ONE = num(1);

/** A simpler expression with the same value wherever `e` is defined. */
export function simplify(e: Expr): Expr {
  return simplifyAll([e])[0]!;
}

/** Options of `simplifyAll`. */
export interface SimplifyOptions {
  /**
   * Whether a node may be replaced by its simplified form. Where not, it is rebuilt from its simplified
   * children only. Matrix forms pass a shape check here: cancelling `V - V` to 0 or `v/v` to 1 is right
   * entry by entry, but inside `logsumexp(…)` or `sum(…)` the lost shape would change the value.
   */
  readonly keeps?: (before: Expr, after: Expr) => boolean;
}

/**
 * The simplified form of every node simplified so far without `keeps`, for as long as the node lives: a
 * gradient's partials share most of their nodes with the formula, simplified just before (and a formula
 * compiled again is simplified at once).
 */
const simplified = new WeakMap<Expr, Expr>();

/** `simplify` of each expression, sharing the work on common subexpressions (the partials of a gradient). */
export function simplifyAll(exprs: readonly Expr[], options: SimplifyOptions = {}): Expr[] {
  const { keeps } = options;
  if (keeps === undefined) return exprs.map(pass<Expr>(exprs, rebuild, simplified));
  const guarded = (e: Expr, s: (x: Expr) => Expr) => {
    const r = rebuild(e, s);
    if (r === e || keeps(e, r)) return r;
    const fromChildren = rebuildNode(e, children(e).map(s));
    // the constructors fold too (`X*(b - b)`'s children simplify to X and 0, and `X*0` is the number 0):
    // where even that loses the shape, the node stays as it was
    return fromChildren === e || keeps(e, fromChildren) ? fromChildren : e;
  };
  return exprs.map(pass<Expr>(exprs, guarded));
}

// A constructor given a node's own children gives back that node (it normalised them when it made it), so
// where the children come out of simplification unchanged the node is reused instead of made again: most
// of a formula is simplified already, and a big one has tens of thousands of nodes.
function rebuild(e: Expr, s: (x: Expr) => Expr): Expr {
  switch (e.kind) {
    case "num":
    case "sym":
      return e;
    case "add": {
      const terms = mapped(e.terms, s);
      return collectTerms(terms, terms === e.terms ? e : undefined);
    }
    case "mul": {
      const factors = mapped(e.factors, s);
      return product(factors, factors === e.factors ? e : undefined);
    }
    case "pow": {
      const base = s(e.base);
      const exponent = s(e.exponent);
      const power = base === e.base && exponent === e.exponent ? e : pow(base, exponent);
      // the constructor may turn a power into a product ((c*x)^-1 → 1/c * x^-1): simplify that as one
      return power.kind === "mul" || distributable(power) ? product([power]) : power;
    }
    case "call": {
      const args = mapped(e.args, s);
      return args === e.args ? e : call(e.fn, args);
    }
    case "reduce": {
      const body = s(e.body);
      return body === e.body ? e : reduce(e.op, body);
    }
    default:
      return rebuildNode(e, children(e).map(s));
  }
}

/** `items` with `s` applied to each, or `items` itself when `s` changes none (no array made then). */
function mapped(items: readonly Expr[], s: (x: Expr) => Expr): readonly Expr[] {
  for (let i = 0; i < items.length; i++) {
    const first = s(items[i]!);
    if (first === items[i]) continue;
    const out = items.slice(0, i);
    out.push(first);
    for (let j = i + 1; j < items.length; j++) out.push(s(items[j]!));
    return out;
  }
  return items;
}

/** True when `a` and `b` hold the same nodes in the same order. */
function sameItems(a: readonly Expr[], b: readonly Expr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A product of simplified factors: like factors collected, integer powers of products tried spread out.
 * `original`: the product whose factors `simplified` are, when they are its own.
 */
function product(simplified: readonly Expr[], original?: Mul): Expr {
  const factors = spliced(simplified, "mul");
  const collected = collectFactors(factors, original);
  if (!factors.some(distributable)) return pullFromReductions(collected);
  return pullFromReductions(smallest(collected, collectFactors(factors.flatMap(distribute))));
}

/** A term as coefficient × rest. */
function splitTerm(t: Expr): { c: Num; rest: readonly Expr[] } {
  if (t.kind === "mul" && isFoldable(t.factors[0]!)) return { c: t.factors[0], rest: t.factors.slice(1) };
  if (isFoldable(t)) return { c: t, rest: [] };
  return { c: num(1), rest: t.kind === "mul" ? t.factors : [t] };
}

/** A term's coefficient: `splitTerm(t).c` without the rest. */
function coefficientOf(t: Expr): Num {
  if (t.kind === "mul" && isFoldable(t.factors[0]!)) return t.factors[0];
  return isFoldable(t) ? t : ONE;
}

/** `productKey(splitTerm(t).rest)`, mostly without building the rest. */
function termKey(t: Expr): string | number {
  if (isFoldable(t)) return productKey([]);
  if (t.kind !== "mul") return t.id;
  const start = isFoldable(t.factors[0]!) ? 1 : 0;
  return t.factors.length - start === 1 ? t.factors[start]!.id : productKey(t.factors.slice(start));
}

/** The same key for products that differ only in factor order (`x*y`, `y*x`): the id of a single factor. */
function productKey(factors: readonly Expr[]): string | number {
  return factors.length === 1
    ? factors[0]!.id
    : factors
        .map((f) => f.id)
        .sort((a, b) => a - b)
        .join("*");
}

/**
 * Sums like terms, keeping the order of first appearance. A number times a sum (`-400*(b - a^2)`) is also
 * tried multiplied out, which wins when its terms combine with others (`800*a^2 - 400*(b - a^2)` →
 * `1200*a^2 - 400*b`). `original`: the sum whose terms `terms` are, when they are its own.
 */
function collectTerms(terms: readonly Expr[], original?: Add): Expr {
  let flat = spliced(terms, "add");
  let best = collectLikeTerms(flat, original);
  // each round multiplies out one level of nested `c*(…)`; a loop, not recursion, for any nesting depth
  while (flat.some(scaledSum)) {
    flat = spliced(
      flat.flatMap((t) => (scaledSum(t) ? t.factors[1].terms.map((u) => mul(t.factors[0], u)) : [t])),
      "add",
    );
    const expanded = collectLikeTerms(flat);
    if (size(expanded) < size(best)) best = expanded;
  }
  return best;
}

/** `c*(a + b)` for a number c. */
function scaledSum(
  t: Expr,
): t is Extract<Expr, { kind: "mul" }> & { factors: [Num, Extract<Expr, { kind: "add" }>] } {
  return (
    t.kind === "mul" && t.factors.length === 2 && isFoldable(t.factors[0]!) && t.factors[1]!.kind === "add"
  );
}

function collectLikeTerms(flat: readonly Expr[], original?: Add): Expr {
  // equal terms are counted first, so that x + x + … + x (a million times) adds one coefficient, not a million
  const counts = new Map<Expr, number>();
  for (let i = 0; i < flat.length; i++) counts.set(flat[i]!, (counts.get(flat[i]!) ?? 0) + 1);
  // groups by position in order of first appearance: each one's term as it stands alone, its first term
  // (whose other factors the group's are) and that term's coefficient, and the coefficients of a group of
  // several terms (most groups have one: no object or list per term)
  const group = new Map<string | number, number>();
  const alone: Expr[] = [];
  const firsts: Expr[] = [];
  const firstCoefficients: Expr[] = [];
  let coefficients: Map<number, Expr[]> | undefined;
  // distinct terms in order of first appearance (a count set to 0 once read), without an entry per term
  for (let i = 0; i < flat.length; i++) {
    const t = flat[i]!;
    const m = counts.get(t)!;
    if (m === 0) continue;
    counts.set(t, 0);
    const c = coefficientOf(t);
    const coefficient = m === 1 ? c : mul(num(m), c);
    const key = termKey(t);
    const g = group.get(key);
    if (g === undefined) {
      group.set(key, firsts.length);
      alone.push(m === 1 ? t : mulAll([coefficient, ...splitTerm(t).rest]));
      firsts.push(t);
      firstCoefficients.push(coefficient);
      continue;
    }
    coefficients ??= new Map();
    const list = coefficients.get(g);
    if (list) list.push(coefficient);
    else coefficients.set(g, [firstCoefficients[g]!, coefficient]);
  }
  // numbers go last in a sum anyway
  const terms: Expr[] = [];
  const numbers: Expr[] = [];
  for (let g = 0; g < firsts.length; g++) {
    const list = coefficients?.get(g);
    const t = list === undefined ? alone[g]! : mulAll([addAll(list), ...splitTerm(firsts[g]!).rest]);
    if (!isZero(t)) (isFoldable(t) ? numbers : terms).push(t);
  }
  // `exp(z) - y` reads better than `-y + exp(z)`: lead with a positive term when there is one (the first
  // term that counts is the first that is not a number)
  const positive = terms.findIndex((t) => !isNegativeTerm(t));
  if (positive > 0 && isNegativeTerm(terms[0]!)) terms.unshift(...terms.splice(positive, 1));
  const sum = numbers.length === 0 ? terms : terms.concat(numbers);
  return original !== undefined && sameItems(sum, original.terms) ? original : addAll(sum);
}

function isNegativeTerm(t: Expr): boolean {
  const c = t.kind === "mul" ? t.factors[0]! : t;
  return isFoldable(c) && c.value < 0;
}

/** Multiplies like bases by adding exponents, numerator factors first, then those below the line. */
function collectFactors(factors: readonly Expr[], original?: Mul): Expr {
  const flat = spliced(factors, "mul");
  // the first factor of each base in order, and the exponents of the bases met more than once (most
  // products have none: no list or object is made per factor)
  const coefficients: Expr[] = [];
  const firsts: Expr[] = [];
  const position = new Map<number, number>();
  let exponents: Map<number, Expr[]> | undefined;
  for (let i = 0; i < flat.length; i++) {
    const f = flat[i]!;
    // a number is a coefficient, never the base of a power: -1*(-1)^1.2 must not become (-1)^2.2, or a
    // second pass would rewrite what the first produced
    if (isFoldable(f)) {
      coefficients.push(f);
      continue;
    }
    const at = position.get(baseOf(f).id);
    if (at === undefined) {
      position.set(baseOf(f).id, firsts.length);
      firsts.push(f);
      continue;
    }
    exponents ??= new Map();
    const list = exponents.get(at);
    if (list) list.push(exponentOf(f));
    else exponents.set(at, [exponentOf(firsts[at]!), exponentOf(f)]);
  }
  const above: Expr[] = coefficients;
  const below: Expr[] = [];
  for (let at = 0; at < firsts.length; at++) {
    const list = exponents?.get(at);
    const x = list === undefined ? firsts[at]! : pow(baseOf(firsts[at]!), collectTerms(list));
    if (x.kind === "pow" && isFoldable(x.exponent) && x.exponent.value < 0) below.push(x);
    else above.push(x);
  }
  const all = below.length === 0 ? above : above.concat(below);
  return original !== undefined && sameItems(all, original.factors) ? original : mulAll(all);
}

const baseOf = (f: Expr) => (f.kind === "pow" ? f.base : f);
const exponentOf = (f: Expr) => (f.kind === "pow" ? f.exponent : ONE);

/** `(a*b)^k → a^k * b^k` for an integer k (valid for every a, b), so that `a/(a*b)` can cancel to `1/b`. */
function distribute(f: Expr): Expr[] {
  return distributable(f) ? f.base.factors.map((g) => pow(g, f.exponent)) : [f];
}

type PowerOfProduct = Extract<Expr, { kind: "pow" }> & { readonly base: Extract<Expr, { kind: "mul" }> };

function distributable(f: Expr): f is PowerOfProduct {
  return f.kind === "pow" && f.base.kind === "mul" && isFoldable(f.exponent) && f.exponent.exact?.d === 1;
}

/** The smaller of two equal expressions; the first on a tie. */
function smallest(a: Expr, b: Expr): Expr {
  return a === b || size(a) <= size(b) ? a : b;
}

/** Moves numeric factors out of the reductions in a product when the result gets smaller. */
function pullFromReductions(e: Expr): Expr {
  if (e.kind !== "mul") return e;
  let pulled = false;
  const factors = e.factors.map((f) => {
    if (f.kind !== "reduce" || f.body.kind !== "mul" || !isFoldable(f.body.factors[0]!)) return [f];
    pulled = true;
    return [f.body.factors[0]!, reduce(f.op, mulAll(f.body.factors.slice(1)))];
  });
  if (!pulled) return e;
  const candidate = mulAll(factors.flat());
  return size(candidate) < size(e) ? candidate : e;
}

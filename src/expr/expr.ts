/**
 * The expression tree: immutable, hash-consed nodes made only by the smart constructors below. Building the
 * same subexpression twice yields the same object (so `===` is equality and `id` keys memo tables), and the
 * intern table holds nodes weakly, so it never outgrows what the program still uses. Constructors do only
 * cheap normalisations that are valid wherever the input is defined: flatten sums and products, fold exact
 * numbers, drop `+0` and `*1`, `0*x → 0`, numbers first in a product and last in a sum. Operand order is
 * otherwise kept as written, so printing and re-parsing gives back the same node.
 */
import type { FunctionDef } from "./functions.js";
import { addRational, mulRational, parseDecimal, powRational, type Rational, rational } from "./rational.js";

interface Node {
  /** Unique per live node; a key for memo tables. */
  readonly id: number;
}
/** A number: exact rational when `exact` is set, else an f64; `constant` marks `pi` and `e`. */
export interface Num extends Node {
  readonly kind: "num";
  readonly value: number;
  readonly exact: Rational | undefined;
  readonly constant: "pi" | "e" | undefined;
}
/** A name: a parameter or a data column; which one is decided when the formula is bound to data. */
export interface Sym extends Node {
  readonly kind: "sym";
  readonly name: string;
}
export interface Add extends Node {
  readonly kind: "add";
  readonly terms: readonly Expr[];
}
export interface Mul extends Node {
  readonly kind: "mul";
  readonly factors: readonly Expr[];
}
export interface Pow extends Node {
  readonly kind: "pow";
  readonly base: Expr;
  readonly exponent: Expr;
}
/** A call of a function from the function table. */
export interface Call extends Node {
  readonly kind: "call";
  readonly fn: FunctionDef;
  readonly args: readonly Expr[];
}
/** `sum(body)` or `mean(body)`: reduces a column expression over the data rows to a scalar. */
export interface Reduce extends Node {
  readonly kind: "reduce";
  readonly op: ReduceOp;
  readonly body: Expr;
}
export type ReduceOp = "sum" | "mean";
/** An expression node. */
export type Expr = Num | Sym | Add | Mul | Pow | Call | Reduce;

let nextId = 1;
const table = new Map<string, WeakRef<Expr>>();
/**
 * Entries whose node was collected are dropped by a sweep whenever the table has doubled since the last
 * one: amortised O(1) per node, and cheaper than a FinalizationRegistry callback per node.
 */
let sweepAt = 16_384;

function intern<T extends Expr>(key: string, make: (id: number) => Omit<T, never>): T {
  const found = table.get(key)?.deref();
  if (found !== undefined) return found as T;
  const node = Object.freeze(make(nextId++)) as T;
  table.set(key, new WeakRef(node));
  if (table.size >= sweepAt) sweep();
  return node;
}

function sweep(): void {
  for (const [key, ref] of table) if (ref.deref() === undefined) table.delete(key);
  sweepAt = Math.max(16_384, 2 * table.size);
}

/** Number of entries in the intern table, after dropping those whose node was collected. */
export function internedCount(): number {
  sweep();
  return table.size;
}

// ---- numbers ----------------------------------------------------------------------------------------

function exactNum(r: Rational): Num {
  return intern<Num>(`q${r.n}/${r.d}`, (id) => ({
    kind: "num",
    id,
    value: r.n / r.d,
    exact: r,
    constant: undefined,
  }));
}

/**
 * A number node: exact when `value` is an integer or given as the fraction `value/denominator`, and also
 * when the f64 prints as a short decimal (`0.5`, `0.3`): that is the number the printed text parses to.
 */
export function num(value: number, denominator = 1): Num {
  if (!Number.isFinite(value / denominator))
    throw new RangeError(`not a finite number: ${value}/${denominator}`);
  const r = rational(value, denominator) ?? shortDecimal(value / denominator);
  if (r) return exactNum(r);
  const v = value / denominator;
  if (v === 0) return exactNum({ n: 0, d: 1 });
  return intern<Num>(`f${v}`, (id) => ({ kind: "num", id, value: v, exact: undefined, constant: undefined }));
}

/** The exact value of the decimal that `v` prints as, when the parser would read that text exactly. */
function shortDecimal(v: number): Rational | undefined {
  const r = parseDecimal(String(Math.abs(v)));
  return r && v < 0 ? { n: -r.n, d: r.d } : r;
}

/** A number node holding the exact rational `r`. */
export function numExact(r: Rational): Num {
  return exactNum(r);
}

/** The constants `pi` and `e`: numbers that print by name and are never folded into others. */
export function constant(name: "pi" | "e"): Num {
  return intern<Num>(`c${name}`, (id) => ({
    kind: "num",
    id,
    value: name === "pi" ? Math.PI : Math.E,
    exact: undefined,
    constant: name,
  }));
}

/** A name node. */
export function sym(name: string): Sym {
  return intern<Sym>(`s${name}`, (id) => ({ kind: "sym", id, name }));
}

/** True for a number that takes part in folding (not `pi` or `e`). */
export function isFoldable(e: Expr): e is Num {
  return e.kind === "num" && e.constant === undefined;
}

/** True for the number 0. */
export function isZero(e: Expr): boolean {
  return isExactly(e, 0);
}

function isExactly(e: Expr, n: number): boolean {
  return e.kind === "num" && e.exact !== undefined && e.exact.d === 1 && e.exact.n === n;
}

/** a op b, exactly when both are exact and the result fits; undefined when the f64 result is not finite. */
function combine(
  a: Num,
  b: Num,
  exact: typeof addRational,
  float: (x: number, y: number) => number,
): Num | undefined {
  const r = a.exact && b.exact ? exact(a.exact, b.exact) : undefined;
  if (r) return exactNum(r);
  const v = float(a.value, b.value);
  return Number.isFinite(v) ? num(v) : undefined;
}

const ZERO = () => exactNum({ n: 0, d: 1 });
const ONE = () => exactNum({ n: 1, d: 1 });

// ---- sums and products ------------------------------------------------------------------------------

const keyOf = (items: readonly Expr[]) => items.map((e) => e.id).join(",");

/**
 * A sum: nested sums are flattened, numbers folded into one trailing term, zeros dropped. When folding
 * would overflow f64, nothing is folded: the terms stay as written, so printing and re-parsing them
 * gives this node again.
 */
export function add(...terms: readonly Expr[]): Expr {
  return addAll(terms);
}

/** `add` of an array of any length (a spread of 100,000 arguments would overflow the stack). */
export function addAll(terms: readonly Expr[]): Expr {
  const all = terms.flatMap((t) => (t.kind === "add" ? t.terms : [t]));
  const flat: Expr[] = [];
  let constantTerm = ZERO();
  for (const u of all) {
    if (!isFoldable(u)) flat.push(u);
    else {
      const folded = combine(constantTerm, u, addRational, (x, y) => x + y);
      if (!folded)
        return intern<Add>(`+${keyOf(all)}`, (id) => ({ kind: "add", id, terms: Object.freeze(all) }));
      constantTerm = folded;
    }
  }
  if (!isExactly(constantTerm, 0)) flat.push(constantTerm);
  if (flat.length === 0) return ZERO();
  if (flat.length === 1) return flat[0]!;
  return intern<Add>(`+${keyOf(flat)}`, (id) => ({ kind: "add", id, terms: Object.freeze(flat) }));
}

/**
 * A product: nested products flattened, numbers folded into one leading coefficient, `*1` dropped,
 * `0*x → 0`. When folding would overflow f64, the factors stay as written (as in `add`).
 */
export function mul(...factors: readonly Expr[]): Expr {
  return mulAll(factors);
}

/** `mul` of an array of any length. */
export function mulAll(factors: readonly Expr[]): Expr {
  const all = factors.flatMap((f) => (f.kind === "mul" ? f.factors : [f]));
  if (all.some((u) => isExactly(u, 0))) return ZERO();
  const flat: Expr[] = [];
  let coefficient = ONE();
  for (const u of all) {
    if (!isFoldable(u)) flat.push(u);
    else {
      const folded = combine(coefficient, u, mulRational, (x, y) => x * y);
      if (!folded)
        return intern<Mul>(`*${keyOf(all)}`, (id) => ({ kind: "mul", id, factors: Object.freeze(all) }));
      coefficient = folded;
    }
  }
  if (isExactly(coefficient, 0)) return ZERO();
  if (!isExactly(coefficient, 1)) flat.unshift(coefficient);
  if (flat.length === 0) return ONE();
  if (flat.length === 1) return flat[0]!;
  return intern<Mul>(`*${keyOf(flat)}`, (id) => ({ kind: "mul", id, factors: Object.freeze(flat) }));
}

/** `-e`, as the product `-1*e`. */
export function neg(e: Expr): Expr {
  return mul(num(-1), e);
}

/** `a - b`, as the sum `a + (-1)*b`. */
export function sub(a: Expr, b: Expr): Expr {
  return add(a, neg(b));
}

/** `a / b`, as the product `a * b^-1`. */
export function div(a: Expr, b: Expr): Expr {
  return mul(a, pow(b, num(-1)));
}

// ---- powers -----------------------------------------------------------------------------------------

function isInteger(e: Expr): e is Num {
  return e.kind === "num" && e.exact !== undefined && e.exact.d === 1;
}

/**
 * `base ^ exponent`. Folds exact numbers, `x^0 → 1`, `x^1 → x`, `1^x → 1`; with an integer exponent k also
 * `(b^n)^k → b^(n*k)` and `(c*rest)^k → c^k * rest^k` for a number c, both valid for every real base.
 */
export function pow(base: Expr, exponent: Expr): Expr {
  if (isExactly(exponent, 0) || isExactly(base, 1)) return ONE();
  if (isExactly(exponent, 1)) return base;
  if (isFoldable(base) && isFoldable(exponent)) {
    const folded = foldPow(base, exponent);
    if (folded) return folded;
  }
  if (isInteger(exponent)) {
    const k = exponent.value;
    if (base.kind === "pow" && isFoldable(base.exponent)) return pow(base.base, mul(base.exponent, exponent));
    if (base.kind === "mul" && isFoldable(base.factors[0]!)) {
      const c = pow(base.factors[0]!, exponent);
      if (isFoldable(c)) return mul(c, pow(mul(...base.factors.slice(1)), num(k)));
    }
  }
  return intern<Pow>(`^${base.id},${exponent.id}`, (id) => ({ kind: "pow", id, base, exponent }));
}

function foldPow(base: Num, exponent: Num): Num | undefined {
  if (base.exact && exponent.exact) {
    if (exponent.exact.d !== 1) return undefined;
    const r = powRational(base.exact, exponent.exact.n);
    return r ? exactNum(r) : undefined;
  }
  const v = base.value ** exponent.value;
  return Number.isFinite(v) && (base.exact === undefined || exponent.exact === undefined)
    ? num(v)
    : undefined;
}

// ---- calls and reductions ---------------------------------------------------------------------------

/** A call of `fn`; folds to an integer when the table entry says the result is exact for these arguments. */
export function call(fn: FunctionDef, args: readonly Expr[]): Expr {
  if (args.length !== fn.arity) throw new Error(`${fn.name} takes ${fn.arity} arguments, got ${args.length}`);
  if (fn.exact && args.every((a) => isFoldable(a) && a.exact)) {
    const v = fn.exact(...args.map((a) => (a as Num).value));
    if (v !== undefined && Number.isSafeInteger(v)) return num(v);
  }
  return intern<Call>(`${fn.name}(${keyOf(args)}`, (id) => ({
    kind: "call",
    id,
    fn,
    args: Object.freeze([...args]),
  }));
}

/** `sum(body)` or `mean(body)`; the mean of a scalar (a number whatever the data) is that scalar. */
export function reduce(op: ReduceOp, body: Expr): Expr {
  if (op === "mean" && isScalar(body)) return body;
  if (isExactly(body, 0)) return body;
  return intern<Reduce>(`${op}(${body.id}`, (id) => ({ kind: "reduce", id, op, body }));
}

/** The names of the reductions, which the language writes like functions of one argument. */
export const REDUCTIONS: ReadonlySet<string> = new Set<ReduceOp>(["sum", "mean"]);

const scalars = new WeakMap<Expr, boolean>();

/**
 * True when `e` has no name outside a reduction, so that it is one number whatever the data (`2*pi`,
 * `sum(x)^2`). Iterative and memoised: any depth and size is fine.
 */
export function isScalar(root: Expr): boolean {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack[stack.length - 1]!;
    if (scalars.has(e)) {
      stack.pop();
      continue;
    }
    if (e.kind === "num" || e.kind === "reduce" || e.kind === "sym") {
      scalars.set(e, e.kind !== "sym");
      stack.pop();
      continue;
    }
    const kids =
      e.kind === "add"
        ? e.terms
        : e.kind === "mul"
          ? e.factors
          : e.kind === "pow"
            ? [e.base, e.exponent]
            : e.args;
    const before = stack.length;
    for (const k of kids) {
      const known = scalars.get(k);
      if (known === false) {
        scalars.set(e, false);
        break;
      }
      if (known === undefined) stack.push(k);
    }
    if (scalars.has(e)) stack.length = before - 1;
    else if (stack.length === before) {
      scalars.set(e, true);
      stack.pop();
    }
  }
  return scalars.get(root)!;
}

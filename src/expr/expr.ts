/**
 * The expression tree: immutable, hash-consed nodes made only by the smart constructors below. Building the
 * same subexpression twice yields the same object (so `===` is equality and `id` keys memo tables), and the
 * intern tables hold nodes weakly (all but the 129 small integers), so they never outgrow what the program
 * still uses. Constructors do only
 * cheap normalisations that keep the domain: flatten sums and products, fold exact numbers, drop `+0` and
 * `*1`, `0*x → 0` (x a formula, defined somewhere), numbers first in a product and last in a sum. Operand
 * order is otherwise kept as written, so printing and re-parsing gives back the same node. A power of an exact
 * 0 with a negative exponent (`1/0`, `0^-2`) is `UNDEFINED`, and so is everything built from it: no
 * constructor turns an undefined expression into a defined one.
 */
import type { FunctionDef } from "./functions.js";
import { addRational, mulRational, parseDecimal, powRational, type Rational, rational } from "./rational.js";
import { children, type Memo, pass } from "./walk.js";

interface Node {
  /** Unique per live node; a key for memo tables. */
  readonly id: number;
}
/**
 * A number: exact rational when `exact` is set, else an f64; `constant` marks `pi` and `e`. The one number
 * whose value is NaN is `UNDEFINED`.
 */
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
/** `left @ right`: numpy's `matmul` (matrix@matrix, matrix@vector, vector@matrix, vector@vector). */
export interface MatMul extends Node {
  readonly kind: "matmul";
  readonly left: Expr;
  readonly right: Expr;
}
/** `arg'`: the transpose; a no-op on vectors and scalars. */
export interface Transpose extends Node {
  readonly kind: "transpose";
  readonly arg: Expr;
}
/**
 * A reduction or normalisation along one dimension, numbered as PyTorch's `dim` (0 = down the rows, one
 * value per column; 1 = across the columns, one value per row): `sum(A, d)`, `mean(A, d)`,
 * `logsumexp(A, d)` drop dimension d, `softmax(A, d)` keeps the shape. `logsumexp(A)` (dim `undefined`)
 * reduces over every entry.
 */
export interface Along extends Node {
  readonly kind: "along";
  readonly op: AlongOp;
  readonly arg: Expr;
  readonly dim: 0 | 1 | undefined;
}
export type AlongOp = "sum" | "mean" | "logsumexp" | "softmax";
/** `rows(A)` or `cols(A)`: a size of A, a number once data is bound (`rows` of a vector is its length). */
export interface Size extends Node {
  readonly kind: "size";
  readonly which: "rows" | "cols";
  readonly arg: Expr;
}
/** An expression node. */
export type Expr = Num | Sym | Add | Mul | Pow | Call | Reduce | MatMul | Transpose | Along | Size;

let nextId = 1;
/** Numbers and names, by a key string. */
const table = new Map<string, WeakRef<Expr>>();
/**
 * Every other node, by a hash of its kind, tag (see `tagOf`) and children's ids (no key string to build and
 * hash, which cost most of the time of interning a big formula): one node, or a list when hashes collide.
 */
const composites = new Map<number, WeakRef<Expr> | WeakRef<Expr>[]>();
/** Live and dead entries of both tables (a list of colliding nodes counts each). */
let entries = 0;
/**
 * Entries whose node was collected are dropped by a sweep whenever the tables have doubled since the last
 * one: amortised O(1) per node, and cheaper than a FinalizationRegistry callback per node.
 */
let sweepAt = 16_384;

function intern<T extends Expr>(key: string, make: (id: number) => Omit<T, never>): T {
  const ref = table.get(key);
  const found = ref?.deref();
  if (found !== undefined) return found as T;
  const node = Object.freeze(make(nextId++)) as T;
  if (ref === undefined) entries++;
  table.set(key, new WeakRef(node));
  if (entries >= sweepAt) sweepSoon();
  return node;
}

type Composite = Exclude<Expr, Num | Sym>;

/** What tells apart nodes of one kind with the same children: the function, reduction, dimension or size. */
function tagOf(e: Composite): string {
  switch (e.kind) {
    case "call":
      return e.fn.name;
    case "reduce":
      return e.op;
    case "size":
      return e.which;
    case "along":
      return `${e.op}${e.dim}`;
    default:
      return "";
  }
}

const KIND_CODES: Readonly<Record<Composite["kind"], number>> = {
  add: 1,
  mul: 2,
  pow: 3,
  call: 4,
  reduce: 5,
  matmul: 6,
  transpose: 7,
  along: 8,
  size: 9,
};

/** The node `ref` holds, when it is alive and of `kind` with `tag` and children `kids`. */
function liveNode(ref: WeakRef<Expr>, kind: Composite["kind"], tag: string, kids: readonly Expr[]) {
  const e = ref.deref();
  if (e === undefined || e.kind !== kind || tagOf(e as Composite) !== tag) return undefined;
  // a power's children compared in place: `children` would build an array for each lookup
  if (e.kind === "pow") return e.base === kids[0] && e.exponent === kids[1] ? e : undefined;
  const have = children(e);
  if (have.length !== kids.length) return undefined;
  for (let i = 0; i < kids.length; i++) if (have[i] !== kids[i]) return undefined;
  return e;
}

/** The node of `kind` with `tag` and children `kids` (in `children`'s order): the live one, or a new one. */
function internNode<T extends Composite>(
  kind: T["kind"],
  tag: string,
  kids: readonly Expr[],
  make: (id: number, kids: readonly Expr[]) => Omit<T, never>,
): T {
  let h = KIND_CODES[kind];
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 0x01000193);
  for (let i = 0; i < kids.length; i++) h = Math.imul(h ^ kids[i]!.id, 0x01000193) ^ (kids[i]!.id >>> 16);
  h = (h ^ (h >>> 15)) & 0x3fffffff;
  const bucket = composites.get(h);
  if (bucket !== undefined && !Array.isArray(bucket)) {
    const found = liveNode(bucket, kind, tag, kids);
    if (found !== undefined) return found as T;
  } else if (bucket !== undefined)
    for (let i = 0; i < bucket.length; i++) {
      const found = liveNode(bucket[i]!, kind, tag, kids);
      if (found !== undefined) return found as T;
    }
  const node = Object.freeze(make(nextId++, kids)) as T;
  const ref = new WeakRef<Expr>(node);
  if (bucket === undefined) composites.set(h, ref);
  else if (Array.isArray(bucket)) bucket.push(ref);
  else composites.set(h, [bucket, ref]);
  if (++entries >= sweepAt) sweepSoon();
  return node;
}

/** Whether a sweep ran in the current job (a microtask clears it when the job's synchronous work ends). */
let sweptInJob = false;

/**
 * A sweep, unless one ran in this job already: a node interned in a job lives at least to the job's end (a
 * WeakRef keeps its target that long), so a second sweep in one job (compiling a big formula makes some
 * hundred thousand nodes) would find at most the few older nodes that died since. The tables still double
 * between sweeps, and the first sweep of the next job drops what died.
 */
function sweepSoon(): void {
  if (sweptInJob) {
    sweepAt = 2 * entries;
    return;
  }
  sweep();
  sweptInJob = true;
  queueMicrotask(() => {
    sweptInJob = false;
  });
}

// forEach, not for…of: no entry array per entry (a sweep mostly runs before V8 optimizes it)
function sweep(): void {
  table.forEach((ref, key) => {
    if (ref.deref() === undefined) table.delete(key);
  });
  entries = table.size;
  composites.forEach((bucket, h) => {
    if (!Array.isArray(bucket)) {
      if (bucket.deref() === undefined) composites.delete(h);
      else entries++;
      return;
    }
    const live = bucket.filter((ref) => ref.deref() !== undefined);
    if (live.length === 0) composites.delete(h);
    else composites.set(h, live.length === 1 ? live[0]! : live);
    entries += live.length;
  });
  sweepAt = Math.max(16_384, 2 * entries);
}

/** Number of entries in the intern tables, after dropping those whose node was collected. */
export function internedCount(): number {
  sweep();
  return entries;
}

// ---- numbers ----------------------------------------------------------------------------------------

/**
 * The exact integers from -SMALL to SMALL, once made, kept here as well: most numbers that derivatives and
 * simplification build are among them (1, -1, 2, …), and an array is much cheaper to look in than the table.
 */
const SMALL = 64;
const smallIntegers: (Num | undefined)[] = [];

const isSmall = (n: number) => Number.isInteger(n) && n >= -SMALL && n <= SMALL;

function exactNum(r: Rational): Num {
  const small = r.d === 1 && isSmall(r.n);
  const found = small ? smallIntegers[r.n + SMALL] : undefined;
  if (found !== undefined) return found;
  const node = intern<Num>(`q${r.n}/${r.d}`, (id) => ({
    kind: "num",
    id,
    value: r.n / r.d,
    exact: r,
    constant: undefined,
  }));
  if (small) smallIntegers[r.n + SMALL] = node;
  return node;
}

/**
 * A number node: exact when `value` is an integer or given as the fraction `value/denominator`, and also
 * when the f64 prints as a short decimal (`0.5`, `0.3`): that is the number the printed text parses to.
 */
export function num(value: number, denominator = 1): Num {
  const small = denominator === 1 && isSmall(value) ? smallIntegers[value + SMALL] : undefined;
  if (small !== undefined) return small;
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

/**
 * The value of an expression that is undefined everywhere, such as `1/0`, `0^-2` or `x/(1 - 1)`: a number
 * node whose value is NaN. Every constructor returns it when given it, so it never hides inside a tree: a
 * formula is either `UNDEFINED` or free of it. It prints as `0/0`, which the parser rejects with its position.
 */
export const UNDEFINED: Num = intern<Num>("nan", (id) => ({
  kind: "num",
  id,
  value: Number.NaN,
  exact: undefined,
  constant: undefined,
}));

/** True for `UNDEFINED`. */
export function isUndefined(e: Expr): boolean {
  return e === UNDEFINED;
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

/** True for a number that takes part in folding (not `pi`, `e` or `UNDEFINED`). */
export function isFoldable(e: Expr): e is Num {
  return e.kind === "num" && e.constant === undefined && e !== UNDEFINED;
}

/** True for the number 0. */
export function isZero(e: Expr): boolean {
  return isExactly(e, 0);
}

/** True for the number 1. */
export function isOne(e: Expr): boolean {
  return isExactly(e, 1);
}

function isExactly(e: Expr, n: number): boolean {
  return e.kind === "num" && e.exact !== undefined && e.exact.d === 1 && e.exact.n === n;
}

/** A number being folded: what a `num` node of it would hold (made a node once, at the end). */
interface Folded {
  readonly exact: Rational | undefined;
  readonly value: number;
}

/** a op b, exactly when both are exact and the result fits; undefined when the f64 result is not finite. */
function combine(
  a: Folded,
  b: Num,
  exact: typeof addRational,
  float: (x: number, y: number) => number,
): Folded | undefined {
  const r = a.exact && b.exact ? exact(a.exact, b.exact) : undefined;
  if (r) return { exact: r, value: r.n / r.d };
  const v = float(a.value, b.value);
  // as `num(v)` would: exact when v is a safe integer or prints as a short decimal
  return Number.isFinite(v) ? { exact: rational(v) ?? shortDecimal(v), value: v } : undefined;
}

// made once, not at each number folded
const plus = (x: number, y: number) => x + y;
const times = (x: number, y: number) => x * y;

/** The folds' starting points: frozen, as a fold returns a new Folded (no allocation per sum or product). */
const FOLDED_ZERO: Folded = Object.freeze({ exact: Object.freeze({ n: 0, d: 1 }), value: 0 });
const FOLDED_ONE: Folded = Object.freeze({ exact: Object.freeze({ n: 1, d: 1 }), value: 1 });
/** A sum's and a product's node of (fresh) children: one function each, not a closure per call. */
const makeAdd = (id: number, terms: readonly Expr[]): Omit<Add, never> => ({
  kind: "add",
  id,
  terms: Object.freeze(terms),
});
const makeMul = (id: number, factors: readonly Expr[]): Omit<Mul, never> => ({
  kind: "mul",
  id,
  factors: Object.freeze(factors),
});

const numberOf = (f: Folded): Num => (f.exact ? exactNum(f.exact) : num(f.value));
const isFolded = (f: Folded, n: number) => f.exact !== undefined && f.exact.d === 1 && f.exact.n === n;

const ZERO = () => exactNum({ n: 0, d: 1 });
const ONE = () => exactNum({ n: 1, d: 1 });

// ---- sums and products ------------------------------------------------------------------------------

/**
 * The operands of `items` with every sum (`kind` "add") or product ("mul") among them replaced by its own
 * operands: one level, since constructors keep sums and products flat. A loop, for inputs of any length.
 */
export function spliced(items: readonly Expr[], kind: "add" | "mul"): Expr[] {
  const out: Expr[] = [];
  // indexed loops here and in the constructors: until V8 optimizes a function, for-of allocates at every
  // step, and a big formula makes tens of thousands of nodes before that
  for (let i = 0; i < items.length; i++) {
    const e = items[i]!;
    const operands = e.kind === kind ? (e.kind === "add" ? e.terms : (e as Mul).factors) : undefined;
    if (operands === undefined) out.push(e);
    else for (let j = 0; j < operands.length; j++) out.push(operands[j]!);
  }
  return out;
}

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
  // one term that is neither a sum nor a number to fold is that term (reverse mode asks this often)
  if (terms.length === 1 && terms[0]!.kind !== "add" && !isFoldable(terms[0]!)) return terms[0]!;
  if (hasUndefined(terms)) return UNDEFINED;
  const all = spliced(terms, "add");
  const flat: Expr[] = [];
  let constantTerm = FOLDED_ZERO;
  for (let i = 0; i < all.length; i++) {
    const u = all[i]!;
    if (!isFoldable(u)) flat.push(u);
    else {
      const folded = combine(constantTerm, u, addRational, plus);
      if (!folded) return internNode<Add>("add", "", all, makeAdd);
      constantTerm = folded;
    }
  }
  if (!isFolded(constantTerm, 0)) flat.push(numberOf(constantTerm));
  if (flat.length === 0) return ZERO();
  if (flat.length === 1) return flat[0]!;
  return internNode<Add>("add", "", flat, makeAdd);
}

/**
 * A product: nested products flattened, numbers folded into one leading coefficient, `*1` dropped,
 * `0*x → 0` (but `0*UNDEFINED` is `UNDEFINED`). When folding would overflow f64, the factors stay as written
 * (as in `add`).
 */
export function mul(...factors: readonly Expr[]): Expr {
  return mulAll(factors);
}

/** `mul` of an array of any length. */
export function mulAll(factors: readonly Expr[]): Expr {
  if (factors.length === 1 && factors[0]!.kind !== "mul" && !isFoldable(factors[0]!)) return factors[0]!;
  if (hasUndefined(factors)) return UNDEFINED;
  const all = spliced(factors, "mul");
  for (let i = 0; i < all.length; i++) if (isExactly(all[i]!, 0)) return ZERO();
  const flat: Expr[] = [];
  let coefficient = FOLDED_ONE;
  for (let i = 0; i < all.length; i++) {
    const u = all[i]!;
    if (!isFoldable(u)) flat.push(u);
    else {
      const folded = combine(coefficient, u, mulRational, times);
      if (!folded) return internNode<Mul>("mul", "", all, makeMul);
      coefficient = folded;
    }
  }
  if (isFolded(coefficient, 0)) return ZERO();
  if (!isFolded(coefficient, 1)) flat.unshift(numberOf(coefficient));
  if (flat.length === 0) return ONE();
  if (flat.length === 1) return flat[0]!;
  return internNode<Mul>("mul", "", flat, makeMul);
}

/** True when `UNDEFINED` is among `items` (a loop: no callback per item). */
function hasUndefined(items: readonly Expr[]): boolean {
  for (let i = 0; i < items.length; i++) if (items[i] === UNDEFINED) return true;
  return false;
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
 * `base ^ exponent`. Folds exact numbers, `x^0 → 1`, `x^1 → x`, `1^x → 1`, and `0^k` for a negative number k
 * to `UNDEFINED`; with an integer exponent k also `(c*rest)^k → c^k * rest^k` for a number c, and
 * `(b^n)^k → b^(n*k)` where both sides are defined for the same b (see `keepsDomain`).
 */
export function pow(base: Expr, exponent: Expr): Expr {
  if (isUndefined(base) || isUndefined(exponent)) return UNDEFINED;
  if (isExactly(base, 0) && isFoldable(exponent) && exponent.value < 0) return UNDEFINED;
  if (isExactly(exponent, 0) || isExactly(base, 1)) return ONE();
  if (isExactly(exponent, 1)) return base;
  if (isFoldable(base) && isFoldable(exponent)) {
    const folded = foldPow(base, exponent);
    if (folded) return folded;
  }
  if (isInteger(exponent)) {
    if (base.kind === "pow" && isFoldable(base.exponent) && keepsDomain(base.exponent, exponent))
      return pow(base.base, mul(base.exponent, exponent));
    if (base.kind === "mul" && isFoldable(base.factors[0]!)) {
      const c = pow(base.factors[0]!, exponent);
      if (isFoldable(c)) return mul(c, pow(mulAll(base.factors.slice(1)), exponent));
    }
  }
  return internNode<Pow>("pow", "", [base, exponent], (id) => ({ kind: "pow", id, base, exponent }));
}

/**
 * True when `(b^n)^k` and `b^(n*k)` (k an integer) are defined for the same b, so that they are equal
 * wherever either is. Not when both n and k are negative (at b = 0 the first is undefined, the second 0:
 * `(x^-1)^-1` is not x), nor when n is not an integer but n*k is (`(x^0.5)^2` is NaN at x = -1, x is not).
 */
function keepsDomain(n: Num, k: Num): boolean {
  if (n.value < 0 && k.value < 0) return false;
  if (n.exact?.d === 1) return true;
  const product = n.exact ? mulRational(n.exact, k.exact!) : undefined;
  return product !== undefined && product.d !== 1;
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
  if (args.some(isUndefined)) return UNDEFINED;
  if (fn.exact && args.every((a) => isFoldable(a) && a.exact)) {
    const v = fn.exact(...args.map((a) => (a as Num).value));
    if (v !== undefined && Number.isSafeInteger(v)) return num(v);
  }
  return internNode<Call>("call", fn.name, args, (id) => ({
    kind: "call",
    id,
    fn,
    args: Object.freeze([...args]),
  }));
}

/** `sum(body)` or `mean(body)`; the mean of a scalar (a number whatever the data) is that scalar. */
export function reduce(op: ReduceOp, body: Expr): Expr {
  if (isUndefined(body)) return UNDEFINED;
  if (op === "mean" && isScalar(body)) return body;
  if (isExactly(body, 0)) return body;
  return internNode<Reduce>("reduce", op, [body], (id) => ({ kind: "reduce", id, op, body }));
}

/** The names of the reductions, which the language writes like functions of one argument. */
export const REDUCTIONS: ReadonlySet<string> = new Set<ReduceOp>(["sum", "mean"]);

// ---- vectors and matrices ---------------------------------------------------------------------------
// These constructors know nothing of shapes (a name's shape comes from the data it is bound to: see
// `shape.ts`); they only normalise what is valid for every shape: a number factor of an operand moves out
// of `@` and `'` (so `2*X'@r` prints and parses back as one tree), and an exact 0 stays 0.

/** A leading number factor of `e` and the rest (`2*X` → 2, X). */
function numberFactor(e: Expr): [Num | undefined, Expr] {
  if (e.kind === "mul" && isFoldable(e.factors[0]!)) return [e.factors[0], mulAll(e.factors.slice(1))];
  return [undefined, e];
}

/** `left @ right`, with number factors of either operand moved out in front: `(2*A)@B` is `2*(A@B)`. */
export function matmul(left: Expr, right: Expr): Expr {
  if (isUndefined(left) || isUndefined(right)) return UNDEFINED;
  if (isZero(left) || isZero(right)) return ZERO();
  const [a, l] = numberFactor(left);
  const [b, r] = numberFactor(right);
  const node = internNode<MatMul>("matmul", "", [l, r], (id) => ({ kind: "matmul", id, left: l, right: r }));
  return a || b ? mulAll([a ?? ONE(), b ?? ONE(), node]) : node;
}

/** `arg'`: of a number, the number; `(A')'` is A; a number factor moves out (`(2*A)'` is `2*A'`). */
export function transpose(arg: Expr): Expr {
  if (arg.kind === "num") return arg;
  if (arg.kind === "transpose") return arg.arg;
  const [c, rest] = numberFactor(arg);
  if (c) return mul(c, transpose(rest));
  return internNode<Transpose>("transpose", "", [arg], (id) => ({ kind: "transpose", id, arg }));
}

/** `op(arg, dim)` along one dimension (see {@link Along}); `dim` undefined only for `logsumexp(A)`. */
export function along(op: AlongOp, arg: Expr, dim: 0 | 1 | undefined): Expr {
  if (isUndefined(arg)) return UNDEFINED;
  if (dim === undefined && op !== "logsumexp") throw new Error(`${op} needs a dimension`);
  return internNode<Along>("along", `${op}${dim}`, [arg], (id) => ({ kind: "along", id, op, arg, dim }));
}

/** `rows(arg)` or `cols(arg)`. */
export function sizeOf(which: "rows" | "cols", arg: Expr): Expr {
  if (isUndefined(arg)) return UNDEFINED;
  return internNode<Size>("size", which, [arg], (id) => ({ kind: "size", id, which, arg }));
}

/** The names of the functions along a dimension and of the sizes, which the language writes as calls. */
export const ALONG: ReadonlySet<string> = new Set<string>(["logsumexp", "softmax"]);
export const SIZES: ReadonlySet<string> = new Set<string>(["rows", "cols"]);

/**
 * A node like `e` with the given children (in `children(e)`'s order), made through the smart constructors:
 * the one place that knows how to rebuild each kind, for passes that map children (replace, simplify).
 */
export function rebuild(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.kind) {
    case "num":
    case "sym":
      return e;
    case "add":
      return addAll(kids);
    case "mul":
      return mulAll(kids);
    case "pow":
      return pow(kids[0]!, kids[1]!);
    case "call":
      return call(e.fn, kids);
    case "reduce":
      return reduce(e.op, kids[0]!);
    case "matmul":
      return matmul(kids[0]!, kids[1]!);
    case "transpose":
      return transpose(kids[0]!);
    case "along":
      return along(e.op, kids[0]!, e.dim);
    case "size":
      return sizeOf(e.which, kids[0]!);
    default:
      return e satisfies never;
  }
}

const scalars: Memo<boolean> = new WeakMap<Expr, boolean>();

/**
 * True when `e` has no name outside a reduction, so that it is one number whatever the data (`2*pi`,
 * `sum(x)^2`). Iterative and memoised: any depth and size is fine.
 */
export function isScalar(root: Expr): boolean {
  const known = scalars.get(root);
  if (known !== undefined) return known;
  return pass(
    [root],
    (e, scalar) => e.kind === "reduce" || e.kind === "num" || (e.kind !== "sym" && children(e).every(scalar)),
    scalars,
    { children: (e) => (e.kind === "reduce" ? [] : children(e)) },
  )(root);
}

/**
 * Checking a hand-derived gradient: is the claimed formula the partial derivative of the cost? First
 * exactly (claim − derivative simplifies to 0), else by agreement at random points to 1e-12. When it is
 * not, it says how they differ in the common ways: a constant factor (explained by the cost's `mean` and
 * powers when it can: the seed's `sum((W*x - y)*x)` is 3/2 times the derivative of `mean((W*x - y)^2)` over
 * 3 rows), the wrong sign, a missing or extra term, and always a point where they disagree with both values.
 */

import { evaluate } from "../compile/index.js";
import { derivative, parameters } from "../diff/index.js";
import { type Expr, freeSymbols, isZero, sub, walk } from "../expr/index.js";
import { mulberry32 } from "../optimize/index.js";
import { format } from "../print/index.js";
import { simplify } from "../simplify/index.js";
import { parse } from "../syntax/index.js";
import { SymgradError } from "../text/symgradError.js";

/** Options of `checkGradient`. */
export interface CheckGradientOptions {
  /** Data columns by name; every other name of the cost is a parameter. */
  readonly data?: Readonly<Record<string, ArrayLike<number>>>;
  /** Random points to compare at when the difference does not simplify to 0. Default 20. */
  readonly points?: number;
  /** Seed of the random points. Default 1. */
  readonly seed?: number;
}

/** How a claim compares with the derivative. */
export type Verdict =
  | "simplifies" // claim − derivative simplifies to 0
  | "agrees" // equal at every random point to 1e-12, though the difference does not simplify to 0
  | "factor" // claim = c·derivative for a constant c ≠ 1
  | "sign" // claim = −derivative
  | "missing-term" // derivative − claim is a term of the derivative
  | "extra-term" // claim − derivative is a term of the claim
  | "differs";

/** The check of one parameter's claimed derivative. */
export interface GradientCheck {
  readonly name: string;
  readonly claim: Expr;
  /** The derivative, simplified. */
  readonly derivative: Expr;
  readonly correct: boolean;
  readonly verdict: Verdict;
  /** For "factor" and "sign": c in claim = c·derivative. */
  readonly factor?: number;
  /** One sentence for people: why it is right, or how it is wrong. */
  readonly explanation: string;
  /** Where claim and derivative disagree (absent when correct): the parameters and both values. */
  readonly at?: {
    readonly point: Readonly<Record<string, number>>;
    readonly claim: number;
    readonly derivative: number;
  };
}

/** The outcome of `checkGradient`: one check per claimed parameter; correct when all are. */
export interface CheckGradientResult {
  readonly correct: boolean;
  readonly checks: readonly GradientCheck[];
}

/** A claim that cannot be checked: a name that is neither a parameter nor data, no point where both are defined. */
export class CheckError extends SymgradError {
  override readonly name = "CheckError";
}

/** Agreement at a point: |claim − derivative| ≤ 1e-12·max(|claim|, |derivative|) (or both within 1e-300). */
const TOLERANCE = 1e-12;

/**
 * Decides whether each claimed formula (by parameter name) is the partial derivative of `cost`.
 * @throws ParseError for a formula that does not parse, CheckError for a claim that cannot be checked.
 */
export function checkGradient(
  cost: string | Expr,
  claims: Readonly<Record<string, string | Expr>>,
  options: CheckGradientOptions = {},
): CheckGradientResult {
  const data = options.data ?? {};
  const dataNames = Object.keys(data);
  const costExpr = typeof cost === "string" ? parse(cost, { data: dataNames }) : cost;
  const params = parameters(costExpr, { data: dataNames });
  const known = new Set([...params, ...dataNames]);
  const rows = dataNames.length > 0 ? data[dataNames[0]!]!.length : undefined;
  const points = samplePoints(params, options.points ?? 20, options.seed ?? 1);
  const checks = Object.keys(claims).map((name) => {
    if (!params.includes(name))
      throw new CheckError(
        `'${name}' is not a parameter of the cost (parameters: ${params.join(", ") || "none"})`,
      );
    const given = claims[name]!;
    const claim = typeof given === "string" ? parse(given, { data: dataNames }) : given;
    const unknown = freeSymbols(claim).find((n) => !known.has(n));
    if (unknown !== undefined)
      throw new CheckError(
        `the claim for ${name} uses '${unknown}', which is neither a parameter of the cost nor a data column`,
      );
    return checkOne(costExpr, name, claim, { data, rows, points });
  });
  return { correct: checks.every((c) => c.correct), checks };
}

interface Context {
  readonly data: Readonly<Record<string, ArrayLike<number>>>;
  readonly rows: number | undefined;
  readonly points: readonly Map<string, number>[];
}

function checkOne(cost: Expr, name: string, claim: Expr, context: Context): GradientCheck {
  const d = derivative(cost, name);
  const base = { name, claim, derivative: d };
  // the simplifier is not canonical (it may move a number out of a reduction on one side only), so
  // equal trees are compared before their difference
  if (claim === d || simplify(claim) === d || isZero(simplify(sub(claim, d))))
    return {
      ...base,
      correct: true,
      verdict: "simplifies",
      explanation: "the claim simplifies to the derivative",
    };
  const samples = sample(claim, d, context);
  const wrong = samples.find(([c, v]) => !agree(c, v));
  if (wrong === undefined)
    return {
      ...base,
      correct: true,
      verdict: "agrees",
      explanation: `the claim equals the derivative at ${samples.length} random points to ${TOLERANCE}`,
    };
  const [claimValue, derivativeValue, point] = wrong;
  const at = { point: Object.fromEntries(point), claim: claimValue, derivative: derivativeValue };
  const wrongBecause = (verdict: Verdict, explanation: string, factor?: number): GradientCheck => ({
    ...base,
    correct: false,
    verdict,
    ...(factor === undefined ? {} : { factor }),
    explanation,
    at,
  });
  const factor = constantRatio(samples);
  if (factor !== undefined)
    return agree(factor, -1)
      ? wrongBecause("sign", "the claim has the wrong sign: it is −1 times the derivative", factor)
      : wrongBecause("factor", factorExplanation(factor, cost, context.rows), factor);
  // a term of the derivative that the claim lacks, or a term of the claim too many, compared numerically
  const same = (a: Expr, b: Expr) => sample(a, b, context).every(([c, v]) => agree(c, v));
  const missing = termsOf(d).find((t) => same(claim, simplify(sub(d, t))));
  if (missing !== undefined)
    return wrongBecause("missing-term", `the claim is missing the term ${format(missing)}`);
  const extra = termsOf(claim).find((t) => same(simplify(sub(claim, t)), d));
  if (extra !== undefined) return wrongBecause("extra-term", `the claim has an extra term ${format(extra)}`);
  return wrongBecause(
    "differs",
    `the claim differs from the derivative by ${format(simplify(sub(claim, d)))}`,
  );
}

/** The terms of a sum, or the expression itself; a sum of one term has nothing to leave out. */
function termsOf(e: Expr): readonly Expr[] {
  return e.kind === "add" ? e.terms : [];
}

/** Parameter values in [-2, 2] with two decimals, never 0 (where factors and powers hide differences). */
function samplePoints(params: readonly string[], count: number, seed: number): Map<string, number>[] {
  const random = mulberry32(seed);
  const value = () => {
    const v = Math.round((random() * 4 - 2) * 100) / 100;
    return v === 0 ? 0.37 : v;
  };
  return Array.from({ length: count }, () => new Map(params.map((p) => [p, value()])));
}

/** [claim, derivative, point] at the points where both are finite. */
function sample(claim: Expr, d: Expr, context: Context): [number, number, Map<string, number>][] {
  const out: [number, number, Map<string, number>][] = [];
  for (const point of context.points) {
    const values = new Map<string, number | ArrayLike<number>>(point);
    for (const [column, v] of Object.entries(context.data)) values.set(column, v);
    const c = evaluate(claim, values);
    const v = evaluate(d, values);
    if (Number.isFinite(c) && Number.isFinite(v)) out.push([c, v, point]);
  }
  if (out.length === 0)
    throw new CheckError("found no point where both the claim and the derivative are defined");
  return out;
}

function agree(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) <= 1e-300;
}

/** claim/derivative when it is the same at every sample (relative 1e-9) with a nonzero derivative somewhere. */
function constantRatio(samples: readonly [number, number, unknown][]): number | undefined {
  let ratio: number | undefined;
  for (const [c, v] of samples) {
    if (v === 0) {
      if (c !== 0) return undefined;
      continue;
    }
    const r = c / v;
    if (ratio === undefined) ratio = r;
    else if (Math.abs(r - ratio) > 1e-9 * Math.abs(ratio)) return undefined;
  }
  return ratio;
}

/** Why the claim is `factor` times the derivative, from the cost's `mean`, `sum` and integer powers. */
function factorExplanation(factor: number, cost: Expr, rows: number | undefined): string {
  const nodes = walk(cost);
  const exponents = [
    ...new Set(
      nodes.flatMap((e) =>
        e.kind === "pow" &&
        e.exponent.kind === "num" &&
        Number.isInteger(e.exponent.value) &&
        e.exponent.value >= 2
          ? [e.exponent.value]
          : [],
      ),
    ),
  ];
  const reductions = new Set(nodes.flatMap((e) => (e.kind === "reduce" ? [e.op] : [])));
  const power = (p: number) => (p === 2 ? "the square's 2" : `the power's ${p}`);
  const reasons: [number, string][] = [];
  for (const p of exponents) reasons.push([1 / p, `${power(p)} is missing`]);
  if (rows !== undefined && reductions.has("mean")) {
    reasons.push([rows, "mean's 1/n is missing"]);
    for (const p of exponents) reasons.push([rows / p, `mean's 1/n and ${power(p)} are missing`]);
  }
  if (rows !== undefined && reductions.has("sum") && !reductions.has("mean")) {
    reasons.push([1 / rows, "it divides by n, but the cost is a sum, not a mean"]);
    for (const p of exponents)
      reasons.push([
        1 / (rows * p),
        `it divides by n, but the cost is a sum, not a mean, and ${power(p)} is missing`,
      ]);
  }
  for (const p of exponents) reasons.push([p, `${power(p)} is counted twice`]);
  const reason = reasons.find(([k]) => Math.abs(k - factor) <= 1e-9 * Math.abs(factor))?.[1];
  const times = `the claim is ${fraction(factor)} times the derivative`;
  return reason === undefined ? times : `${times}: ${reason}`;
}

/** `x` as a short fraction (`3/2`, `-1/3`) when one with a denominator up to 1000 matches it, else its decimal. */
function fraction(x: number): string {
  for (let d = 1; d <= 1000; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n - x * d) <= 1e-9 * Math.abs(x * d)) return d === 1 ? String(n) : `${n}/${d}`;
  }
  return String(Number(x.toPrecision(6)));
}

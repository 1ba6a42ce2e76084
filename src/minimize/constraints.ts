/**
 * The constraints of `minimize` turned into what the optimizer takes: each `lhs ⋈ rhs` (a string, or a tree
 * of two expressions) is checked against the parameters and data, simplified to c = lhs − rhs, and either
 * merged into the bounds (one parameter against a constant: `x1 >= 0`, `2*W <= 5`, `b == 1`) or compiled,
 * value and exact gradient, into a general constraint for the augmented Lagrangian. Bounds are reported too,
 * so the result lists every constraint in the order given. Mistakes are ParseErrors at the comparison when
 * the constraint came as text, MinimizeErrors naming it otherwise.
 */
import { compile, evaluate } from "../compile/index.js";
import { derivative } from "../diff/index.js";
import { columnsOutsideReductions, type Expr, freeSymbols, sub } from "../expr/index.js";
import type { Constraint, Method } from "../optimize/index.js";
import { format } from "../print/index.js";
import { simplify } from "../simplify/index.js";
import { type ParsedConstraint, ParseError, parseConstraint, type Relation } from "../syntax/index.js";
import { MinimizeError } from "./minimizeError.js";

/** A constraint as a tree: two expressions and the relation between them. */
export interface ConstraintTree {
  readonly lhs: Expr;
  readonly relation: Relation;
  readonly rhs: Expr;
}

/** What `minimize` needs to know to place constraints. */
export interface ConstraintContext {
  readonly params: readonly string[];
  readonly data: ReadonlyMap<string, ArrayLike<number>>;
  readonly bounds: readonly (readonly [number, number] | undefined)[] | undefined;
  readonly method: Method;
  /** For vectors and matrices: a constraint in the problem's names, as scalars over the parameters' entries. */
  readonly lower?: (e: Expr) => Expr;
}

/** The bounds with every one-parameter constraint merged in, and every constraint for the optimizer. */
export interface PlacedConstraints {
  readonly bounds: readonly (readonly [number, number] | undefined)[] | undefined;
  readonly constraints: Constraint[];
}

/**
 * Checks and places `inputs` (see the file header).
 * @throws ParseError or MinimizeError for a constraint that is not a comparison, has no parameter, uses a
 * data column outside a reduction, can never hold, or leaves a parameter no value; and when `method`
 * cannot take constraints.
 */
export function placeConstraints(
  inputs: readonly (string | ConstraintTree | ParsedConstraint)[],
  context: ConstraintContext,
): PlacedConstraints {
  if (inputs.length === 0) return { bounds: context.bounds, constraints: [] };
  const { params, data, method } = context;
  if (method !== "lbfgs")
    throw new MinimizeError(
      `method '${method}' cannot take constraints; use 'lbfgs', which runs L-BFGS-B inside an augmented Lagrangian`,
    );
  const dataNames = new Set(data.keys());
  const index = new Map(params.map((p, i) => [p, i]));
  const bounds: ([number, number] | undefined)[] = params.map((_, i) => {
    const b = context.bounds?.[i];
    return b === undefined ? undefined : [b[0], b[1]];
  });
  const constraints = inputs.map((input): Constraint => {
    const parsed = typeof input === "string" ? parseConstraint(input, { data: dataNames }) : input;
    const text = isParsed(parsed)
      ? parsed.text
      : `${format(parsed.lhs)} ${parsed.relation} ${format(parsed.rhs)}`;
    const fail = (message: string): never => {
      if (isParsed(parsed)) throw new ParseError(message, parsed.relationSpan, parsed.source, parsed.file);
      throw new MinimizeError(`constraint '${text}': ${message}`);
    };
    if (!isParsed(parsed)) {
      const [column] = [parsed.lhs, parsed.rhs].flatMap((side) => columnsOutsideReductions(side, dataNames));
      if (column !== undefined)
        fail(
          `'${column}' is a data column, so the constraint would be a column too, not a number; wrap it in mean(…) or sum(…)`,
        );
    }
    const difference = sub(parsed.lhs, parsed.rhs);
    const c = simplify(context.lower ? context.lower(difference) : difference);
    const names = freeSymbols(c);
    const unknown = names.find((n) => !index.has(n) && !dataNames.has(n));
    if (unknown !== undefined)
      fail(`'${unknown}' is neither a parameter (${params.join(", ") || "none"}) nor a data column`);
    if (c.kind === "num" && parsed.relation === "==")
      fail(
        c.value === 0
          ? "both sides are always equal, so this equality constrains nothing; remove it"
          : `this equality can never hold: its sides always differ by ${format(c)}`,
      );
    const used = names.filter((n) => index.has(n));
    if (used.length === 0) fail("this compares two constants; a constraint must involve a parameter");
    const compiled = compile(c, { params, data });
    const constraint: Constraint = {
      text,
      relation: parsed.relation,
      valueAndGradient: (x, out) => compiled.valueAndGradient(x, out),
    };
    const bound = asBound(c, used, data, parsed.relation);
    if (bound === undefined) return constraint;
    const i = index.get(bound.name)!;
    const [lo, hi] = bounds[i] ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    const merged: [number, number] = [Math.max(lo, bound.lower), Math.min(hi, bound.upper)];
    if (merged[0] > merged[1])
      fail(
        `with the bounds before it this leaves '${bound.name}' no value: it would need ${merged[0]} <= ${bound.name} <= ${merged[1]}`,
      );
    bounds[i] = merged;
    return { ...constraint, bound: true };
  });
  return { bounds, constraints };
}

/** True for a constraint parsed from text, which knows where it came from. */
function isParsed(c: ConstraintTree | ParsedConstraint): c is ParsedConstraint {
  return "relationSpan" in c;
}

/**
 * The box a·p + b ⋈ 0 sets for its one parameter p (a and b may come from data summaries, as in
 * `mean(W*x) <= 2`), or undefined when c is not linear in a single parameter.
 */
function asBound(
  c: Expr,
  used: readonly string[],
  data: ReadonlyMap<string, ArrayLike<number>>,
  relation: Relation,
): { name: string; lower: number; upper: number } | undefined {
  const [name] = used;
  if (name === undefined || used.length !== 1) return undefined;
  const slope = derivative(c, name);
  if (freeSymbols(slope).includes(name)) return undefined;
  const values = new Map<string, number | ArrayLike<number>>([...data, [name, 0]]);
  const a = evaluate(slope, values);
  if (a === 0 || !Number.isFinite(a)) return undefined;
  const at = -evaluate(c, values) / a;
  if (!Number.isFinite(at)) return undefined;
  if (relation === "==") return { name, lower: at, upper: at };
  return (relation === "<=") === a > 0
    ? { name, lower: Number.NEGATIVE_INFINITY, upper: at }
    : { name, lower: at, upper: Number.POSITIVE_INFINITY };
}

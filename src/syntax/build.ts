/**
 * The CST visitor: turns chevrotain's concrete syntax tree (typed by grammar/cst.ts) into an expression
 * tree, checking what the grammar cannot: known functions and their arity, names that are functions,
 * numbers that do not fit in f64, and (given a ShapeEnv) the shapes at every operator and call. Every node
 * built is recorded with the source spans it came from, so later checks (programs, constraints) can point at
 * the right place even though interned nodes are shared.
 */
import type { CstNode, IToken } from "chevrotain";
import type {
  AtomCstNode,
  ExpressionCstNode,
  NameOrCallCstNode,
  PowerCstNode,
  TermCstNode,
  UnaryCstNode,
} from "../../grammar/cst.js";
import {
  ALONG,
  type AlongOp,
  addAll,
  along,
  call,
  constant,
  type Expr,
  FUNCTIONS,
  formatShape,
  isUndefined,
  isZero,
  matmul,
  mulAll,
  neg,
  num,
  numExact,
  parseDecimal,
  pow,
  REDUCTIONS,
  type ReduceOp,
  reduce,
  SIZES,
  sizeOf,
  sym,
  transpose,
} from "../expr/index.js";
import { suggest } from "../text/suggest.js";
import { ParseError, type Span } from "./error.js";
import type { ShapeCheck } from "./shapeCheck.js";
import { spanOf } from "./tokenize.js";

/** Source spans of the nodes of one parse, in source order; a shared node may have several. */
export type Spans = Map<Expr, Span[]>;

/** What the visitor needs: the source for errors, and where to record spans (if anywhere). */
export interface BuildContext {
  readonly source: string;
  readonly file: string | undefined;
  /** Where to record spans; left out when nothing will read them. */
  readonly spans?: Spans;
  /** Names defined earlier in a program (`h = W*x + b`), replaced by their formula where used. */
  readonly definitions?: ReadonlyMap<string, Expr>;
  /** Collects every name used that is not a definition, a constant or a function, where it is written. */
  readonly names?: { name: string; span: Span }[];
  /** When given, the shapes of every operator and call are checked as they are built. */
  readonly shapes?: ShapeCheck;
}

const CONSTANTS = new Set(["pi", "e"]);

/** Names that other notations give functions of the table, with what to say instead of a guess. */
const OTHER_NAMES: ReadonlyMap<string, string> = new Map([
  ["ln", "did you mean 'log'? In symgrad log is the natural logarithm"],
]);

/**
 * Where a CST node's text is. A CST parsed without locations (see `parse`) has none: nothing is recorded
 * from it, and a mistake found in it is reported from a second parse with them, so any span does there.
 */
export function nodeSpan(node: CstNode): Span {
  const loc = node.location ?? { startOffset: 0 };
  return {
    offset: loc.startOffset,
    line: loc.startLine ?? 1,
    column: loc.startColumn ?? 1,
    length: (loc.endOffset ?? loc.startOffset) - loc.startOffset + 1,
  };
}

/** From the start of `first` to the end of `last`. */
function between(first: Span, last: Span): Span {
  return { ...first, length: last.offset + last.length - first.offset };
}

/**
 * A place in the source: a span, the CST node or token whose span it is, or how to make it (made only when
 * needed).
 */
type Place = Span | CstNode | IToken | (() => Span);

function spanAt(place: Place): Span {
  if (typeof place === "function") return place();
  if ("children" in place) return nodeSpan(place);
  return "tokenType" in place ? spanOf(place) : place;
}

function record(ctx: BuildContext, e: Expr, place: Place): Expr {
  // `0^-2`, `(1 - 1)^-1`: a power of an exact 0 with a negative exponent (a division is caught in buildTerm)
  if (isUndefined(e)) fail(ctx, "this is undefined: a power of 0 with a negative exponent", spanAt(place));
  // a formula parsed without later checks records nothing: no span is made for each of its nodes
  if (ctx.spans === undefined) return e;
  const span = spanAt(place);
  const list = ctx.spans.get(e);
  if (list) list.push(span);
  else ctx.spans.set(e, [span]);
  return e;
}

function fail(ctx: BuildContext, message: string, span: Span): never {
  throw new ParseError(message, span, ctx.source, ctx.file);
}

/** The expression tree of an `expression` CST node. */
export function buildExpression(node: ExpressionCstNode, ctx: BuildContext): Expr {
  const terms = node.children.operands.map((n) => buildTerm(n, ctx));
  const operators = node.children.operators;
  // negated once all are built (indexed loops: most of a big formula is built before V8 optimizes this)
  if (operators !== undefined)
    for (let i = 1; i < terms.length; i++) if (operators[i - 1]!.image === "-") terms[i] = neg(terms[i]!);
  const check = ctx.shapes;
  if (check) {
    const span = nodeSpan(node);
    let shape = check.of(terms[0]!, span);
    for (let i = 1; i < terms.length; i++) {
      const at = spanOf(operators![i - 1]!);
      shape = check.broadcast(shape, check.of(terms[i]!, at), terms[i]!, at, () => terms.slice(0, i + 1));
    }
  }
  return record(ctx, addAll(terms), node);
}

/**
 * `a*b/c@d*e`: `*`, `/` and `@` bind alike, to the left, so a run of `*` and `/` is one flat product until an
 * `@` takes all of it as its left operand: `((a*b/c)@d)*e`.
 */
function buildTerm(node: TermCstNode, ctx: BuildContext): Expr {
  const operandNodes = node.children.operands;
  const operands = operandNodes.map((n) => buildUnary(n, ctx));
  const operators = node.children.operators ?? [];
  const check = ctx.shapes;
  const span = check ? nodeSpan(node) : undefined;
  let factors = [operands[0]!];
  let shape = check?.of(operands[0]!, span!);
  for (let i = 1; i < operands.length; i++) {
    const operator = operators[i - 1]!;
    if (operator.image === "@") {
      const at = spanOf(operator);
      const product = matmul(mulAll(factors), operands[i]!);
      // an exact 0 operand folds the product to 0: say what the shape check would have said of the number
      if (check && isZero(product)) {
        const right = formatShape(check.of(operands[i]!, at));
        fail(
          ctx,
          `@ needs a vector or matrix on both sides, not ${formatShape(shape!)} @ ${right}; use * to scale`,
          at,
        );
      }
      shape = check?.of(product, at);
      if (i < operands.length - 1)
        record(ctx, product, () => between(span ?? nodeSpan(node), nodeSpan(operandNodes[i]!)));
      factors = [product];
      continue;
    }
    let factor = operands[i]!;
    if (operator.image === "/") {
      if (isZero(factor)) fail(ctx, "division by zero: this is exactly 0", nodeSpan(operandNodes[i]!));
      factor = pow(factor, num(-1));
    }
    factors.push(factor);
    if (check) {
      const at = spanOf(operator);
      shape = check.broadcast(shape!, check.of(factor, at), factor, at, () => factors);
    }
  }
  const product = mulAll(factors);
  check?.keepsShape(product, shape!, span!);
  return record(ctx, product, node);
}

function buildUnary(node: UnaryCstNode, ctx: BuildContext): Expr {
  const power = buildPower(node.children.power[0]!, ctx);
  const signs = node.children.signs;
  if (signs === undefined) return record(ctx, power, node);
  let minuses = 0;
  for (let i = 0; i < signs.length; i++) if (signs[i]!.image === "-") minuses++;
  return record(ctx, minuses % 2 === 1 ? neg(power) : power, node);
}

function buildPower(node: PowerCstNode, ctx: BuildContext): Expr {
  const atomNode = node.children.base[0]!;
  let base = buildAtom(atomNode, ctx);
  const transposes = node.children.transposes;
  if (transposes !== undefined)
    for (let i = 0; i < transposes.length; i++)
      base = record(ctx, transpose(base), () => between(nodeSpan(atomNode), spanOf(transposes[i]!)));
  const exponent = node.children.exponent?.[0];
  if (exponent === undefined) return base;
  const raised = buildUnary(exponent, ctx);
  const power = pow(base, raised);
  const check = ctx.shapes;
  if (check) {
    const caret = spanOf(node.children.Caret![0]!);
    check.of(power, caret);
    // `y^0` and `1^X` fold to 1: the shape of the operands, not of the number, is the power's (a power that
    // did not fold had its broadcast checked just above)
    if (power.kind === "num")
      check.keepsShape(
        power,
        check.broadcast(check.of(base, caret), check.of(raised, caret), raised, caret, () => [base, raised]),
        nodeSpan(node),
      );
  }
  return record(ctx, power, node);
}

function buildAtom(node: AtomCstNode, ctx: BuildContext): Expr {
  const c = node.children;
  if (c.NumberLiteral) return buildNumber(c.NumberLiteral[0]!, ctx);
  if (c.nameOrCall) return buildNameOrCall(c.nameOrCall[0]!, ctx);
  return record(ctx, buildExpression(c.expression![0]!, ctx), node);
}

/** A number literal: exact rational when it fits, else the nearest f64; too large for f64 is an error. */
export function buildNumber(token: IToken, ctx: BuildContext): Expr {
  const exact = parseDecimal(token.image);
  if (exact) return record(ctx, numExact(exact), token);
  const value = Number(token.image);
  if (!Number.isFinite(value))
    fail(ctx, `the number ${token.image} is too large for a 64-bit float`, spanOf(token));
  return record(ctx, num(value), token);
}

function buildNameOrCall(node: NameOrCallCstNode, ctx: BuildContext): Expr {
  const nameToken = node.children.Name[0]!;
  const name = nameToken.image;
  if (!node.children.LParen) {
    if (CONSTANTS.has(name)) return record(ctx, constant(name as "pi" | "e"), nameToken);
    if (FUNCTIONS.has(name) || REDUCTIONS.has(name))
      fail(ctx, `'${name}' is a function; call it as ${name}(…)`, spanOf(nameToken));
    const defined = ctx.definitions?.get(name);
    if (defined === undefined) ctx.names?.push({ name, span: spanOf(nameToken) });
    return record(ctx, defined ?? sym(name), nameToken);
  }
  const span = spanOf(nameToken);
  const argNodes = node.children.args ?? [];
  const args = argNodes.map((a) => buildExpression(a, ctx));
  const callSpan = nodeSpan(node);
  let result: Expr;
  if (REDUCTIONS.has(name) || ALONG.has(name) || SIZES.has(name))
    result = buildBuiltin(name, args, argNodes, callSpan, ctx);
  else {
    const fn = FUNCTIONS.get(name);
    if (fn === undefined) unknownFunction(name, span, ctx);
    if (args.length !== fn.arity) {
      const want = `${fn.arity} argument${fn.arity === 1 ? "" : "s"}`;
      fail(ctx, `'${name}' takes ${want}, got ${args.length}`, callSpan);
    }
    result = call(fn, args);
  }
  ctx.shapes?.of(result, callSpan);
  return record(ctx, result, callSpan);
}

/** Every name that is called like a function. */
const CALLABLE = [...FUNCTIONS.keys(), ...REDUCTIONS, ...ALONG, ...SIZES];

function unknownFunction(name: string, span: Span, ctx: BuildContext): never {
  // A one- or two-letter name before `(` is more likely a product than a misspelt function.
  const near = name.length > 2 ? suggest(name, CALLABLE) : undefined;
  const other = OTHER_NAMES.get(name);
  const hint = other
    ? `; ${other}`
    : near
      ? `; did you mean '${near}'?`
      : name.length <= 2
        ? `; to multiply, write ${name}*(…)`
        : `; known functions: ${CALLABLE.join(", ")}`;
  return fail(ctx, `unknown function '${name}'${hint}`, span);
}

/**
 * The calls that are not rows of the function table: `sum`/`mean` of one argument (over every entry) or
 * along a dimension, `logsumexp(A)`, `logsumexp(A, d)`, `softmax(A, d)`, `rows(A)`, `cols(A)`.
 */
function buildBuiltin(
  name: string,
  args: readonly Expr[],
  argNodes: readonly ExpressionCstNode[],
  span: Span,
  ctx: BuildContext,
): Expr {
  const [arg, dimArg] = args;
  if (SIZES.has(name)) {
    if (args.length !== 1) fail(ctx, `'${name}' takes 1 argument, got ${args.length}`, span);
    return sizeOf(name as "rows" | "cols", arg!);
  }
  if (name === "softmax" && args.length === 1)
    fail(
      ctx,
      "softmax(A, d) needs the dimension d to normalize along: 1 for each row, 0 for each column",
      span,
    );
  if (args.length < 1 || args.length > 2) {
    const usage = name === "softmax" ? "2 arguments" : `1 or 2 arguments, ${name}(A) or ${name}(A, d)`;
    fail(ctx, `'${name}' takes ${usage}, got ${args.length}`, span);
  }
  if (dimArg === undefined)
    return name === "logsumexp" ? along(name, arg!, undefined) : reduce(name as ReduceOp, arg!);
  return along(name as AlongOp, arg!, dimension(name, dimArg, nodeSpan(argNodes[1]!), ctx));
}

/** The `d` of `sum(A, d)`: the number 0 or 1, as PyTorch's `dim` (numpy's `axis`). */
function dimension(name: string, e: Expr, span: Span, ctx: BuildContext): 0 | 1 {
  if (e.kind === "num" && (e.value === 0 || e.value === 1)) return e.value;
  const what = `the d of ${name}(A, d) is a dimension: 0 (down the rows, one value per column) or 1 (across the columns, one value per row), as PyTorch's dim and numpy's axis`;
  if (e.kind !== "num") return fail(ctx, `${what}; write it as the number 0 or 1`, span);
  if (e.value === -1) return fail(ctx, `count dimensions from 0 here: ${what}; for a matrix, -1 is 1`, span);
  return fail(ctx, `there is no dimension ${e.value}: ${what}`, span);
}

/**
 * The CST visitor: turns chevrotain's concrete syntax tree (typed by grammar/cst.ts) into an expression
 * tree, checking what the grammar cannot: known functions and their arity, names that are functions, and
 * numbers that do not fit in f64. Every node built is recorded with the source spans it came from, so later
 * checks (shapes, programs) can point at the right place even though interned nodes are shared.
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
  addAll,
  call,
  constant,
  type Expr,
  FUNCTIONS,
  isUndefined,
  isZero,
  mulAll,
  neg,
  num,
  numExact,
  parseDecimal,
  pow,
  REDUCTIONS,
  reduce,
  sym,
} from "../expr/index.js";
import { suggest } from "../text/suggest.js";
import { ParseError, type Span } from "./error.js";
import { spanOf } from "./tokenize.js";

/** Source spans of the nodes of one parse, in source order; a shared node may have several. */
export type Spans = Map<Expr, Span[]>;

/** What the visitor needs: the source for errors, and where to record spans. */
export interface BuildContext {
  readonly source: string;
  readonly file: string | undefined;
  readonly spans: Spans;
  /** Names defined earlier in a program (`h = W*x + b`), replaced by their formula where used. */
  readonly definitions?: ReadonlyMap<string, Expr>;
  /** Collects every name used that is not a definition, a constant or a function, where it is written. */
  readonly names?: { name: string; span: Span }[];
}

const CONSTANTS = new Set(["pi", "e"]);

/** Names that other notations give functions of the table, with what to say instead of a guess. */
const OTHER_NAMES: ReadonlyMap<string, string> = new Map([
  ["ln", "did you mean 'log'? In symgrad log is the natural logarithm"],
]);

function nodeSpan(node: CstNode): Span {
  const loc = node.location!;
  return {
    offset: loc.startOffset,
    line: loc.startLine ?? 1,
    column: loc.startColumn ?? 1,
    length: (loc.endOffset ?? loc.startOffset) - loc.startOffset + 1,
  };
}

function record(ctx: BuildContext, e: Expr, span: Span): Expr {
  // `0^-2`, `(1 - 1)^-1`: a power of an exact 0 with a negative exponent (a division is caught in buildTerm)
  if (isUndefined(e)) fail(ctx, "this is undefined: a power of 0 with a negative exponent", span);
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
  const operands = node.children.operands.map((n) => buildTerm(n, ctx));
  const operators = node.children.operators ?? [];
  const terms = operands.map((e, i) => (i > 0 && operators[i - 1]!.image === "-" ? neg(e) : e));
  return record(ctx, addAll(terms), nodeSpan(node));
}

function buildTerm(node: TermCstNode, ctx: BuildContext): Expr {
  const operands = node.children.operands.map((n) => buildUnary(n, ctx));
  const operators = node.children.operators ?? [];
  const factors = operands.map((e, i) => {
    if (i === 0 || operators[i - 1]!.image !== "/") return e;
    if (isZero(e)) fail(ctx, "division by zero: this is exactly 0", nodeSpan(node.children.operands[i]!));
    return pow(e, num(-1));
  });
  return record(ctx, mulAll(factors), nodeSpan(node));
}

function buildUnary(node: UnaryCstNode, ctx: BuildContext): Expr {
  const power = buildPower(node.children.power[0]!, ctx);
  const minuses = (node.children.signs ?? []).filter((s) => s.image === "-").length;
  return record(ctx, minuses % 2 === 1 ? neg(power) : power, nodeSpan(node));
}

function buildPower(node: PowerCstNode, ctx: BuildContext): Expr {
  const base = buildAtom(node.children.base[0]!, ctx);
  const exponent = node.children.exponent?.[0];
  if (exponent === undefined) return base;
  return record(ctx, pow(base, buildUnary(exponent, ctx)), nodeSpan(node));
}

function buildAtom(node: AtomCstNode, ctx: BuildContext): Expr {
  const c = node.children;
  if (c.NumberLiteral) return buildNumber(c.NumberLiteral[0]!, ctx);
  if (c.nameOrCall) return buildNameOrCall(c.nameOrCall[0]!, ctx);
  return record(ctx, buildExpression(c.expression![0]!, ctx), nodeSpan(node));
}

/** A number literal: exact rational when it fits, else the nearest f64; too large for f64 is an error. */
export function buildNumber(token: IToken, ctx: BuildContext): Expr {
  const exact = parseDecimal(token.image);
  if (exact) return record(ctx, numExact(exact), spanOf(token));
  const value = Number(token.image);
  if (!Number.isFinite(value))
    fail(ctx, `the number ${token.image} is too large for a 64-bit float`, spanOf(token));
  return record(ctx, num(value), spanOf(token));
}

function buildNameOrCall(node: NameOrCallCstNode, ctx: BuildContext): Expr {
  const nameToken = node.children.Name[0]!;
  const name = nameToken.image;
  const span = spanOf(nameToken);
  if (!node.children.LParen) {
    if (CONSTANTS.has(name)) return record(ctx, constant(name as "pi" | "e"), span);
    if (FUNCTIONS.has(name) || REDUCTIONS.has(name))
      fail(ctx, `'${name}' is a function; call it as ${name}(…)`, span);
    const defined = ctx.definitions?.get(name);
    if (defined === undefined) ctx.names?.push({ name, span });
    return record(ctx, defined ?? sym(name), span);
  }
  const args = (node.children.args ?? []).map((a) => buildExpression(a, ctx));
  const callSpan = nodeSpan(node);
  const arity = REDUCTIONS.has(name) ? 1 : FUNCTIONS.get(name)?.arity;
  if (arity === undefined) {
    const known = [...FUNCTIONS.keys(), ...REDUCTIONS];
    // A one- or two-letter name before `(` is more likely a product than a misspelt function.
    const near = name.length > 2 ? suggest(name, known) : undefined;
    const other = OTHER_NAMES.get(name);
    const hint = other
      ? `; ${other}`
      : near
        ? `; did you mean '${near}'?`
        : name.length <= 2
          ? `; to multiply, write ${name}*(…)`
          : `; known functions: ${known.join(", ")}`;
    fail(ctx, `unknown function '${name}'${hint}`, span);
  }
  if (args.length !== arity) {
    const want = `${arity} argument${arity === 1 ? "" : "s"}`;
    fail(ctx, `'${name}' takes ${want}, got ${args.length}`, callSpan);
  }
  const result = REDUCTIONS.has(name)
    ? reduce(name as "sum" | "mean", args[0]!)
    : call(FUNCTIONS.get(name)!, args);
  return record(ctx, result, callSpan);
}

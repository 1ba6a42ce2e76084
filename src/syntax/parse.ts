/**
 * `parse`: formula text → expression tree, or a ParseError that says where and what. Any string at all gives
 * one of the two: the tokenizer bounds nesting before the recursive parser runs, and every failure of the
 * grammar or of the checks in the CST visitor becomes a positioned ParseError.
 */
import type { IToken } from "chevrotain";
import type { FormulaCstNode } from "../../grammar/cst.js";
import { parser, SymgradParser } from "../../grammar/parser.js";
import type { Expr, ShapeEnv } from "../expr/index.js";
import { buildExpression, nodeSpan, type Spans } from "./build.js";
import { withColumns } from "./constraint.js";
import { ParseError, type Span, type UndeclaredShape } from "./error.js";
import { guessShapes } from "./guessShapes.js";
import { syntaxError } from "./messages.js";
import { checkScalar, checkShape } from "./shape.js";
import { ShapeCheck } from "./shapeCheck.js";
import { normalizeSource, tokenize } from "./tokenize.js";

/** Options of `parse`. */
export interface ParseOptions {
  /**
   * Names bound to data columns. When given, the formula must be a scalar: a column used outside `sum` or
   * `mean` is a ParseError that points at it.
   */
  readonly data?: Iterable<string>;
  /**
   * The shape of each name (a data name it does not know is a column, `(n)`), or `"guess"` for
   * `guessShapes` of the formula. When given, the shapes at every operator and call are checked, and a
   * mistake is a ParseError there that names both shapes; with `data`, the formula's shape must be scalar.
   */
  readonly shapes?: ShapeEnv | "guess";
  /** A file name to show in error messages. */
  readonly file?: string;
}

/** A parsed formula with the source spans of its nodes. */
export interface ParsedFormula {
  readonly expr: Expr;
  readonly spans: Spans;
  /** The shapes the formula was checked with (the guessed ones for `shapes: "guess"`), if any. */
  readonly shapes?: ShapeEnv;
}

/**
 * Runs a grammar rule of `using` (the parser with locations by default) over `tokens`, turning chevrotain's
 * first error into a ParseError.
 */
export function runRule<T>(
  rule: () => T,
  tokens: IToken[],
  source: string,
  file?: string,
  using: SymgradParser = parser,
): T {
  using.input = tokens;
  const cst = rule();
  const error = using.errors[0];
  if (error) throw syntaxError(error, tokens, source, file);
  return cst;
}

/** Parses a formula, keeping where each node came from (for positioned errors in later checks). */
export function parseWithSpans(text: string, options: ParseOptions = {}): ParsedFormula {
  const { source, node } = formulaNode(text, options.file);
  const { file } = options;
  if (options.shapes === undefined) {
    const spans: Spans = new Map();
    const expr = buildExpression(node, { source, file, spans });
    if (options.data) checkShape(expr, new Set(options.data), spans, source, file);
    return { expr, spans };
  }
  const data = new Set(options.data ?? []);
  const given =
    options.shapes === "guess"
      ? guessShapes(buildExpression(node, { source, file }), options.data)
      : options.shapes;
  const env = withColumns(given, data);
  const fail = (message: string, span: Span, undeclared?: UndeclaredShape): never => {
    throw new ParseError(message, span, source, file, undeclared);
  };
  const check = new ShapeCheck(env, fail);
  const spans: Spans = new Map();
  const expr = buildExpression(node, { source, file, spans, shapes: check });
  if (options.data) {
    const whole = nodeSpan(node);
    checkScalar(expr, check.of(expr, whole), env, { spans, span: whole, source, ...(file ? { file } : {}) });
  }
  return { expr, spans, shapes: env };
}

/**
 * Parses a formula into an expression tree.
 * @throws ParseError with the line and column of what is wrong.
 */
export function parse(source: string, options: ParseOptions = {}): Expr {
  if (options.data !== undefined || options.shapes !== undefined) return parseWithSpans(source, options).expr;
  // nothing to check afterwards, so no spans to record (a big formula has tens of thousands)
  const normalized = normalizeSource(source);
  const tokens = tokenize(normalized, false, options.file);
  const ctx = { source: normalized, file: options.file };
  const unlocated = tokens.length > UNLOCATED_TOKENS ? buildUnlocated(tokens, ctx) : undefined;
  if (unlocated !== undefined) return unlocated;
  return buildExpression(expressionNode(tokens, normalized, options.file), ctx);
}

/**
 * Tokens from which `parse` first builds a formula from a CST without locations: a third less time in the
 * parser, which outweighs making that parser (about 30 ms, once per process) only past some 8000 tokens.
 */
const UNLOCATED_TOKENS = 10_000;
let unlocatedParser: SymgradParser | undefined;

/**
 * The tree of a formula built from a CST without locations, or undefined when the text has a mistake:
 * saying where needs the locations, so the caller parses it again with them, to fail there.
 */
function buildUnlocated(
  tokens: IToken[],
  ctx: { source: string; file: string | undefined },
): Expr | undefined {
  unlocatedParser ??= new SymgradParser({ locations: false });
  try {
    return buildExpression(expressionNode(tokens, ctx.source, ctx.file, unlocatedParser), ctx);
  } catch (error) {
    if (error instanceof ParseError) return undefined;
    throw error;
  }
}

/** The normalized source of a formula and its CST's expression. */
function formulaNode(text: string, file: string | undefined) {
  const source = normalizeSource(text);
  return { source, node: expressionNode(tokenize(source, false, file), source, file) };
}

/** The CST of the expression that the formula `tokens` (of `source`) is, by `using`. */
function expressionNode(tokens: IToken[], source: string, file: string | undefined, using = parser) {
  const cst = runRule(() => using.formula() as FormulaCstNode, tokens, source, file, using);
  return cst.children.expression[0]!;
}

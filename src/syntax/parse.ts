/**
 * `parse`: formula text → expression tree, or a ParseError that says where and what. Any string at all gives
 * one of the two: the tokenizer bounds nesting before the recursive parser runs, and every failure of the
 * grammar or of the checks in the CST visitor becomes a positioned ParseError.
 */
import type { IToken } from "chevrotain";
import type { FormulaCstNode } from "../../grammar/cst.js";
import { parser } from "../../grammar/parser.js";
import type { Expr } from "../expr/index.js";
import { buildExpression, type Spans } from "./build.js";
import { syntaxError } from "./messages.js";
import { checkShape } from "./shape.js";
import { normalizeSource, tokenize } from "./tokenize.js";

/** Options of `parse`. */
export interface ParseOptions {
  /**
   * Names bound to data columns. When given, the formula must be a scalar: a column used outside `sum` or
   * `mean` is a ParseError that points at it.
   */
  readonly data?: Iterable<string>;
  /** A file name to show in error messages. */
  readonly file?: string;
}

/** A parsed formula with the source spans of its nodes. */
export interface ParsedFormula {
  readonly expr: Expr;
  readonly spans: Spans;
}

/** Runs a grammar rule over `tokens`, turning chevrotain's first error into a ParseError. */
export function runRule<T>(rule: () => T, tokens: IToken[], source: string, file?: string): T {
  parser.input = tokens;
  const cst = rule();
  const error = parser.errors[0];
  if (error) throw syntaxError(error, tokens, source, file);
  return cst;
}

/** Parses a formula, keeping where each node came from (for positioned errors in later checks). */
export function parseWithSpans(text: string, options: ParseOptions = {}): ParsedFormula {
  const source = normalizeSource(text);
  const tokens = tokenize(source, false, options.file);
  const cst = runRule(() => parser.formula() as FormulaCstNode, tokens, source, options.file);
  const spans: Spans = new Map();
  const expr = buildExpression(cst.children.expression[0]!, { source, file: options.file, spans });
  if (options.data) checkShape(expr, new Set(options.data), spans, source, options.file);
  return { expr, spans };
}

/**
 * Parses a formula into an expression tree.
 * @throws ParseError with the line and column of what is wrong.
 */
export function parse(source: string, options: ParseOptions = {}): Expr {
  return parseWithSpans(source, options).expr;
}

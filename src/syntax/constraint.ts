/**
 * Constraints, `lhs <= rhs`, `lhs >= rhs` or `lhs == rhs`: as a `subject to` line of a program or as a string
 * of their own (the API's `constraints`, the CLI's `--subject-to`). This stage builds both sides as
 * expression trees and checks what syntax can: that there is a comparison, that it is not strict, and
 * (given the data names) that no column stands outside a reduction. What needs the parameters — a side with
 * no parameter, an equality that can never hold — is checked by `minimize`, with the spans kept here.
 */
import type { ConstraintCstNode } from "../../grammar/cst.js";
import { parser } from "../../grammar/parser.js";
import { columnsOutsideReductions, type Expr, type ShapeEnv } from "../expr/index.js";
import { type BuildContext, buildExpression, type Spans } from "./build.js";
import { ParseError, type Span } from "./error.js";
import { runRule } from "./parse.js";
import { checkScalar, checkShape } from "./shape.js";
import { ShapeCheck } from "./shapeCheck.js";
import { spanOf, tokenize } from "./tokenize.js";

/** The relations a constraint may state. */
export type Relation = "<=" | ">=" | "==";

/** A parsed constraint, with where it came from for later errors. */
export interface ParsedConstraint {
  readonly lhs: Expr;
  readonly relation: Relation;
  readonly rhs: Expr;
  /** The constraint as written (one line, white space collapsed). */
  readonly text: string;
  /** The whole constraint, and its comparison operator, in `source`. */
  readonly span: Span;
  readonly relationSpan: Span;
  /** The text the spans point into: the constraint string, or the whole program. */
  readonly source: string;
  readonly file?: string;
  readonly spans: Spans;
}

/** Options of `parseConstraint`. */
export interface ParseConstraintOptions {
  /** Data column names; a column outside `sum`/`mean` is then a ParseError. */
  readonly data?: Iterable<string>;
  /**
   * The shape of each name (see `parse`): shapes are then checked at every operator, and each side must be
   * a number. A data name the env does not know is a column, `(n)`.
   */
  readonly shapes?: ShapeEnv;
  readonly file?: string;
}

/**
 * Parses `x1 + x2 <= 1` (or `>=`, `==`).
 * @throws ParseError with the position of what is wrong.
 */
export function parseConstraint(source: string, options: ParseConstraintOptions = {}): ParsedConstraint {
  const tokens = tokenize(source, false, options.file);
  const cst = runRule(() => parser.constraint() as ConstraintCstNode, tokens, source, options.file);
  const spans: Spans = new Map();
  const data = new Set(options.data ?? []);
  const env = options.shapes && withColumns(options.shapes, data);
  const fail = (message: string, span: Span): never => {
    throw new ParseError(message, span, source, options.file);
  };
  const ctx = { source, file: options.file, spans, ...(env ? { shapes: new ShapeCheck(env, fail) } : {}) };
  const constraint = buildConstraint(cst, ctx);
  if (options.data || env) checkConstraintShape(constraint, data, env);
  return constraint;
}

/** Builds a constraint from its CST node (in a formula or a program, per `ctx`). */
export function buildConstraint(node: ConstraintCstNode, ctx: BuildContext): ParsedConstraint {
  const c = node.children;
  const loc = node.location!;
  const span: Span = {
    offset: loc.startOffset,
    line: loc.startLine ?? 1,
    column: loc.startColumn ?? 1,
    length: (loc.endOffset ?? loc.startOffset) - loc.startOffset + 1,
  };
  const text = ctx.source.slice(span.offset, span.offset + span.length).replace(/\s+/g, " ");
  const fail = (message: string, where: Span): never => {
    throw new ParseError(message, where, ctx.source, ctx.file);
  };
  const token = c.relation?.[0];
  if (token === undefined || c.rhs === undefined)
    return fail(
      `'${text}' is not a comparison; a constraint reads lhs <= rhs, lhs >= rhs or lhs == rhs`,
      span,
    );
  const relationSpan = spanOf(token);
  if (token.image === "<" || token.image === ">")
    fail(
      `a strict '${token.image}' cannot be told apart from '${token.image}=' by a numerical optimizer; write '${token.image}='`,
      relationSpan,
    );
  const lhs = buildExpression(c.lhs[0]!, ctx);
  const rhs = buildExpression(c.rhs[0]!, ctx);
  return {
    lhs,
    relation: token.image as Relation,
    rhs,
    text,
    span,
    relationSpan,
    source: ctx.source,
    ...(ctx.file === undefined ? {} : { file: ctx.file }),
    spans: ctx.spans ?? new Map(),
  };
}

/** `env`, with every name of `data` it does not know a column `(n)`. */
export function withColumns(env: ShapeEnv, data: ReadonlySet<string>): ShapeEnv {
  return (name) => env(name) ?? (data.has(name) ? ["n"] : undefined);
}

/**
 * Throws a ParseError at the first data column either side uses outside `sum`/`mean`: at its place in the
 * constraint, or in the definition that brought it in when the constraint does not name it. With `env`,
 * each side must be a number: a side of another shape is an error at the constraint.
 */
export function checkConstraintShape(
  constraint: ParsedConstraint,
  data: ReadonlySet<string>,
  env?: ShapeEnv,
): void {
  const { source, file, spans, span } = constraint;
  const within = (s: Span) => s.offset >= span.offset && s.offset < span.offset + span.length;
  const local: Spans = new Map();
  for (const [e, list] of spans) {
    const here = list.filter(within);
    if (here.length > 0) local.set(e, here);
  }
  for (const side of [constraint.lhs, constraint.rhs]) {
    if (env) {
      const named = (name: string) => [...local.keys()].some((e) => e.kind === "sym" && e.name === name);
      const shape = new ShapeCheck(env, (message, at): never => {
        throw new ParseError(message, at, source, file);
      }).of(side, span);
      const [column] = columnsOutsideReductions(side, data);
      const at = { spans: column !== undefined && named(column) ? local : spans, span, source, file };
      checkScalar(side, shape, env, at, "the constraint", "each side of a constraint");
      continue;
    }
    const [column] = columnsOutsideReductions(side, data);
    if (column === undefined) continue;
    const named = [...local.keys()].some((e) => e.kind === "sym" && e.name === column);
    checkShape(side, data, named ? local : spans, source, file, "the constraint");
  }
}

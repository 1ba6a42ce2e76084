/**
 * The `data` and `param` statements of a program: their values and shapes, checked where they are written.
 * `param w[3] = 0` and `param W[4, 3]` are filled with one number, `param w = [0.5, -1, 2]` and
 * `param W = [[1, 2], [3, 4]]` list their entries (row-major), `data X = [[73, 80], [93, 88]]` lists rows.
 * Ragged matrices, sizes that are not positive whole numbers and a value whose shape is not the declared one
 * are ParseErrors at the offending place.
 */
import type { IToken } from "chevrotain";
import type {
  ArrayItemCstNode,
  ArrayLiteralCstNode,
  ParamInitCstNode,
  SignedNumberCstNode,
} from "../../grammar/cst.js";
import { formatShape } from "../expr/index.js";
import { type BuildContext, buildNumber } from "./build.js";
import { ParseError, type Span } from "./error.js";
import { spanOf } from "./tokenize.js";

/** The most entries all of a program's parameters may have together. */
export const MAX_PARAMETER_ENTRIES = 1_000_000;

/** A `param` entry: its shape (`[]` a scalar, `[k]`, `[m, k]`) and starting values, row-major. */
export interface ParamDeclaration {
  readonly name: string;
  /**
   * The starting value of a scalar; of a vector or matrix, the number it is filled with (`param w[3] = 0.5`),
   * or 0 when its entries are listed (see `values`).
   */
  readonly init: number;
  readonly span: Span;
  readonly shape: readonly number[];
  /** Every entry's starting value, row-major (`[init]` for a scalar). */
  readonly values: readonly number[];
}

/** A number literal with its sign, as a JavaScript number. */
function signedNumber(node: SignedNumberCstNode, ctx: BuildContext): number {
  const value = (buildNumber(node.children.NumberLiteral[0]!, ctx) as { value: number }).value;
  return node.children.Minus ? -value : value;
}

function signedSpan(node: SignedNumberCstNode): Span {
  const first = spanOf(node.children.Minus?.[0] ?? node.children.NumberLiteral[0]!);
  const last = spanOf(node.children.NumberLiteral[0]!);
  return { ...first, length: last.offset + last.length - first.offset };
}

/** From `open` to the end of `close`. */
export function bracketSpan(open: IToken, close: IToken): Span {
  return { ...spanOf(open), length: close.startOffset + close.image.length - open.startOffset };
}

const literalSpan = (node: ArrayLiteralCstNode) =>
  bracketSpan(node.children.LBracket[0]!, node.children.RBracket[0]!);

function fail(ctx: BuildContext, message: string, span: Span): never {
  throw new ParseError(message, span, ctx.source, ctx.file);
}

/** The entries of a vector `[1, 2]` or the rows of a matrix `[[1, 2], [3, 4]]`, checked for shape. */
type Literal = { readonly vector: number[] } | { readonly rows: number[][] };

const EXAMPLE = "a vector is written [1, 2, 3], a matrix as a list of rows [[1, 2], [3, 4]]";

/** Reads the items of an array literal at `span`: a vector of numbers, or rows of numbers all of one length. */
function literal(items: readonly ArrayItemCstNode[], span: Span, ctx: BuildContext, what: string): Literal {
  if (items.length === 0) fail(ctx, `${what} has no entries; ${EXAMPLE}`, span);
  const first = items[0]!.children;
  if (first.signedNumber) {
    const vector = items.map((item) => {
      const number = item.children.signedNumber?.[0];
      if (number === undefined)
        fail(ctx, `a row inside a vector; ${EXAMPLE}`, literalSpan(item.children.arrayLiteral![0]!));
      return signedNumber(number, ctx);
    });
    return { vector };
  }
  const rows = items.map((item, i) => {
    const row = item.children.arrayLiteral?.[0];
    if (row === undefined)
      fail(
        ctx,
        `a number among the rows of a matrix; ${EXAMPLE}`,
        signedSpan(item.children.signedNumber![0]!),
      );
    const entries = row.children.items ?? [];
    if (entries.length === 0)
      fail(ctx, `row ${i + 1} is empty; every row of a matrix needs entries`, literalSpan(row));
    return entries.map((entry) => {
      const number = entry.children.signedNumber?.[0];
      if (number === undefined)
        fail(
          ctx,
          "only vectors and matrices: a list of rows of numbers, not deeper",
          literalSpan(entry.children.arrayLiteral![0]!),
        );
      return signedNumber(number, ctx);
    });
  });
  const width = rows[0]!.length;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;
      fail(
        ctx,
        `row ${i + 1} has ${entries(row.length)} but row 1 has ${entries(width)}; every row of a matrix needs the same length`,
        literalSpan(items[i]!.children.arrayLiteral![0]!),
      );
    }
  });
  return { rows };
}

const shapeOfLiteral = (l: Literal): number[] =>
  "vector" in l ? [l.vector.length] : [l.rows.length, l.rows[0]!.length];

/**
 * The parameters of one `param` entry; `budget` is how many entries the program's parameters may still have.
 */
export function paramDeclaration(
  node: ParamInitCstNode,
  ctx: BuildContext,
  budget: number,
): ParamDeclaration {
  const c = node.children;
  const token = c.Name[0]!;
  const name = token.image;
  const span = spanOf(token);
  const declared = c.sizes?.map((size, i) => {
    const value = signedNumber(size, ctx);
    if (i === 2)
      fail(
        ctx,
        `a parameter is a scalar, a vector ${name}[k] or a matrix ${name}[m, k]; it cannot have ${c.sizes!.length} sizes`,
        signedSpan(size),
      );
    if (!Number.isInteger(value) || value < 1)
      fail(ctx, `a size is a whole number of at least 1, not ${value}`, signedSpan(size));
    return value;
  });
  const shape = declared ?? [];
  const given = c.values?.[0];
  if (given === undefined) {
    const init = c.value ? signedNumber(c.value[0]!, ctx) : 0;
    const count = shape.reduce((a, b) => a * b, 1);
    if (count > budget)
      fail(
        ctx,
        `'${name}' would have ${count} entries; a program's parameters may have ${MAX_PARAMETER_ENTRIES} entries in all`,
        span,
      );
    return { name, init, span, shape, values: new Array<number>(count).fill(init) };
  }
  const value = literal(given.children.items ?? [], literalSpan(given), ctx, `'${name}'`);
  const actual = shapeOfLiteral(value);
  if (declared && formatShape(declared) !== formatShape(actual)) {
    const column =
      declared.length === 2 && declared[1] === 1 && actual.length === 1 && actual[0] === declared[0]
        ? `; a ${declared[0]}×1 column is written as rows, [[1], [2], …], or declare ${name}[${declared[0]}] as a vector`
        : "";
    fail(
      ctx,
      `'${name}' is declared ${formatShape(declared)} but the value given is ${formatShape(actual)}${column}`,
      literalSpan(given),
    );
  }
  const values = "vector" in value ? value.vector : value.rows.flat();
  if (values.length > budget)
    fail(
      ctx,
      `'${name}' would have ${values.length} entries; a program's parameters may have ${MAX_PARAMETER_ENTRIES} entries in all`,
      span,
    );
  return { name, init: 0, span, shape: actual, values };
}

/** What an inline `data` statement holds: one column of values, or the rows of a matrix. */
export type InlineData = { readonly values: number[] } | { readonly rows: number[][] };

/**
 * The values of `data x = [1, 2, 3]` (an empty list too) or the rows of `data X = [[1, 2], [3, 4]]`, from
 * the items of the list at `span`.
 */
export function inlineData(
  items: readonly ArrayItemCstNode[],
  span: Span,
  ctx: BuildContext,
  name: string,
): InlineData {
  if (items.length === 0) return { values: [] };
  const value = literal(items, span, ctx, `'${name}'`);
  return "vector" in value ? { values: value.vector } : { rows: value.rows };
}

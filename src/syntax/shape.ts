/**
 * A cost must be a number. Without shapes, once we know which names are data columns, every column must
 * stand inside a `sum` or `mean` (the rule is src/expr's `columnsOutsideReductions`), and a column outside
 * any reduction is reported at its own position in the source. With shapes, the cost's shape must be
 * scalar; a formula of plain columns and scalars still gets the column's position.
 */
import {
  children,
  columnsOutsideReductions,
  type Expr,
  formatShape,
  hasRows,
  type Shape,
  type ShapeEnv,
  walkAll,
} from "../expr/index.js";
import type { Spans } from "./build.js";
import { ParseError, type Span } from "./error.js";

/** A test of whether a span lies inside one of `outer` (binary search over their sorted, merged extents). */
function insideAny(outer: readonly Span[]): (a: Span) => boolean {
  const merged: [number, number][] = [];
  for (const s of [...outer].sort((p, q) => p.offset - q.offset)) {
    const last = merged.at(-1);
    if (last && s.offset <= last[1]) last[1] = Math.max(last[1], s.offset + s.length);
    else merged.push([s.offset, s.offset + s.length]);
  }
  return (a) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = merged[mid]!;
      if (a.offset < start) hi = mid - 1;
      else if (a.offset >= end) lo = mid + 1;
      else return a.offset + a.length <= end;
    }
    return false;
  };
}

/** Throws a ParseError at the first data column that `e` uses outside `sum`/`mean`. */
export function checkShape(
  e: Expr,
  data: ReadonlySet<string>,
  spans: Spans,
  source: string,
  file?: string,
  /** What must be a number, for the message. */
  subject = "the cost",
): void {
  const [column] = columnsOutsideReductions(e, data);
  if (column === undefined) return;
  const reductionSpans = [...spans].filter(([node]) => node.kind === "reduce").flatMap(([, s]) => s);
  const columnSpans = [...spans].find(([node]) => node.kind === "sym" && node.name === column)?.[1] ?? [];
  const inside = insideAny(reductionSpans);
  const span = columnSpans.find((s) => !inside(s)) ??
    columnSpans[0] ?? { offset: 0, line: 1, column: 1, length: 1 };
  throw new ParseError(
    `'${column}' is a data column, so ${subject} would be a column too, not a number; wrap it in mean(…) or sum(…)`,
    span,
    source,
    file,
  );
}

/**
 * Throws a ParseError unless `e`, of shape `shape` under `env`, is a number: at the first data column outside
 * `sum`/`mean` when `e` is made of scalars and plain columns only (the message of {@link checkShape}), else
 * at `span`, naming the shape.
 */
export function checkScalar(
  e: Expr,
  shape: Shape,
  env: ShapeEnv,
  at: { readonly spans: Spans; readonly span: Span; readonly source: string; readonly file?: string },
  subject = "the cost",
  /** What must be a number, for the message naming the shape. */
  whole = subject,
): void {
  if (shape.length === 0) return;
  // Outside the reductions, only scalars, plain columns and elementwise operators: the old rule's case.
  const columns = new Set<string>();
  const outside = walkAll([e], { children: (n) => (n.kind === "reduce" ? [] : children(n)) });
  const plain = outside.every((node) => {
    if (node.kind === "sym") {
      const s = env(node.name) ?? [];
      if (s.length === 1 && s[0] === "n") columns.add(node.name);
      return s.length === 0 || columns.has(node.name);
    }
    return (
      node.kind !== "matmul" && node.kind !== "transpose" && node.kind !== "along" && node.kind !== "size"
    );
  });
  if (plain) checkShape(e, columns, at.spans, at.source, at.file, subject);
  const hint = hasRows(shape)
    ? "one value per data row; wrap it in mean(…) or sum(…)"
    : "reduce it to one number, with sum(…) or mean(…) for instance";
  throw new ParseError(
    `${whole} must be a number, but its shape is ${formatShape(shape)}: ${hint}`,
    at.span,
    at.source,
    at.file,
  );
}

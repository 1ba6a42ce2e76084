/**
 * Shape checking: once we know which names are data columns, a cost must be a scalar, so every column must
 * stand inside a `sum` or `mean`. A column outside any reduction is reported at its own position.
 */
import { children, type Expr } from "../expr/index.js";
import type { Spans } from "./build.js";
import { ParseError, type Span } from "./error.js";

/** The data names that `e` uses outside any reduction, in order of first appearance. */
export function columnsOutsideReductions(e: Expr, data: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const seen = new Set<number>();
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    if (node.kind === "sym" && data.has(node.name)) found.add(node.name);
    if (node.kind !== "reduce") stack.push(...[...children(node)].reverse());
  }
  return [...found];
}

const inside = (a: Span, b: Span) => a.offset >= b.offset && a.offset + a.length <= b.offset + b.length;

/** Throws a ParseError at the first data column that `e` uses outside `sum`/`mean`. */
export function checkShape(
  e: Expr,
  data: ReadonlySet<string>,
  spans: Spans,
  source: string,
  file?: string,
): void {
  const [column] = columnsOutsideReductions(e, data);
  if (column === undefined) return;
  const reductionSpans = [...spans].filter(([node]) => node.kind === "reduce").flatMap(([, s]) => s);
  const columnSpans = [...spans].find(([node]) => node.kind === "sym" && node.name === column)?.[1] ?? [];
  const span = columnSpans.find((s) => !reductionSpans.some((r) => inside(s, r))) ??
    columnSpans[0] ?? { offset: 0, line: 1, column: 1, length: 1 };
  throw new ParseError(
    `'${column}' is a data column, so the cost would be a column too, not a number; wrap it in mean(…) or sum(…)`,
    span,
    source,
    file,
  );
}

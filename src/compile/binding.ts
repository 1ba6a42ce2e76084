/**
 * Binding a formula's names before code generation: each name is a parameter (an index into the parameter
 * vector) or a data column (a checked Float64Array copy), never both, and the formula is a scalar. Every
 * problem is a CompileError naming what is wrong; after this nothing user-written reaches generated code.
 */
import { columnsOutsideReductions, type Expr, freeSymbols } from "../expr/index.js";
import { namedEntries } from "../text/byName.js";
import { CompileError } from "./compileError.js";
import { copyNumbers } from "./numberArray.js";

/** The names of a formula resolved to positions: parameters in the vector, columns in `columns`. */
export interface Binding {
  readonly params: readonly string[];
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Copies of the data columns the formula uses, in order of first appearance. */
  readonly columns: readonly Float64Array[];
  readonly columnIndex: ReadonlyMap<string, number>;
  /** The common length of the data columns given; undefined when no data is given. */
  readonly rows: number | undefined;
}

const quote = (names: readonly string[]) => names.map((n) => `'${n}'`).join(", ");

/** Resolves every name of `expr` against `params` and `data`, or throws a CompileError. */
export function bindNames(
  expr: Expr,
  params: readonly string[],
  data: ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>> = new Map(),
): Binding {
  const paramIndex = new Map(params.map((name, i) => [name, i]));
  if (paramIndex.size !== params.length) {
    const repeated = params.filter((name, i) => params.indexOf(name) !== i);
    throw new CompileError(`parameter ${quote([...new Set(repeated)])} is listed more than once`);
  }
  const given = new Map<string, Float64Array>();
  let rows: number | undefined;
  for (const [name, values] of namedEntries(data)) {
    const column = checkedColumn(name, values, rows);
    rows ??= column.length;
    given.set(name, column);
  }
  const both = params.filter((name) => given.has(name));
  if (both.length > 0) throw new CompileError(`${quote(both)} cannot be both a parameter and a data column`);
  const names = freeSymbols(expr);
  const unbound = names.filter((name) => !paramIndex.has(name) && !given.has(name));
  if (unbound.length > 0)
    throw new CompileError(
      `no value for ${quote(unbound)}: list ${unbound.length > 1 ? "them" : "it"} in params or give ${unbound.length > 1 ? "them" : "it"} as data`,
    );
  const outside = columnsOutsideReductions(expr, new Set(given.keys()));
  if (outside.length > 0)
    throw new CompileError(
      `the formula is not a number: data column ${quote(outside)} is used outside sum(…) or mean(…)`,
    );
  const used = names.filter((name) => given.has(name));
  return {
    params,
    paramIndex,
    columns: used.map((name) => given.get(name)!),
    columnIndex: new Map(used.map((name, i) => [name, i])),
    rows,
  };
}

/** The checked copies made within {@link withCheckedColumns}, by the array each copies. */
let checkedCopies: Map<ArrayLike<number>, Float64Array> | undefined;

/**
 * Runs `run` keeping each data column's checked copy, so that binding the same array again within it (a
 * cost, then its residuals) takes that copy instead of copying and checking 10⁶ rows again. The copies are
 * dropped when `run` returns: a later call copies afresh and sees data changed in between.
 */
export function withCheckedColumns<T>(run: () => T): T {
  if (checkedCopies !== undefined) return run();
  checkedCopies = new Map();
  try {
    return run();
  } finally {
    checkedCopies = undefined;
  }
}

/** A finite Float64Array copy of `values`, of `rows` rows when another column fixed that already. */
function checkedColumn(name: string, values: ArrayLike<number>, rows: number | undefined): Float64Array {
  if (values === null || typeof values !== "object" || typeof values.length !== "number")
    throw new CompileError(`data column '${name}' is not an array of numbers`);
  if (values.length === 0) throw new CompileError(`data column '${name}' has no rows`);
  if (rows !== undefined && values.length !== rows)
    throw new CompileError(
      `data column '${name}' has ${values.length} rows, but the other columns have ${rows}`,
    );
  const kept = checkedCopies?.get(values);
  if (kept !== undefined) return kept;
  const column = copyNumbers(values, `data column '${name}'`);
  // a plain loop: a callback per row (findIndex) costs more than copying the column
  for (let bad = 0; bad < column.length; bad++)
    if (!Number.isFinite(column[bad]!))
      throw new CompileError(
        `data column '${name}' has a non-finite value (${values[bad]}) at row ${bad + 1}`,
      );
  checkedCopies?.set(values, column);
  return column;
}

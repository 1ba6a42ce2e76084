/**
 * Compiling residuals for least squares: the weighted residuals R_k = √w_k·r_k of a cost Σ w_k·r_k², and
 * their exact Jacobian, from the symbolic gradient of each residual. A residual over data rows is compiled
 * once as a function of the parameters and of one row's values (its data-only reductions, such as
 * `mean(y)`, folded to numbers first), then called row by row: one residual and one Jacobian row per data
 * row. So Σ R_k² is the cost, and 2·JᵀR its gradient.
 */
import { gradient } from "../diff/index.js";
import {
  type Expr,
  freeSymbols,
  num,
  type ReduceOp,
  reduce,
  replace,
  type SquaredTerm,
  walk,
} from "../expr/index.js";
import { bindNames } from "./binding.js";
import type { CompileOptions } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { generateKernel } from "./kernel.js";

/** Where one term's residuals are in the residual vector. */
export interface ResidualBlock {
  /** The unweighted residual r of the term (a row expression when `over` is set). */
  readonly residual: Expr;
  readonly over: ReduceOp | undefined;
  /** Index of the term's first residual. */
  readonly first: number;
  /** Its number of residuals: 1, or the number of data rows. */
  readonly count: number;
  /** √(weight per residual): R = scale·r (for `mean`, the weight over the number of rows). */
  readonly scale: number;
}

/** The residual vector of a least-squares cost and its Jacobian; parameter vectors in the order of `params`. */
export interface CompiledResiduals {
  readonly params: readonly string[];
  /** m, the number of residuals. */
  readonly count: number;
  /** The terms' residuals, in order. */
  readonly blocks: readonly ResidualBlock[];
  /** Writes the weighted residuals at `p` into `r` (length m). */
  residuals(p: Float64Array, r: Float64Array): void;
  /** Writes the weighted residuals into `r` and their m×n Jacobian into `jacobian`, column-major (J[i + j·m]). */
  jacobian(p: Float64Array, r: Float64Array, jacobian: Float64Array): void;
  /**
   * `jacobian` for the residuals `from` to `from + count - 1` only: residual `from + i` into `r[i]`, its
   * Jacobian row into `jacobian[i + j·count]`. A caller that reduces J (to JᵀJ) goes through it a window at a
   * time, without holding all m×n of it: the same numbers as `jacobian`'s.
   */
  jacobianRows(p: Float64Array, from: number, count: number, r: Float64Array, jacobian: Float64Array): void;
}

/**
 * Writes a block's weighted residuals at `p` that fall in the window of residuals [from, from + m) into `r`
 * (residual k at k − from) and, when given, their Jacobian rows (of the window's m-row J).
 */
type Fill = (
  p: Float64Array,
  r: Float64Array,
  jacobian: Float64Array | undefined,
  m: number,
  from: number,
) => void;

/**
 * Compiles the residuals of `terms` (as `sumOfSquares` returns them) over `options.params` and data.
 * Throws CompileError for unbound names or bad data columns, as `compile` does.
 */
export function compileResiduals(terms: readonly SquaredTerm[], options: CompileOptions): CompiledResiduals {
  const blocks: ResidualBlock[] = [];
  const fills: Fill[] = [];
  let count = 0;
  for (const term of terms) {
    const [block, fill] = compileTerm(term, count, options);
    blocks.push(block);
    fills.push(fill);
    count += block.count;
  }
  return {
    params: options.params,
    count,
    blocks,
    residuals(p, r) {
      for (const fill of fills) fill(p, r, undefined, count, 0);
    },
    jacobian(p, r, jacobian) {
      for (const fill of fills) fill(p, r, jacobian, count, 0);
    },
    jacobianRows(p, from, rows, r, jacobian) {
      // only the blocks the window overlaps (blocks are in order of their first residual): a window per
      // 4096 residuals calling every block's fill would be quadratic in the number of scalar terms
      let lo = 0;
      let hi = blocks.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const b = blocks[mid]!;
        if (b.first + b.count <= from) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < blocks.length && blocks[k]!.first < from + rows; k++)
        fills[k]!(p, r, jacobian, rows, from);
    },
  };
}

function compileTerm(term: SquaredTerm, first: number, options: CompileOptions): [ResidualBlock, Fill] {
  const { params } = options;
  const n = params.length;
  const { residual, over } = term;
  // checked as the cost would be: every name bound, columns finite and of one length
  // residuals are compiled from a lowered cost, whose data are columns
  const binding = bindNames(
    over ? reduce("sum", residual) : residual,
    params,
    options.data as Parameters<typeof bindNames>[2],
  );
  const rows = over ? (binding.rows ?? 1) : 1;
  const scale = Math.sqrt(over === "mean" ? term.weight / rows : term.weight);
  const block: ResidualBlock = { residual, over, first, count: rows, scale };
  const g = new Float64Array(n);
  if (!over) {
    const kernel = generateKernel(
      [{ name: "term", returns: residual, writes: gradient(residual, params) }],
      binding,
    );
    const instance = kernel.instantiate(binding.columns);
    instance.bind(binding.rows ?? 1);
    return [
      block,
      (p, r, jacobian, m, from) => {
        const k = first - from;
        if (k < 0 || k >= m) return;
        r[k] = scale * instance.term(p, g);
        if (jacobian) for (let j = 0; j < n; j++) jacobian[k + j * m] = scale * g[j]!;
      },
    ];
  }
  const columnOf = (name: string) => binding.columns[binding.columnIndex.get(name)!]!;
  const values = new Map([...binding.columnIndex.keys()].map((name) => [name, columnOf(name)]));
  const folded = new Map(
    walk(residual)
      .filter((e) => e.kind === "reduce")
      .map((e) => [e.id, num(evaluate(e, values))]),
  );
  const row = replace(residual, folded);
  const columns = freeSymbols(row).filter((name) => binding.columnIndex.has(name));
  // one row's values are parameters of the row kernel, after the real ones
  const rowBinding = bindNames(row, [...params, ...columns]);
  const kernel = generateKernel([{ name: "row", returns: row, writes: gradient(row, params) }], rowBinding);
  const instance = kernel.instantiate([]);
  instance.bind(1);
  const data = columns.map(columnOf);
  const q = new Float64Array(n + columns.length);
  return [
    block,
    (p, r, jacobian, m, from) => {
      q.set(p);
      const end = Math.min(rows, from + m - first);
      for (let i = Math.max(0, from - first); i < end; i++) {
        for (let c = 0; c < data.length; c++) q[n + c] = data[c]![i]!;
        const k = first + i - from;
        r[k] = scale * instance.row(q, g);
        if (jacobian) for (let j = 0; j < n; j++) jacobian[k + j * m] = scale * g[j]!;
      }
    },
  ];
}

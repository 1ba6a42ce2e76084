/**
 * What an optimum means. For any cost: the Hessian's eigenvalues at the final point (is it a minimum, and
 * how well determined: the condition number). For a least-squares fit to data (one residual a row): the
 * regression summary from the exact Jacobian J of the residuals, covariance σ²(JᵀJ)⁻¹ with σ² = RSS/(m − n),
 * standard errors, 95% confidence intervals from Student's t, R² and the residual standard error. And which
 * parameters the data or the cost do not determine: those that do not occur in it, and those in the null
 * space of JᵀJ (least squares) or of the Hessian.
 */
import { type CompiledObjective, type CompiledResiduals, compileResiduals } from "../compile/index.js";
import { type Expr, freeSymbols, type SquaredTerm } from "../expr/index.js";
import { type Eigen, symmetricEigen } from "../optimize/index.js";
import { studentTQuantile } from "./studentT.js";

/** The statistics of an optimum; the regression fields only for a least-squares fit to data rows. */
export interface FitStatistics {
  /** 1 − RSS/TSS, where the residual is `y − f` or `f − y` for a data column y. */
  readonly rSquared?: number;
  /** σ = √(RSS/dof). */
  readonly residualStandardError?: number;
  /** Degrees of freedom: rows − parameters. */
  readonly dof?: number;
  /** √(diagonal of the covariance), by parameter name. */
  readonly standardErrors?: Readonly<Record<string, number>>;
  /** σ²(JᵀJ)⁻¹, in the order of the parameters. */
  readonly covariance?: readonly (readonly number[])[];
  /** 95% confidence intervals, value ± t(0.975, dof)·standard error, by parameter name. */
  readonly confidenceIntervals?: Readonly<Record<string, readonly [number, number]>>;
  /** Largest over smallest eigenvalue of the Hessian of the cost; Infinity when the smallest is ≤ 0. */
  readonly conditionNumber: number;
  /** The Hessian's smallest eigenvalue: negative means the point is not a minimum. */
  readonly smallestEigenvalue: number;
  /** The Hessian's largest eigenvalue. */
  readonly largestEigenvalue: number;
}

/** The statistics, the parameters that are not identified, and a sentence saying so (empty when all are). */
export interface OptimumAnalysis {
  readonly statistics: FitStatistics;
  readonly unidentified: string[];
  readonly note: string;
}

/** Eigenvalues at most this fraction of the largest count as zero. */
const NULL_EIGENVALUE = 1e-10;

/** Analyses the optimum `x` of `cost` (compiled as `objective`; `squares` when it is a sum of squares). */
export function analyseOptimum(
  cost: Expr,
  objective: CompiledObjective,
  x: Float64Array,
  squares: readonly SquaredTerm[] | undefined,
  options: { readonly data: ReadonlyMap<string, ArrayLike<number>>; residuals?: CompiledResiduals },
): OptimumAnalysis | undefined {
  const { params } = objective;
  const n = params.length;
  if (n === 0 || !x.every(Number.isFinite)) return undefined;
  objective.useRows?.(undefined);
  const h = new Float64Array(n * n);
  objective.hessian(x, h);
  if (!h.every(Number.isFinite)) return undefined;
  const hessian = symmetricEigen(h, n);
  const smallest = hessian.values[0]!;
  const largest = hessian.values[n - 1]!;
  const statistics: FitStatistics = {
    conditionNumber: smallest > 0 ? largest / smallest : Number.POSITIVE_INFINITY,
    smallestEigenvalue: smallest,
    largestEigenvalue: largest,
  };
  const used = new Set(freeSymbols(cost));
  const absent = params.filter((p) => !used.has(p));
  const residuals = squares
    ? (options.residuals ?? compileResiduals(squares, { params, data: options.data }))
    : undefined;
  const normalEquations = residuals ? reducedJacobian(residuals, x) : undefined;
  // JᵀJ for least squares (its null space is exactly what the data cannot determine), else the Hessian
  const normal = normalEquations ? symmetricEigen(normalEquations.gram, n) : hessian;
  const scale = maxAbs(normal.values);
  const nullVectors = normal.vectors.filter((_, k) => Math.abs(normal.values[k]!) <= NULL_EIGENVALUE * scale);
  const rank = n - nullVectors.length;
  const inNullSpace = params.filter(
    (p, j) => !absent.includes(p) && nullVectors.some((v) => Math.abs(v[j]!) > 0.1 * maxAbs(v)),
  );
  const fit =
    squares?.length === 1 && squares[0]!.over !== undefined && normalEquations && rank === n
      ? regression(squares[0]!, { ...normalEquations, normal }, x, params, options.data)
      : {};
  return {
    statistics: { ...fit, ...statistics },
    unidentified: [...absent, ...inNullSpace],
    note: unidentifiedNote(absent, inNullSpace, rank, n - absent.length, normalEquations !== undefined),
  };
}

/** Rows of the Jacobian held at a time while it is reduced. */
const WINDOW = 4096;

/**
 * What the summary needs of the unweighted residuals r and their Jacobian J at x: JᵀJ (row-major n×n),
 * RSS = Σ r² and the number of residuals m. J is gone through a window of rows at a time rather than held
 * whole (m×n numbers: 16 MB for two parameters and 10⁶ rows), each sum still taken row after row in order.
 */
function reducedJacobian(residuals: CompiledResiduals, x: Float64Array) {
  const m = residuals.count;
  const n = x.length;
  const size = Math.min(m, WINDOW);
  const r = new Float64Array(size);
  const j = new Float64Array(size * n);
  const gram = new Float64Array(n * n);
  let rss = 0;
  // the loops over a window's rows are functions of their own, which V8 optimizes after a few windows
  for (let from = 0; from < m; from += size) {
    const count = Math.min(size, m - from);
    residuals.jacobianRows(x, from, count, r, j);
    for (const block of residuals.blocks) {
      const first = Math.max(block.first, from);
      const end = Math.min(block.first + block.count, from + count);
      if (first < end) unscale(r, j, count, n, first - from, end - from, block.scale);
    }
    rss = addSquares(rss, r, count);
    addGram(gram, j, count, n);
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) gram[b * n + a] = gram[a * n + b]!;
  return { gram, rss, m };
}

/** Divides rows [first, end) of the window's residuals r and Jacobian j (`count`×n) by `scale`. */
function unscale(
  r: Float64Array,
  j: Float64Array,
  count: number,
  n: number,
  first: number,
  end: number,
  scale: number,
): void {
  for (let i = first; i < end; i++) {
    r[i]! /= scale;
    for (let k = 0; k < n; k++) j[i + k * count]! /= scale;
  }
}

/** `sum` plus the squares of r[0, count), added in order. */
function addSquares(sum: number, r: Float64Array, count: number): number {
  for (let i = 0; i < count; i++) sum += r[i]! * r[i]!;
  return sum;
}

/** Adds the window's JᵀJ (a column-major `count`×n j) to the upper triangle of the row-major n×n `gram`. */
function addGram(gram: Float64Array, j: Float64Array, count: number, n: number): void {
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let sum = gram[a * n + b]!;
      for (let i = 0; i < count; i++) sum += j[i + a * count]! * j[i + b * count]!;
      gram[a * n + b] = sum;
    }
}

function maxAbs(v: Float64Array): number {
  let largest = 0;
  for (const x of v) largest = Math.max(largest, Math.abs(x));
  return largest;
}

/** The regression summary of a full-rank least-squares fit over data rows. */
function regression(
  term: SquaredTerm,
  jacobian: { readonly rss: number; readonly m: number; readonly normal: Eigen },
  x: Float64Array,
  params: readonly string[],
  data: ReadonlyMap<string, ArrayLike<number>>,
): Partial<FitStatistics> {
  const { rss, m } = jacobian;
  const n = params.length;
  const observed = observedColumn(term.residual, data);
  const rSquared = observed ? 1 - rss / totalSumOfSquares(observed) : undefined;
  const dof = m - n;
  if (dof <= 0) return { ...(rSquared !== undefined ? { rSquared } : {}), dof };
  const sigma2 = rss / dof;
  const { values, vectors } = jacobian.normal;
  const covariance = params.map((_, a) =>
    params.map((__, b) => sigma2 * vectors.reduce((s, v, k) => s + (v[a]! * v[b]!) / values[k]!, 0)),
  );
  const t = studentTQuantile(0.975, dof);
  const se = params.map((_, a) => Math.sqrt(covariance[a]![a]!));
  return {
    ...(rSquared !== undefined ? { rSquared } : {}),
    residualStandardError: Math.sqrt(sigma2),
    dof,
    standardErrors: Object.fromEntries(params.map((p, a) => [p, se[a]!])),
    covariance,
    confidenceIntervals: Object.fromEntries(
      params.map((p, a) => [p, [x[a]! - t * se[a]!, x[a]! + t * se[a]!] as const]),
    ),
  };
}

/** The data column y of a residual `… − y` or `y − …` (a term of the residual that is a column, ±1 times). */
function observedColumn(
  residual: Expr,
  data: ReadonlyMap<string, ArrayLike<number>>,
): ArrayLike<number> | undefined {
  if (residual.kind !== "add") return undefined;
  for (const t of residual.terms) {
    const name =
      t.kind === "sym"
        ? t.name
        : t.kind === "mul" &&
            t.factors.length === 2 &&
            t.factors[0]!.kind === "num" &&
            t.factors[0].value === -1 &&
            t.factors[1]!.kind === "sym"
          ? t.factors[1].name
          : undefined;
    if (name !== undefined && data.has(name)) return data.get(name);
  }
  return undefined;
}

function totalSumOfSquares(y: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i]! - mean) ** 2;
  return sum;
}

const list = (names: readonly string[]) =>
  names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

function unidentifiedNote(
  absent: readonly string[],
  inNullSpace: readonly string[],
  rank: number,
  of: number,
  leastSquares: boolean,
): string {
  const sentences: string[] = [];
  if (absent.length > 0)
    sentences.push(
      `${list(absent)} ${absent.length === 1 ? "does" : "do"} not occur in the cost, so ${absent.length === 1 ? "it is" : "they are"} not identified (left at the start).`,
    );
  if (inNullSpace.length > 0)
    sentences.push(
      `${list(inNullSpace)} ${inNullSpace.length === 1 ? "is" : "are"} not identified: the ${leastSquares ? "Jacobian" : "Hessian"} ` +
        `has rank ${rank} for ${of} parameters, so only ${rank === 0 ? "nothing" : "some combinations"} of them ${rank === 0 ? "is" : "are"} determined.`,
    );
  return sentences.join(" ");
}

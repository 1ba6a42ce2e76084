/**
 * Reverse mode in matrix form: the gradient of a scalar cost by vector and matrix parameters as one
 * expression each, of the parameter's shape, in the language itself (`X'@(2*(X@w - y))/rows(X)`), never
 * entry by entry. One backward sweep over the shared tree; each node kind has one local rule, a
 * vector-Jacobian product (`vjp`, the table below): the elementwise kinds take their partials from
 * `partials.ts` and sum over the dimensions an operand was broadcast along; `@`, `'`, the reductions along a
 * dimension and the sizes have rules of their own. Adjoints are kept as `adjoint.ts` describes.
 */
import {
  along,
  call,
  children,
  type Expr,
  FUNCTIONS,
  formatShape,
  matmul,
  mul,
  num,
  pass,
  pow,
  reduce,
  type Shape,
  type ShapeEnv,
  shapes,
  sizeOf,
  sub,
  transpose,
  walk,
} from "../expr/index.js";
import { SymgradError } from "../text/symgradError.js";
import {
  type Adjoint,
  built,
  combine,
  inexpressible,
  type PendingAdjoint,
  SEED,
  type ShapeContext,
  times,
  unbroadcast,
  written,
} from "./adjoint.js";
import { partials } from "./partials.js";

const exp = (x: Expr) => call(FUNCTIONS.get("exp")!, [x]);

/** The shapes and sizes of a formula's expressions under `env`, shared by one differentiation. */
export function shapeContext(e: Expr, env: ShapeEnv): ShapeContext {
  const memo = new Map<Expr, Shape>();
  const shape = (x: Expr) => shapes([x], env, memo)(x);
  const shapeOfName = (name: Expr) => (name.kind === "sym" ? (env(name.name) ?? []) : []);
  // the data rows are written `rows(X)` after the first name that has them, a data matrix if there is one;
  // without one, `sum(1)`, which is the number of rows by the language's rule sum(c) = n*c
  const data = walk(e).filter((node) => shapeOfName(node).includes("n"));
  const named = data.find((node) => shapeOfName(node).length === 2) ?? data[0];
  const n = named
    ? sizeOf(shapeOfName(named).indexOf("n") === 0 ? "rows" : "cols", named)
    : reduce("sum", num(1));
  const size = (node: Expr, i: number): Expr => {
    const d = shape(node)[i]!;
    if (typeof d === "number") return num(d);
    return d === "n" ? n : sizeOf(i === 0 ? "rows" : "cols", node);
  };
  return { shape, size, rows: n };
}

/**
 * ∂e/∂p for each p of `params` as one expression broadcasting to p's shape (a scalar when every entry is the
 * same), unsimplified. `e` must be a scalar; throws a SymgradError when it is not, or when a derivative
 * needs an outer product of two vectors.
 */
export function matrixGradient(e: Expr, params: readonly string[], env: ShapeEnv): Expr[] {
  const cx = shapeContext(e, env);
  const costShape = cx.shape(e);
  if (costShape.length > 0)
    throw new SymgradError(
      `a derivative in matrix form is of a scalar cost, but this formula is ${formatShape(costShape)}; wrap it in sum(…) or mean(…)`,
    );
  const wanted = new Set(params);
  const depends = pass<boolean>([e], (node, d) =>
    node.kind === "sym" ? wanted.has(node.name) : children(node).some(d),
  );
  const adjoints = new Map<Expr, PendingAdjoint[]>([[e, [SEED]]]);
  const found = new Map<string, Adjoint>();
  for (const node of walk(e).reverse()) {
    const parts = adjoints.get(node);
    if (!parts) continue;
    // one contribution stays pending through a chain of entrywise nodes; several are added, built
    const a =
      parts.length === 1
        ? parts[0]!
        : combine(parts.map(built), cx, node.kind === "sym" ? node.name : params.join(", "));
    if (node.kind === "sym") {
      found.set(node.name, built(a));
      continue;
    }
    for (const [child, contribution] of vjp(node, a, cx, depends))
      if (depends(child)) {
        const list = adjoints.get(child) ?? [];
        list.push(contribution);
        adjoints.set(child, list);
      }
  }
  return params.map((p) => {
    const a = found.get(p);
    if (a === undefined) return num(0);
    const w = written(a, cx);
    if (w === undefined) throw inexpressible(p);
    return mul(a.scale, w);
  });
}

type Contribution = readonly [Expr, PendingAdjoint];

/**
 * The local rule of each node kind: the adjoint `a` of `node` pushed to its children, each at the child's
 * shape. Only children that `depends` accepts are asked for.
 */
function vjp(
  node: Expr,
  pending: PendingAdjoint,
  cx: ShapeContext,
  depends: (e: Expr) => boolean,
): Contribution[] {
  switch (node.kind) {
    case "num":
    case "sym":
    case "size":
      return [];
    case "add":
    case "mul":
    case "pow":
    case "call":
      // each operand gets the adjoint times its partial, summed over the dimensions it was broadcast along
      return partials(node, depends).map(({ child, partial }) => [
        child,
        unbroadcast(times(pending, partial, cx), cx.shape(node), cx.shape(child), node, cx),
      ]);
    default:
      return structural(node, built(pending), cx, depends);
  }
}

/** The rules of the node kinds that are not entrywise (their adjoint built). */
function structural(
  node: Exclude<Expr, { kind: "num" | "sym" | "size" | "add" | "mul" | "pow" | "call" }>,
  a: Adjoint,
  cx: ShapeContext,
  depends: (e: Expr) => boolean,
): Contribution[] {
  switch (node.kind) {
    case "reduce": {
      const body = cx.shape(node.body);
      // of a scalar body, sum(c) = n*c and mean(c) = c; else every entry counts once
      if (body.length === 0) return [[node.body, node.op === "sum" ? times(a, cx.rows, cx) : a]];
      if (node.op === "sum") return [[node.body, a]];
      return [
        [
          node.body,
          divided(
            a,
            body.map((_, i) => cx.size(node.body, i)),
          ),
        ],
      ];
    }
    case "matmul":
      return matmulRule(node, a, cx, depends);
    case "transpose":
      return [[node.arg, transposed(node, a, cx)]];
    case "along":
      return [[node.arg, alongRule(node, a, cx)]];
    default:
      return node satisfies never;
  }
}

/** `a` divided by the product of `sizes` (a mean's count). */
function divided(a: Adjoint, sizes: readonly Expr[]): Adjoint {
  return { ...a, scale: mul(a.scale, pow(mul(...sizes), num(-1))) };
}

type MatMulNode = Extract<Expr, { kind: "matmul" }>;

/**
 * `@`, numpy's four cases: with G the adjoint, dA = G@B' and dB = A'@G for two matrices, and the outer
 * products and dot products these become when an operand is a vector.
 */
function matmulRule(
  node: MatMulNode,
  a: Adjoint,
  cx: ShapeContext,
  depends: (e: Expr) => boolean,
): Contribution[] {
  const { left: A, right: B } = node;
  const [l, r] = [cx.shape(A).length, cx.shape(B).length];
  const g = a.row;
  const gRank = cx.shape(g).length;
  const { scale } = a;
  const out: Contribution[] = [];
  const push = (child: Expr, make: () => Omit<Adjoint, "scale">) => {
    if (depends(child)) out.push([child, { scale, ...make() }]);
  };
  if (l === 1 && r === 1) {
    push(A, () => ({ row: mul(g, B), col: undefined }));
    push(B, () => ({ row: mul(g, A), col: undefined }));
  } else if (l === 2 && r === 1) {
    push(A, () => (gRank === 0 ? { row: mul(g, B), col: undefined } : { row: B, col: g }));
    push(B, () => ({
      row: gRank === 0 ? mul(g, along("sum", A, 0)) : matmul(transpose(A), g),
      col: undefined,
    }));
  } else if (l === 1 && r === 2) {
    push(A, () => ({ row: gRank === 0 ? mul(g, along("sum", B, 1)) : matmul(B, g), col: undefined }));
    push(B, () => ({ row: g, col: A }));
  } else {
    const { col } = a;
    push(A, () => ({
      row: gRank === 2 ? matmul(g, transpose(B)) : gRank === 1 ? matmul(B, g) : mul(g, along("sum", B, 1)),
      col,
    }));
    push(B, () => {
      const wholeRows = gRank === 2 && cx.shape(g)[0] !== 1;
      if (col === undefined)
        return wholeRows ? { row: matmul(transpose(A), g), col } : { row: g, col: along("sum", A, 0) };
      const weighted = mul(transpose(A), col); // A' with column i scaled by col[i]
      return wholeRows
        ? { row: matmul(weighted, g), col: undefined }
        : { row: g, col: matmul(transpose(A), col) };
    });
  }
  return out;
}

/** `'`: the adjoint transposed (a column factor becomes a row factor and back). */
function transposed(node: Extract<Expr, { kind: "transpose" }>, a: Adjoint, cx: ShapeContext): Adjoint {
  if (cx.shape(node).length < 2) return a;
  const r = cx.shape(a.row).length;
  if (a.col === undefined)
    return r === 1 ? { scale: a.scale, row: num(1), col: a.row } : { ...a, row: transpose(a.row) };
  if (r === 2) return { scale: a.scale, row: mul(transpose(a.row), a.col), col: undefined };
  return r === 1
    ? { scale: a.scale, row: a.col, col: a.row }
    : { scale: a.scale, row: mul(a.row, a.col), col: undefined };
}

/** sum, mean, logsumexp and softmax along a dimension. */
function alongRule(node: Extract<Expr, { kind: "along" }>, a: Adjoint, cx: ShapeContext): Adjoint {
  const { op, arg, dim } = node;
  const matrix = cx.shape(arg).length === 2;
  /** `a` (one value per line along `dim`) spread back over the lines, times `p` (of arg's shape). */
  const spread = (p: Expr): Adjoint => {
    if (matrix && dim === 1 && cx.shape(a.row).length === 1) return { scale: a.scale, row: p, col: a.row };
    return { ...a, row: mul(a.row, p) };
  };
  switch (op) {
    case "sum":
      return spread(num(1));
    case "mean":
      return divided(spread(num(1)), [cx.size(arg, dim ?? 0)]);
    case "logsumexp":
      // the weights of the entries: a softmax along the same dimension
      return spread(
        dim === undefined
          ? matrix
            ? exp(sub(arg, node))
            : along("softmax", arg, 0)
          : along("softmax", arg, dim),
      );
    case "softmax": {
      // dA = y*G - y*sum(y*G, d), y the softmax
      const p = written({ ...a, row: mul(a.row, node) }, cx)!;
      const s = matrix ? along("sum", p, dim!) : reduce("sum", p);
      const back = matrix && dim === 1 ? transpose(mul(s, transpose(node))) : mul(node, s);
      return { scale: a.scale, row: sub(p, back), col: undefined };
    }
    default:
      return op satisfies never;
  }
}

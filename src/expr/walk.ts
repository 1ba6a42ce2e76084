/**
 * Generic traversals of an expression DAG, all iterative (any depth and width is fine): the children of a
 * node, a post-order walk that visits each shared node once, `pass` (the one memoised bottom-up pass that
 * every stage builds on), the names a formula uses, its size, and the names that look like data.
 */
import type { Expr } from "./expr.js";

/** The direct children of a node, in order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "num":
    case "sym":
      return [];
    case "add":
      return e.terms;
    case "mul":
      return e.factors;
    case "pow":
      return [e.base, e.exponent];
    case "call":
      return e.args;
    case "reduce":
      return [e.body];
    case "matmul":
      return [e.left, e.right];
    case "transpose":
    case "along":
    case "size":
      return [e.arg];
    default:
      return e satisfies never;
  }
}

/** What a walk may be told: which nodes are done already, and which children to descend into. */
export interface WalkOptions {
  /** Nodes not to visit (nor their children): results already known from an earlier pass. */
  readonly known?: (e: Expr) => boolean;
  /** The children to descend into; by default `children` (reverse mode stops at reductions). */
  readonly children?: (e: Expr) => readonly Expr[];
}

/**
 * The one traversal under `walkAll` and `pass`: calls `finish` on each node reachable from `roots` that is
 * not `done`, children first, operands left to right, and treats it as done from then on (a node still on
 * the path cannot be met again below it: the graph has no cycles). The path is three parallel stacks (no
 * object per node) whose top is `top`, written by index and left long (no push and pop per node); a leaf is
 * finished at once, never put on the path.
 */
function postOrder(
  roots: readonly Expr[],
  kidsOf: (e: Expr) => readonly Expr[],
  done: (e: Expr) => boolean,
  finish: (e: Expr) => void,
): void {
  const nodes: Expr[] = [];
  const kids: (readonly Expr[])[] = [];
  const next: number[] = [];
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r]!;
    if (done(root)) continue;
    nodes[0] = root;
    kids[0] = kidsOf(root);
    next[0] = 0;
    let top = 0;
    while (top >= 0) {
      const list = kids[top]!;
      const k = next[top]!;
      if (k === list.length) {
        finish(nodes[top]!);
        top--;
        continue;
      }
      next[top] = k + 1;
      const child = list[k]!;
      if (done(child)) continue;
      const below = kidsOf(child);
      if (below.length === 0) finish(child);
      else {
        top++;
        nodes[top] = child;
        kids[top] = below;
        next[top] = 0;
      }
    }
  }
}

/**
 * Every distinct node reachable from `roots` (an array of any length), children before parents, operands
 * left to right, skipping `known` nodes.
 */
export function walkAll(roots: readonly Expr[], options: WalkOptions = {}): Expr[] {
  const { known, children: kidsOf = children } = options;
  const whole = roots.length === 1 && known === undefined && kidsOf === children;
  if (whole) {
    const cached = lastWalk?.root.deref() === roots[0] ? lastWalk.order.deref() : undefined;
    if (cached !== undefined) return cached.slice();
  }
  const order: Expr[] = [];
  const seen = new Set<number>();
  postOrder(
    roots,
    kidsOf,
    known === undefined ? (e) => seen.has(e.id) : (e) => seen.has(e.id) || known(e),
    (e) => {
      seen.add(e.id);
      order.push(e);
    },
  );
  if (whole) lastWalk = { root: new WeakRef(roots[0]!), order: new WeakRef(order.slice()) };
  return order;
}

/**
 * The last whole walk of one root. Compiling walks the formula several times before it is changed (to
 * lower shapes, to bind names, to differentiate), each walk a hash set and a path over every node; held
 * weakly, it lasts as long as the caller's work does (a WeakRef's target made in a job lives to its end)
 * and keeps nothing alive after.
 */
let lastWalk: { readonly root: WeakRef<Expr>; readonly order: WeakRef<Expr[]> } | undefined;

/** `walkAll` of the roots given as arguments (for a few roots; pass an array to `walkAll` for many). */
export function walk(...roots: readonly Expr[]): Expr[] {
  return walkAll(roots);
}

/** A memo table of a pass: a `Map` for one call, a `WeakMap` for a cache that lives as long as the nodes. */
export interface Memo<T> {
  get(e: Expr): T | undefined;
  has(e: Expr): boolean;
  set(e: Expr, value: T): unknown;
}

/**
 * The memoised bottom-up pass: `rule(node, result)` for each node reachable from `roots` that `memo` does
 * not hold yet, children first, where `result(child)` is the child's value. Returns the lookup into `memo`.
 * A node's rule may read any node below it (all are done first), and each shared node runs once.
 */
export function pass<T>(
  roots: readonly Expr[],
  rule: (node: Expr, result: (e: Expr) => T) => T,
  memo: Memo<T> = new Map<Expr, T>(),
  options: Omit<WalkOptions, "known"> = {},
): (e: Expr) => T {
  const result = (e: Expr) => memo.get(e) as T;
  // `memo` itself tells which nodes are done: no set of visited nodes, no order array
  postOrder(
    roots,
    options.children ?? children,
    (e) => memo.has(e),
    (e) => memo.set(e, rule(e, result)),
  );
  return result;
}

/** The names used in `e`, in order of first appearance when read left to right. */
export function freeSymbols(e: Expr): string[] {
  const names: string[] = [];
  const nodes = walk(e);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.kind === "sym") names.push(n.name);
  }
  return names;
}

const sizes = new WeakMap<Expr, number>();

/**
 * The printed size: every operator, function, number and name counts one, and a shared subexpression
 * counts each time it is printed (`shared: true` counts it once). Cached per node: nodes are immutable.
 */
export function size(e: Expr, options?: { shared?: boolean }): number {
  // no default object: simplification asks thousands of times
  if (options?.shared) return walk(e).length;
  // a node measured before, or one whose children are (simplification asks for the sizes of new nodes
  // over measured ones, thousands of times in a big formula), needs no walk
  const known = sizes.get(e) ?? sizeFromChildren(e);
  if (known !== undefined) return known;
  return pass([e], (n) => sizeFromChildren(n)!, sizes)(e);
}

/** The printed size of `n` from its children's, when they are all known (then kept). */
function sizeFromChildren(n: Expr): number | undefined {
  const kids = children(n);
  let total = kids.length === 0 ? 1 : kids.length - 1 || 1;
  for (let i = 0; i < kids.length; i++) {
    const s = sizes.get(kids[i]!);
    if (s === undefined) return undefined;
    total += s;
  }
  sizes.set(n, total);
  return total;
}

/**
 * The names that look like data columns when nobody said which are: `x`, `y`, `x1`, `y_2` (or capitals)
 * standing inside a `sum` or `mean`, in order of first appearance.
 */
export function likelyData(...roots: readonly Expr[]): string[] {
  return likelyDataOf(roots);
}

/** `likelyData` of an array of roots of any length. */
export function likelyDataOf(roots: readonly Expr[]): string[] {
  const bodies = walkAll(roots).flatMap((n) => (n.kind === "reduce" ? [n.body] : []));
  const names = walkAll(bodies).flatMap((n) => (n.kind === "sym" ? [n.name] : []));
  return names.filter((name) => /^[xXyY](\d*|_\w+)$/.test(name));
}

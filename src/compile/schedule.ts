/**
 * Scheduling: where each node of a formula over data rows is computed. Level 0 holds the scalars known
 * before any loop over rows. Loop L accumulates, in one pass, every reduction whose body needs scalars of
 * level L-1 (so all reductions over the rows at one nesting depth share a loop), and the scalars of level L
 * are computed right after it, so nothing that is the same for every row is computed inside a loop. Inputs
 * (numbers, parameters, values fixed when data is bound) are known before level 0 and never descended into.
 */
import { children, type Expr, type Reduce, walkAll } from "../expr/index.js";

/** One nesting level: a loop over the rows (none at level 0), then the scalars it makes available. */
export interface Level {
  /** Row-wise nodes computed inside this level's loop, children before parents. */
  readonly rows: readonly Expr[];
  /** Reductions accumulated in this level's loop. */
  readonly reductions: readonly Reduce[];
  /** Scalars computed after the loop, children before parents; includes `reductions`. */
  readonly scalars: readonly Expr[];
}

/** Where every node needed for some roots is computed. */
export interface Plan {
  /** The inputs the roots reach, numbers excepted, children before parents. */
  readonly inputs: readonly Expr[];
  readonly levels: readonly Level[];
  /** Ids of the nodes that have one value per row. */
  readonly rowwise: ReadonlySet<number>;
}

/** The ids of the nodes of `order` (children first) that vary per row: columns and what is built on them outside reductions. */
export function rowwiseNodes(order: readonly Expr[], isColumn: (name: string) => boolean): Set<number> {
  const rowwise = new Set<number>();
  for (const e of order) {
    const varies =
      e.kind === "sym" ? isColumn(e.name) : e.kind !== "reduce" && children(e).some((c) => rowwise.has(c.id));
    if (varies) rowwise.add(e.id);
  }
  return rowwise;
}

/**
 * The ids of `seeds` and everything below them that `descend` lets through, given `order`, a topological
 * order (children first) that contains them all.
 */
function reach(order: readonly Expr[], seeds: readonly Expr[], descend: (e: Expr) => boolean): Set<number> {
  const marked = new Set(seeds.map((e) => e.id));
  for (let k = order.length - 1; k >= 0; k--) {
    const e = order[k]!;
    if (!marked.has(e.id) || !descend(e)) continue;
    const kids = children(e);
    for (let i = 0; i < kids.length; i++) marked.add(kids[i]!.id);
  }
  return marked;
}

/**
 * Schedules the computation of `roots` (scalars). `isInput` says which nodes are known before the first
 * statement; numbers always are. `rowwise` comes from `rowwiseNodes` over a walk that includes the roots;
 * `walked`, when the caller has it, is `walkAll(roots)`.
 */
export function schedule(
  roots: readonly Expr[],
  isInput: (e: Expr) => boolean,
  rowwise: ReadonlySet<number>,
  walked?: readonly Expr[],
): Plan {
  const order = walked ?? walkAll(roots);
  // asked once per node: every later question about a node is a set lookup
  const inputIds = new Set<number>();
  // indexed loops over every node: until V8 optimizes a function, for…of allocates at every step
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    if (e.kind === "num" || isInput(e)) inputIds.add(e.id);
  }
  const input = (e: Expr) => inputIds.has(e.id);
  const needed = reach(order, roots, (e) => !input(e));
  const used = order.filter((e) => needed.has(e.id));
  const level = new Map<number, number>();
  const isRow = (e: Expr) => rowwise.has(e.id);
  const levelOf = (e: Expr): number => {
    if (input(e)) return 0;
    if (e.kind === "reduce") return level.get(e.body.id)! + (isRow(e.body) ? 1 : 0);
    let l = 0;
    const kids = children(e);
    for (let i = 0; i < kids.length; i++) l = Math.max(l, level.get(kids[i]!.id)!);
    return l;
  };
  // each level's reductions and scalars, in the order of `used`
  const reductionsAt: Reduce[][] = [[]];
  const scalarsAt: Expr[][] = [[]];
  for (let k = 0; k < used.length; k++) {
    const e = used[k]!;
    const l = levelOf(e);
    level.set(e.id, l);
    for (let k = scalarsAt.length; k <= l; k++) {
      reductionsAt.push([]);
      scalarsAt.push([]);
    }
    if (input(e) || isRow(e)) continue;
    if (e.kind === "reduce" && isRow(e.body)) reductionsAt[l]!.push(e);
    scalarsAt[l]!.push(e);
  }
  const levels = scalarsAt.map((scalars, l): Level => {
    const reductions = reductionsAt[l]!;
    if (reductions.length === 0) return { rows: [], reductions, scalars };
    const inLoop = reach(
      order,
      reductions.map((r) => r.body),
      isRow,
    );
    return { rows: used.filter((e) => isRow(e) && inLoop.has(e.id)), reductions, scalars };
  });
  return { inputs: used.filter((e) => e.kind !== "num" && input(e)), levels, rowwise };
}

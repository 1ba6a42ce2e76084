/**
 * A kernel: some entry points of one formula (value, gradient, Hessian), planned once for every target and
 * handed to a renderer (JavaScript by default, see renderer.ts). What depends on the data only (`mean(y)`,
 * `sum(x^2)`) is planned as the kernel's `bind`, computed into the array K when the rows are set, so the
 * entry points, which run at every step, read it instead of recomputing it.
 */
import { children, type Expr, walkAll } from "../expr/index.js";
import type { Binding } from "./binding.js";
import type { Precision } from "./codegen.js";
import { jsRenderer } from "./jsRenderer.js";
import type {
  EntryFunction,
  InputSource,
  Instance,
  Kernel,
  KernelPlan,
  PlannedEntry,
  Renderer,
} from "./renderer.js";
import { rowwiseNodes, schedule } from "./schedule.js";

export {
  type Column,
  columnFor,
  type EntryFunction,
  type Instance,
  type Kernel,
} from "./renderer.js";

/** An entry point: a function of the parameter vector `p` that returns one root and/or writes some into `g`. */
export interface Entry<Name extends string> {
  readonly name: Name;
  readonly returns?: Expr;
  readonly writes?: readonly Expr[];
}

/** Nodes beyond which an entry that writes what another entry writes and returns simply calls that one. */
const SHARED_ENTRY_NODES = 2000;

/**
 * Plans the kernel for `entries`, with names resolved by `binding`, computing in `precision`: every entry's
 * schedule, and the data-only parts (constants) its inputs read, numbered in the order entries first read them.
 */
export function planKernel<Name extends string>(
  entries: readonly Entry<Name>[],
  binding: Binding,
  precision: Precision = "f64",
): KernelPlan<Name> {
  const rootsOf = (entry: Entry<Name>) => [
    ...(entry.writes ?? []),
    ...(entry.returns ? [entry.returns] : []),
  ];
  const order = walkAll(entries.flatMap(rootsOf));
  // without data nothing varies per row
  const rowwise =
    binding.columnIndex.size === 0
      ? new Set<number>()
      : rowwiseNodes(order, (name) => binding.columnIndex.has(name));
  const onParams = new Set<number>();
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    if (e.kind === "sym" ? binding.paramIndex.has(e.name) : someChild(e, onParams)) onParams.add(e.id);
  }
  const isParam = (e: Expr) => e.kind === "sym" && binding.paramIndex.has(e.name);
  const isConstant = (e: Expr) => e.kind !== "num" && !onParams.has(e.id) && !rowwise.has(e.id);

  const constants: Expr[] = [];
  const slot = new Map<number, number>();
  // a big formula's gradient alone is its valueAndGradient: the value adds little, generating it twice much
  const supersets = entries.map((entry) =>
    order.length > SHARED_ENTRY_NODES && entry.returns === undefined
      ? entries.find((other) => other.writes === entry.writes && other.returns !== undefined)
      : undefined,
  );
  // one entry scheduled, the others calling it: its roots hold all the others', so `order` is its walk
  const alone = supersets.filter((superset) => superset === undefined).length === 1;
  const planned = entries.map((entry, i): PlannedEntry<Name> => {
    const writes = entry.writes ?? [];
    const returns = entry.returns ? { returns: entry.returns } : {};
    const superset = supersets[i];
    if (superset !== undefined) return { name: entry.name, writes, ...returns, how: { via: superset.name } };
    const isInput = (e: Expr) => isParam(e) || isConstant(e);
    const plan = schedule(rootsOf(entry), isInput, rowwise, alone ? order : undefined);
    for (const e of plan.inputs) if (!isParam(e) && !slot.has(e.id)) slot.set(e.id, constants.push(e) - 1);
    return { name: entry.name, writes, ...returns, how: { plan } };
  });
  return {
    entries: planned,
    constants,
    bind: schedule(constants, () => false, rowwise),
    input: (e): InputSource =>
      e.kind === "sym" && isParam(e)
        ? { param: binding.paramIndex.get(e.name)! }
        : { constant: slot.get(e.id)! },
    column: (name) => binding.columnIndex.get(name)!,
    columns: binding.columns.length,
    params: binding.params.length,
    precision,
  };
}

/** True when a child of `e` is in `ids` (a loop: no callback per node). */
function someChild(e: Expr, ids: ReadonlySet<number>): boolean {
  const kids = children(e);
  for (let i = 0; i < kids.length; i++) if (ids.has(kids[i]!.id)) return true;
  return false;
}

/**
 * Generates the kernel for `entries` (see `planKernel`) with `renderer`, JavaScript unless told otherwise
 * (in f32 parameters are rounded to float32 as they are read, and columns are Float32Arrays). In a big
 * formula some entries are generated on their first call (see `deferrable`).
 */
export function generateKernel<Name extends string>(
  entries: readonly Entry<Name>[],
  binding: Binding,
  precision: Precision = "f64",
  renderer: Renderer = jsRenderer,
): Kernel<Name> {
  const later = deferrable(entries, binding, renderer);
  if (later.length === 0) return renderer.render(planKernel(entries, binding, precision));
  const now = renderer.render(
    planKernel(
      entries.filter((e) => !later.includes(e)),
      binding,
      precision,
    ),
  );
  let deferred: Kernel<Name> | undefined;
  const rest = () => {
    deferred ??= renderer.render(planKernel(later, binding, precision));
    return deferred;
  };
  const names = later.map((e) => e.name);
  return {
    get source() {
      return `${now.source}\n${rest().source}`;
    },
    precision,
    target: now.target,
    instantiate: (columns) =>
      withDeferred(now.instantiate(columns), names, () => rest().instantiate(columns)),
  };
}

/**
 * The entries to generate on their first call: in a big formula without data, generated as JavaScript,
 * those that only return what another entry returns beside what it writes (`value` beside
 * `valueAndGradient`). Generating them would cost about a third of compiling, and whoever asks for value and
 * gradient together never needs them. With data, a renderer may decline a plan (WebAssembly falls back to
 * JavaScript), which must happen while compiling; and the data-only parts would be bound twice.
 */
function deferrable<Name extends string>(
  entries: readonly Entry<Name>[],
  binding: Binding,
  renderer: Renderer,
): Entry<Name>[] {
  if (binding.rows !== undefined || renderer.target !== "js") return [];
  const later = entries.filter(
    (e) =>
      e.writes === undefined &&
      e.returns !== undefined &&
      entries.some((other) => other.writes !== undefined && other.returns === e.returns),
  );
  if (later.length === 0) return [];
  return moreNodesThan(
    later.map((e) => e.returns!),
    SHARED_ENTRY_NODES,
  )
    ? later
    : [];
}

/** True when more than `limit` distinct nodes are reachable from `roots`: counts up to there, not all. */
function moreNodesThan(roots: readonly Expr[], limit: number): boolean {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (seen.size > limit) return true;
    const kids = children(e);
    for (let i = 0; i < kids.length; i++) stack.push(kids[i]!);
  }
  return false;
}

/** `main` with the entries `names` added, made by `make` at the first call of one, and bound as `main` is. */
function withDeferred<Name extends string>(
  main: Instance<Name>,
  names: readonly Name[],
  make: () => Instance<Name>,
): Instance<Name> {
  let rows: number | undefined;
  let other: Instance<Name> | undefined;
  const ready = (): Instance<Name> => {
    if (other === undefined) {
      other = make();
      if (rows !== undefined) other.bind(rows);
    }
    return other;
  };
  const instance: Instance<Name> = { ...main };
  instance.bind = (n) => {
    rows = n;
    main.bind(n);
    other?.bind(n);
  };
  for (const name of names) {
    let entry: EntryFunction | undefined;
    (instance as Record<Name, EntryFunction>)[name] = (p, out) => {
      entry ??= ready()[name];
      return entry(p, out);
    };
  }
  return instance;
}

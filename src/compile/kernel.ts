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
import type { InputSource, Kernel, KernelPlan, PlannedEntry, Renderer } from "./renderer.js";
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
  const rowwise = rowwiseNodes(order, (name) => binding.columnIndex.has(name));
  const onParams = new Set<number>();
  for (const e of order)
    if (e.kind === "sym" ? binding.paramIndex.has(e.name) : children(e).some((c) => onParams.has(c.id)))
      onParams.add(e.id);
  const isParam = (e: Expr) => e.kind === "sym" && binding.paramIndex.has(e.name);
  const isConstant = (e: Expr) => e.kind !== "num" && !onParams.has(e.id) && !rowwise.has(e.id);

  const constants: Expr[] = [];
  const slot = new Map<number, number>();
  const planned = entries.map((entry): PlannedEntry<Name> => {
    const writes = entry.writes ?? [];
    const returns = entry.returns ? { returns: entry.returns } : {};
    // a big formula's gradient alone is its valueAndGradient: the value adds little, generating it twice much
    const superset =
      order.length > SHARED_ENTRY_NODES && entry.returns === undefined
        ? entries.find((other) => other.writes === entry.writes && other.returns !== undefined)
        : undefined;
    if (superset !== undefined) return { name: entry.name, writes, ...returns, how: { via: superset.name } };
    const plan = schedule(rootsOf(entry), (e) => isParam(e) || isConstant(e), rowwise);
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

/**
 * Generates the kernel for `entries` (see `planKernel`) with `renderer`, JavaScript unless told otherwise
 * (in f32 parameters are rounded to float32 as they are read, and columns are Float32Arrays).
 */
export function generateKernel<Name extends string>(
  entries: readonly Entry<Name>[],
  binding: Binding,
  precision: Precision = "f64",
  renderer: Renderer = jsRenderer,
): Kernel<Name> {
  return renderer.render(planKernel(entries, binding, precision));
}

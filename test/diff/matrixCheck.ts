/**
 * The truth for matrix-form gradients: central differences of the reference interpreter (`evaluateTensor`,
 * plain numpy semantics) of the cost, entry by entry, against the gradient formula evaluated by the same
 * interpreter; a result written smaller than its parameter (a scalar, a shared row) stands for every entry.
 */
import { expect } from "vitest";
import { evaluateTensor } from "../../src/compile/tensorEvaluate.js";
import { gradient } from "../../src/diff/index.js";
import { type Expr, freeSymbols, shapeOf } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { SymgradError } from "../../src/text/symgradError.js";
import { centralDifference, closeTo } from "./finiteDifference.js";
import { PARAMS, type World } from "./matrixArb.js";

/** The entries of ∂cost/∂name by central differences (undefined where the difference says "not smooth"). */
function differences(cost: Expr, name: string, world: World): (number | undefined)[] {
  const value = world.values.get(name)!;
  return [...value.values].map((x0, j) => {
    const f = (x: number) => {
      const values = new Float64Array(value.values);
      values[j] = x;
      const at = new Map(world.values);
      at.set(name, { shape: value.shape, values });
      return evaluateTensor(cost, at, { rows: world.n }).values[0]!;
    };
    return centralDifference(f, x0);
  });
}

/**
 * The flat index into a value of shape `from` that numpy broadcasting reads for flat index j of shape `to`
 * (a result may be written smaller than its parameter: a row shared by every row, a scalar by every entry).
 */
function broadcastIndex(from: readonly number[], to: readonly number[]): (j: number) => number {
  expect(from.every((d, i) => d === 1 || d === to[to.length - from.length + i])).toBe(true);
  return (j) => {
    let index = 0;
    let rest = j;
    const digits = to.map(() => 0);
    for (let i = to.length - 1; i >= 0; i--) {
      digits[i] = rest % to[i]!;
      rest = Math.floor(rest / to[i]!);
    }
    from.forEach((d, i) => {
      index = index * d + (d === 1 ? 0 : digits[to.length - from.length + i]!);
    });
    return index;
  };
}

/** Checks every parameter's gradient of `cost`; returns false when the language cannot write one. */
export function checkGradient(cost: Expr, world: World): boolean {
  const names = PARAMS.filter((p) => freeSymbols(cost).includes(p));
  let grads: Expr[];
  try {
    grads = gradient(cost, names, { shapes: world.env });
  } catch (error) {
    // the one documented limit: an outer product of two vectors has no formula in the language
    expect(error).toBeInstanceOf(SymgradError);
    expect((error as Error).message).toMatch(/outer product of two vectors/);
    return false;
  }
  names.forEach((name, i) => {
    const g = grads[i]!;
    const shape = world.shapes.get(name)!;
    expect(shapeOf(g, world.env).length).toBeLessThanOrEqual(shape.length);
    const t = evaluateTensor(g, world.values, { rows: world.n });
    const at = broadcastIndex(t.shape, shape);
    const fd = differences(cost, name, world);
    fd.forEach((expected, j) => {
      if (expected === undefined) return;
      const actual = t.values[at(j)]!;
      if (!closeTo(actual, expected, 1))
        expect.fail(
          `∂/∂${name}[${j}] of ${format(cost)}: ${actual} by the formula ${format(g)}, ${expected} by differences`,
        );
    });
  });
  return true;
}

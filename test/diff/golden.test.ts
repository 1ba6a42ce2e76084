/**
 * Printed derivatives of 60 formulas of every kind, reviewed by eye: each line should look like what a
 * careful person would write. Names x, y (and x1, y_2, …) inside sum/mean are data; the rest are parameters.
 * The golden text is written by the code itself, so every block also checks what it prints: each partial
 * must parse back to the same tree (else the block throws, rather than become golden text) and agree with
 * a central difference of the formula at a point where both are defined. Regenerate with UPDATE_GOLDEN=1
 * and review the diff.
 */
import { evaluate } from "../../src/compile/index.js";
import { gradient, parameters } from "../../src/diff/index.js";
import { type Expr, likelyData } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";
import { golden } from "../golden.js";
import { centralDifference, closeTo, definedAt } from "./finiteDifference.js";

/** Data columns for the data names, and a few candidate points for the parameters. */
const COLUMNS = [
  [0.5, 1.3, 2.1],
  [0.2, 0.9, 1.7],
  [-0.4, 0.8, 1.1],
];
const STARTS = [0.4, 0.7, 1.9, -0.3];

/** Throws unless ∂e/∂name, printed as `text`, agrees with a central difference at some defined point. */
function checkPartial(e: Expr, partial: Expr, name: string, params: readonly string[], data: string[]) {
  const columns = Object.fromEntries(data.map((d, i) => [d, COLUMNS[i % COLUMNS.length]!]));
  for (const start of STARTS) {
    const at = Object.fromEntries(params.map((p, i) => [p, start + 0.13 * i]));
    const values = { ...at, ...columns };
    if (!definedAt(e, values) || !definedAt(partial, values)) continue;
    const fd = centralDifference((v) => evaluate(e, { ...values, [name]: v }), at[name]!);
    if (fd === undefined) continue;
    const exact = evaluate(partial, values);
    if (!closeTo(exact, fd, Math.abs(evaluate(e, values))))
      throw new Error(`d/d${name} = ${format(partial)} is ${exact} at ${JSON.stringify(at)}, not ${fd}`);
    return;
  }
  throw new Error(`d/d${name} = ${format(partial)}: no point where it can be checked`);
}

golden(new URL("../golden/derivatives.txt", import.meta.url), (source) => {
  const e = parse(source);
  const data = likelyData(e);
  const names = parameters(e, { data });
  const g = gradient(e, names);
  return names
    .map((n, i) => {
      const text = format(g[i]!);
      if (parse(text) !== g[i]) throw new Error(`d/d${n} = ${text} does not parse back to the same tree`);
      checkPartial(e, g[i]!, n, names, data);
      return `d/d${n} = ${text}`;
    })
    .join("\n");
});

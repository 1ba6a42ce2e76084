/**
 * Printed derivatives of 60 formulas of every kind, reviewed by eye: each line should look like what a
 * careful person would write. Names x, y (and x1, y_2, …) inside sum/mean are data; the rest are parameters.
 * Regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
import { gradient, parameters } from "../../src/diff/index.js";
import { likelyData } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { parse } from "../../src/syntax/index.js";
import { golden } from "../golden.js";

golden(new URL("../golden/derivatives.txt", import.meta.url), (source) => {
  const e = parse(source);
  const data = likelyData(e);
  const names = parameters(e, { data });
  const g = gradient(e, names);
  return names.map((n, i) => `d/d${n} = ${format(g[i]!)}`).join("\n");
});

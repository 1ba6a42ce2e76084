/**
 * The page's problem as a program file (`*.sg`), for "Download .sg": its data inline, its parameters with
 * their starting values, the model of the fit plot as a definition, and the cost. The optimizer settings,
 * which the language has no statement for, go into a comment with the command that runs the file.
 */
import type { Problem } from "./protocol.js";

/**
 * The program text of `problem`; `params` are the cost's parameters (from the analysis), each declared
 * with its starting value (0 when it has none).
 */
export function programText(problem: Problem, params: readonly string[], firstOrder: boolean): string {
  const starts = new Map(problem.init);
  const flags = firstOrder
    ? `--method ${problem.method} --lr ${problem.lr} --epochs ${problem.epochs}`
    : `--method ${problem.method} --max-iter ${problem.epochs}`;
  const lines = [
    "# Written by the symgrad playground; run it with",
    `#   npx symgrad run problem.sg ${flags}`,
    ...problem.data.map(([name, values]) => `data ${name} = [${values.join(", ")}]`),
  ];
  if (params.length > 0) lines.push(`param ${params.map((p) => `${p} = ${starts.get(p) ?? 0}`).join(", ")}`);
  const model = oneLine(problem.model);
  if (model !== "") {
    // A definition the cost does not use: symgrad run ignores it, and the page reads it back as the model.
    const used = new Set(`${problem.formula} ${model}`.match(/[A-Za-z_][A-Za-z0-9_]*/g));
    const name = ["h", "model", "fitted"].find((n) => !used.has(n)) ?? "h_model";
    lines.push(`${name} = ${model}`);
  }
  lines.push(`minimize ${oneLine(problem.formula)}`);
  return `${lines.join("\n")}\n`;
}

/** A formula on one line: comments dropped (they would swallow what follows), line breaks made spaces. */
function oneLine(formula: string): string {
  return formula
    .replace(/#[^\n]*/g, "")
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

/**
 * The Hock–Schittkowski problems (test/optimize/hock-schittkowski/*.sg) from their standard starts: how many
 * the default method (lbfgs: L-BFGS-B inside an augmented Lagrangian) brings to the published optimum
 * (hockSchittkowski.ts's rule), with its evaluations, beside scipy's SLSQP and trust-constr given the same
 * exact gradients (printed by symgrad as formulas) when python3 with scipy is installed; without it the
 * peers are skipped with a note. Prints a Markdown table for the README, then times our solver on all
 * problems. Run with `npx vitest bench --run test/bench/hockSchittkowski.bench.ts`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { gradient } from "../../src/diff/index.js";
import { sub } from "../../src/expr/index.js";
import { runProgram } from "../../src/minimize/index.js";
import { format } from "../../src/print/index.js";
import { parseProgram } from "../../src/syntax/index.js";
import { hockSchittkowski, reached } from "../optimize/hockSchittkowski.js";

const problems = hockSchittkowski();

interface Outcome {
  readonly cost: number;
  readonly maxViolation: number;
  readonly evaluations: number;
  readonly reached: boolean;
}

async function ours(): Promise<Map<number, Outcome>> {
  const outcomes = new Map<number, Outcome>();
  for (const p of problems) {
    const r = await runProgram(p.source, { file: p.file, historyEvery: 0 });
    const maxViolation = r.maxViolation ?? 0;
    outcomes.set(p.number, {
      cost: r.cost,
      maxViolation,
      evaluations: r.evaluations,
      reached: reached(r.cost, maxViolation, p.optimum),
    });
  }
  return outcomes;
}

/** `x1 >= 0`-style constraints are bounds for scipy too, as they are for symgrad. */
const boundPattern = /^(\w+) (<=|>=) (-?[\d.]+(?:e-?\d+)?)$/;

/** The problems as formulas scipy can evaluate: cost, constraints c = lhs − rhs, and their exact gradients. */
function forScipy() {
  return problems.map((p) => {
    const program = parseProgram(p.source, p.file);
    const params = program.params.map((q) => q.name);
    const bounds: [number | null, number | null][] = params.map(() => [null, null]);
    const constraints = program.constraints.flatMap((c) => {
      const bound = boundPattern.exec(c.text);
      if (bound && params.includes(bound[1]!)) {
        bounds[params.indexOf(bound[1]!)]![bound[2] === ">=" ? 0 : 1] = Number(bound[3]);
        return [];
      }
      const value = sub(c.lhs, c.rhs);
      return [
        {
          relation: c.relation,
          value: format(value),
          gradient: gradient(value, params).map((g) => format(g)),
        },
      ];
    });
    return {
      number: p.number,
      params,
      init: program.params.map((q) => q.init),
      cost: format(program.cost),
      gradient: gradient(program.cost, params).map((g) => format(g)),
      constraints,
      bounds,
    };
  });
}

function scipy(): Map<string, Map<number, Outcome>> | string {
  const script = fileURLToPath(new URL("./hockSchittkowski.py", import.meta.url));
  const run = spawnSync("python3", [script], { input: JSON.stringify(forScipy()), encoding: "utf8" });
  if (run.error || run.status !== 0)
    return `scipy peers skipped: ${run.error?.message ?? run.stderr.trim().split("\n").at(-1)}`;
  const byMethod = new Map<string, Map<number, Outcome>>();
  const [versions, ...lines] = run.stdout.trim().split("\n");
  const { scipy: version, python } = JSON.parse(versions!) as { scipy: string; python: string };
  console.log(`peers: scipy ${version} on Python ${python}`);
  for (const line of lines) {
    const r = JSON.parse(line) as {
      number: number;
      method: string;
      cost?: number;
      maxViolation?: number;
      evaluations?: number;
    };
    const optimum = problems.find((p) => p.number === r.number)!.optimum;
    const outcome: Outcome =
      r.cost === undefined
        ? { cost: Number.NaN, maxViolation: Number.NaN, evaluations: 0, reached: false }
        : {
            cost: r.cost,
            maxViolation: r.maxViolation!,
            evaluations: r.evaluations!,
            reached: reached(r.cost, r.maxViolation!, optimum),
          };
    if (!byMethod.has(r.method)) byMethod.set(r.method, new Map());
    byMethod.get(r.method)!.set(r.number, outcome);
  }
  return byMethod;
}

const columns = new Map<string, Map<number, Outcome>>([["symgrad lbfgs", await ours()]]);
const peers = scipy();
if (typeof peers === "string") console.log(peers);
else for (const [method, outcomes] of peers) columns.set(`scipy ${method}`, outcomes);

const cell = (o: Outcome | undefined) =>
  o === undefined ? "–" : `${o.reached ? "✓" : "✗"} ${Number(o.cost.toPrecision(8))} (${o.evaluations})`;
const rows = [
  `| problem | published optimum | ${[...columns.keys()].join(" | ")} |`,
  `|---|--:|${[...columns.keys()].map(() => "--:").join("|")}|`,
  ...problems.map(
    (p) =>
      `| HS ${p.number} | ${p.optimum} | ${[...columns.values()].map((c) => cell(c.get(p.number))).join(" | ")} |`,
  ),
  `| **reached** | | ${[...columns.values()]
    .map((c) => {
      const all = [...c.values()];
      const evaluations = all.map((o) => o.evaluations).sort((a, b) => a - b);
      return `**${all.filter((o) => o.reached).length} of ${problems.length}** (median ${evaluations[Math.floor(evaluations.length / 2)]} evaluations)`;
    })
    .join(" | ")} |`,
];
console.log(rows.join("\n"));

describe("Hock–Schittkowski", () => {
  bench("symgrad lbfgs, all problems", async () => void (await ours()), { time: 2000, iterations: 3 });
});

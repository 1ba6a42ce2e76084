/**
 * The optimizers' own cost per step, beside the compiled kernel alone, in one run: the seed's gradient
 * descent (3 rows, 2001 steps) by hand-written loop over the kernel, through `optimize` (with and without a
 * history entry per step) and through `minimize` from the formula's text; and L-BFGS / BFGS on Rosenbrock (2
 * parameters), whose time per evaluation beyond the kernel's is their overhead. Prints a table for the README.
 * Inside vitest every call from one module to another goes through a getter of vite's module runner, which
 * inflates the optimizers' loops (not the generated kernel); so the same figures are also measured in a
 * plain Node process on the built package (`dist/`, from `npm run build`), as users run it. Last, the whole
 * process of `node dist/examples/seed.js` beside a hand-written JS script printing the seed's table, in
 * alternating rounds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync, utimesSync } from "node:fs";
import { bench, describe } from "vitest";
import { compile } from "../../src/compile/index.js";
import { minimize } from "../../src/minimize/index.js";
import { optimize } from "../../src/optimize/index.js";
import { parse } from "../../src/syntax/index.js";
import { formatTime, medians } from "./timing.js";

const STEPS = 2001;
const SEED_TEXT = "mean((W*x + b - y)^2)";
const data = { x: [1, 2, 3], y: [1, 2, 3] };
const seed = compile(parse(SEED_TEXT), { params: ["W", "b"], data });
const gd = { init: [0, 0], method: "gd", learningRate: 0.01, maxIterations: STEPS - 1 } as const;

const x = new Float64Array(2);
const g = new Float64Array(2);
/** The kernel alone: PyTorch's SGD written out over the compiled valueAndGradient. */
const kernelSteps = () => {
  x[0] = 0;
  x[1] = 0;
  for (let s = 0; s < STEPS; s++) {
    seed.valueAndGradient(x, g);
    x[0] -= 0.01 * g[0]!;
    x[1] -= 0.01 * g[1]!;
  }
};
const viaOptimize = () => void optimize(seed, { ...gd, historyEvery: 0 });
const viaOptimizeHistory = () => void optimize(seed, gd);
const viaMinimize = () =>
  void minimize(SEED_TEXT, {
    data,
    init: { W: 0, b: 0 },
    method: "gd",
    learningRate: 0.01,
    maxIterations: STEPS - 1,
    historyEvery: 0,
    statistics: false,
  });

const rosenbrock = compile(parse("(1 - a)^2 + 100*(b - a^2)^2"), { params: ["a", "b"] });
const start = Float64Array.of(-1.2, 1);
const kernelOnce = () => void rosenbrock.valueAndGradient(start, g);
const quasiNewton = (method: "lbfgs" | "bfgs") => () =>
  void optimize(rosenbrock, { init: [-1.2, 1], method, historyEvery: 0 });
const evaluations = (method: "lbfgs" | "bfgs") =>
  optimize(rosenbrock, { init: [-1.2, 1], method, historyEvery: 0 }).evaluations;

for (const warm of [kernelSteps, viaOptimize, viaOptimizeHistory, viaMinimize])
  for (let k = 0; k < 20; k++) warm();
const [kernel, opt, optHistory, min] = medians(
  [kernelSteps, viaOptimize, viaOptimizeHistory, viaMinimize],
  5,
  21,
);
const [one, lbfgs, bfgs] = medians([kernelOnce, quasiNewton("lbfgs"), quasiNewton("bfgs")], 50, 21);
const perStep = (t: number) => formatTime(t / STEPS);
const overhead = (method: "lbfgs" | "bfgs", t: number) => {
  const n = evaluations(method);
  return `| ${method} on Rosenbrock, 2 parameters: ${n} evaluations | ${formatTime(t / n)} | ${formatTime(t / n - one!)} |`;
};
console.log(
  [
    "",
    `seed, 3 rows, ${STEPS} gradient-descent steps (medians of 21 rounds)`,
    "| how | per step | / kernel alone |",
    "|---|---:|---:|",
    `| the kernel alone, by a hand-written loop | ${perStep(kernel!)} | 1 |`,
    `| \`optimize\`, \`historyEvery: 0\` | ${perStep(opt!)} | ${(opt! / kernel!).toFixed(1)} |`,
    `| \`optimize\`, a history entry every step (the default) | ${perStep(optHistory!)} | ${(optHistory! / kernel!).toFixed(1)} |`,
    `| \`minimize\` from the text (parse, compile, run) | ${perStep(min!)} | ${(min! / kernel!).toFixed(1)} |`,
    "",
    "| quasi-Newton | per evaluation | beyond the kernel's own |",
    "|---|---:|---:|",
    `| the kernel's \`valueAndGradient\` alone | ${formatTime(one!)} | |`,
    overhead("lbfgs", lbfgs!),
    overhead("bfgs", bfgs!),
    "",
  ].join("\n"),
);

/**
 * The same measurements in a plain Node process on dist/ (a script, so it stays in step with this file), in
 * CPU time: on the shared machine a round of a millisecond was often paused by other jobs, which lengthened
 * the longer rounds (the optimizers') more than the kernel's and made wall-time ratios swing by 2×.
 * The optimizers' ratios still differ between processes, and at times within one, by about 1.5× (the seed's
 * gd through optimize at 1.6× or 2.5× the kernel): the same machine code, with no recompilation, GC or
 * allocation in between, and with ASLR off and a fixed seed too; the kernel's own loop, bound by the latency
 * of its chain through x and g, does not move. A process's figure is one draw: run it a few times.
 */
const ROUNDS = 31;
/**
 * Rounds run before those measured: V8 compiles the optimizers' per-run setup (Box, Run, Iterate, the
 * direction rules) on background threads, which process.cpuUsage counts, until about the 50th round of 20
 * calls; measured from the 11th round, lbfgs's overhead per evaluation read 1.2–1.4 µs, from the 101st
 * 0.6–0.7 µs.
 */
const WARM_ROUNDS = 110;
const PLAIN_NODE = `
const { compile, minimize, optimize, parse } = await import(process.argv[1]);
const seed = compile(parse("${SEED_TEXT}"), { params: ["W", "b"], data: { x: [1, 2, 3], y: [1, 2, 3] } });
const rosenbrock = compile(parse("(1 - a)^2 + 100*(b - a^2)^2"), { params: ["a", "b"] });
const x = new Float64Array(2), g = new Float64Array(2), start = Float64Array.of(-1.2, 1);
const groups = {
  gd: {
  kernel() { x[0] = 0; x[1] = 0; for (let s = 0; s < ${STEPS}; s++) { seed.valueAndGradient(x, g); x[0] -= 0.01 * g[0]; x[1] -= 0.01 * g[1]; } },
  optimize() { optimize(seed, { init: [0, 0], method: "gd", learningRate: 0.01, maxIterations: ${STEPS - 1}, historyEvery: 0 }); },
  },
  minimize: {
  kernel() { x[0] = 0; x[1] = 0; for (let s = 0; s < ${STEPS}; s++) { seed.valueAndGradient(x, g); x[0] -= 0.01 * g[0]; x[1] -= 0.01 * g[1]; } },
  minimize() { minimize("${SEED_TEXT}", { data: { x: [1, 2, 3], y: [1, 2, 3] }, init: { W: 0, b: 0 }, method: "gd", learningRate: 0.01, maxIterations: ${STEPS - 1}, historyEvery: 0, statistics: false }); },
  },
  qn: {
  once() { for (let s = 0; s < 46; s++) rosenbrock.valueAndGradient(start, g); },
  lbfgs() { optimize(rosenbrock, { init: [-1.2, 1], method: "lbfgs", historyEvery: 0 }); },
  bfgs() { optimize(rosenbrock, { init: [-1.2, 1], method: "bfgs", historyEvery: 0 }); },
  },
};
const runs = groups[process.argv[2]];
const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let r = 0; r < ${WARM_ROUNDS + ROUNDS}; r++) for (const [k, f] of Object.entries(runs)) {
  const t = process.cpuUsage(); for (let c = 0; c < 20; c++) f(); const u = process.cpuUsage(t); times[k].push((u.user + u.system) * 1000 / 20);
}
const median = (a) => a.sort((p, q) => p - q)[a.length >> 1];
const stats = (pick) => Object.fromEntries(Object.entries(times).map(([k, a]) => [k, pick(a.slice(${WARM_ROUNDS}))]));
console.log(JSON.stringify({ median: stats(median), fastest: stats((a) => Math.min(...a)) }));
`;
const built = new URL("../../dist/src/index.js", import.meta.url);
if (existsSync(built)) {
  // one process per group: a user's process fits one objective, and V8 inlines its kernel into the loops
  // only while one kernel is seen there (minimize compiles its own, so it has a process of its own too)
  const measure = (group: "gd" | "minimize" | "qn") =>
    JSON.parse(
      spawnSync(process.execPath, ["--input-type=module", "-e", PLAIN_NODE, built.href, group], {
        encoding: "utf8",
      }).stdout,
    );
  type Times = Record<"kernel" | "optimize" | "minimize" | "once" | "lbfgs" | "bfgs", number>;
  const runs = (["gd", "minimize", "qn"] as const).map(measure) as { median: Times; fastest: Times }[];
  const [gdRun, minimizeRun, qnRun] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
  const counts = { lbfgs: evaluations("lbfgs"), bfgs: evaluations("bfgs") };
  // each figure as the median round's, and in parentheses the fastest round's (undisturbed by other jobs)
  const both = (f: (t: Times, m: Times, q: Times) => string) =>
    `${f(gdRun.median, minimizeRun.median, qnRun.median)} (${f(gdRun.fastest, minimizeRun.fastest, qnRun.fastest)})`;
  const beyond = (method: "lbfgs" | "bfgs") =>
    both((_, __, q) => formatTime(q[method] / counts[method] - q.once / 46));
  console.log(
    [
      `plain Node on dist/ (CPU time, medians of the last ${ROUNDS} of ${WARM_ROUNDS + ROUNDS} rounds, the fastest round in parentheses; gd, minimize and quasi-Newton each in a process of its own, with its own kernel-alone figure)`,
      "| what | time | ratio |",
      "|---|---:|---:|",
      `| seed gd step: the kernel alone | ${both((t) => formatTime(t.kernel / STEPS))} | 1 |`,
      `| seed gd step through \`optimize\` (\`historyEvery: 0\`) | ${both((t) => formatTime(t.optimize / STEPS))} | ${both((t) => (t.optimize / t.kernel).toFixed(2))} |`,
      `| seed gd step: the kernel alone, in minimize's process | ${both((_, m) => formatTime(m.kernel / STEPS))} | 1 |`,
      `| seed gd step through \`minimize\` from the text (\`historyEvery: 0\`) | ${both((_, m) => formatTime(m.minimize / STEPS))} | ${both((_, m) => (m.minimize / m.kernel).toFixed(2))} |`,
      `| lbfgs, Rosenbrock: per evaluation beyond the kernel's ${both((_, __, q) => formatTime(q.once / 46))} | ${beyond("lbfgs")} | |`,
      `| bfgs, Rosenbrock: per evaluation beyond the kernel's | ${beyond("bfgs")} | |`,
      "",
    ].join("\n"),
  );
} else console.log("(no dist/: run npm run build for the plain Node figures)\n");

/**
 * The seed's two programs by hand, in float32 as PyTorch computes them (Math.fround after every operation):
 * what `node dist/examples/seed.js` is compared with, as a whole process. It prints both of its tables, line
 * for line (checked below); seed.js also derives and prints the tutorial's gradients, which a hand-written
 * script has no way to do.
 */
const HAND_SEED = `
const f = Math.fround, x = [1, 2, 3], y = [1, 2, 3], out = [];
let W = 0, b = 0;
for (let epoch = 0; epoch <= 2000; epoch++) {
  let cost = 0, gW = 0, gb = 0;
  for (let i = 0; i < 3; i++) { const r = f(f(f(W * x[i]) + b) - y[i]); cost = f(cost + f(r * r)); gW = f(gW + f(f(2 * r) * x[i])); gb = f(gb + f(2 * r)); }
  W = f(W - f(0.01 * f(gW / 3))); b = f(b - f(0.01 * f(gb / 3)));
  if (epoch % 100 === 0) out.push(\`Epoch \${String(epoch).padStart(4)}/2000 W: \${W.toFixed(3)}, b: \${b.toFixed(3)} Cost: \${f(cost / 3).toFixed(6)}\`);
}
W = 3;
for (let epoch = 0; epoch <= 10; epoch++) {
  let cost = 0, gW = 0;
  for (let i = 0; i < 3; i++) { const r = f(f(W * x[i]) - y[i]); cost = f(cost + f(r * r)); gW = f(gW + f(r * x[i])); }
  out.push(\`Epoch \${String(epoch).padStart(4)}/10 W: \${W.toFixed(3)}, Cost: \${f(cost / 3).toFixed(6)}\`);
  W = f(W - f(0.05 * gW));
}
console.log(out.join("\\n"));
`;
/** Loaded first into both processes: prints the process's own CPU time (user + system, µs) at exit. */
const CPU_AT_EXIT =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('cpu '+(u.user+u.system))})";
const seedScript = new URL("../../dist/examples/seed.js", import.meta.url);
if (existsSync(seedScript)) {
  const wall: Record<"hand" | "seed", number[]> = { hand: [], seed: [] };
  const cpu: Record<"hand" | "seed", number[]> = { hand: [], seed: [] };
  const args = { hand: ["-e", HAND_SEED], seed: [seedScript.pathname] };
  const outputs = { hand: "", seed: "" };
  for (let round = 0; round < 21; round++) {
    for (const which of ["hand", "seed"] as const) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [`--import=${CPU_AT_EXIT}`, ...args[which]], {
        encoding: "utf8",
      });
      wall[which].push(performance.now() - t);
      cpu[which].push(Number(/cpu (\d+)/.exec(run.stderr)?.[1]) / 1000);
      if (run.status !== 0) throw new Error(`${which} failed: ${run.stderr}`);
      outputs[which] = run.stdout;
    }
  }
  // the comparison is fair only while both print the same tables
  const epochLines = (text: string) => text.split("\n").filter((l) => l.startsWith("Epoch"));
  if (
    epochLines(outputs.hand).length !== 32 ||
    epochLines(outputs.hand).join("\n") !== epochLines(outputs.seed).join("\n")
  )
    throw new Error("the hand-written seed script and seed.js print different tables");
  const median = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const ratio = (m: Record<"hand" | "seed", number[]>) => (median(m.seed) / median(m.hand)).toFixed(2);
  console.log(
    [
      "whole process (medians of 21 alternating rounds)",
      "| what | wall time | CPU time | ratio (wall) | ratio (CPU) |",
      "|---|---:|---:|---:|---:|",
      `| a hand-written JS script printing the seed's two tables | ${ms(median(wall.hand))} | ${ms(median(cpu.hand))} | 1 | 1 |`,
      `| \`node dist/examples/seed.js\` | ${ms(median(wall.seed))} | ${ms(median(cpu.seed))} | ${ratio(wall)} | ${ratio(cpu)} |`,
      "",
    ].join("\n"),
  );
}

describe("per-step overhead, seed (3 rows)", () => {
  bench("kernel alone, 2001 steps", kernelSteps, { time: 300 });
  bench("optimize, 2001 steps, no history", viaOptimize, { time: 300 });
  bench("minimize from text, 2001 steps", viaMinimize, { time: 300 });
});

/**
 * The CLI's fitting commands, whole processes, with the worker as one bundle run from V8's code cache (what
 * `npm run build` makes) and with the worker made of the modules (the bundle dated before them, which
 * src/cli/commandThread.ts takes for stale), in alternating rounds: the caches are written before.
 */
const worker = new URL("../../dist/src/cli/commandWorker.bundle.cjs", import.meta.url);
if (existsSync(worker)) {
  const cli = (args: readonly string[]) => () => {
    const t = performance.now();
    const run = spawnSync(
      process.execPath,
      [new URL("../../bin/symgrad.js", import.meta.url).pathname, ...args],
      {
        cwd: new URL("../..", import.meta.url).pathname,
        encoding: "utf8",
      },
    );
    if (run.status !== 0) throw new Error(`symgrad ${args.join(" ")} failed: ${run.stderr}`);
    return performance.now() - t;
  };
  // argument lists, each a command of a user's
  const commands: readonly (readonly string[])[] = [
    ["minimize", "(1 - a)^2", "--init", "a=0"],
    "run examples/seed.sg --lr 0.01 --epochs 2000 --every 100".split(" "),
  ];
  const { atimeMs, mtimeMs } = statSync(worker);
  const asModules = <T>(f: () => T): T => {
    utimesSync(worker, atimeMs / 1000, 0);
    try {
      return f();
    } finally {
      utimesSync(worker, atimeMs / 1000, mtimeMs / 1000);
    }
  };
  const rows = commands.map((args) => {
    const run = cli(args);
    const what = `\`symgrad ${args.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}\``;
    run(); // writes the command's cache
    const bundled: number[] = [];
    const modules: number[] = [];
    for (let round = 0; round < 11; round++) {
      bundled.push(run());
      modules.push(asModules(run));
    }
    const median = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
    const [b, m] = [median(bundled), median(modules)];
    return `| ${what} | ${(m / 1000).toFixed(2)} s | ${(b / 1000).toFixed(2)} s | ${(b / m).toFixed(2)} |`;
  });
  console.log(
    [
      "the CLI's fitting commands, whole process by the clock (medians of 11 alternating rounds)",
      "| command | worker from the modules | bundled worker with its code cache | ratio |",
      "|---|---:|---:|---:|",
      ...rows,
      "",
    ].join("\n"),
  );
}

/**
 * Reading CSV (README, Benchmarks, "Reading CSV"). In process: `readCsvFile` on files of 10^5 and 10^6 rows
 * of three columns (x, y, z with three decimals, y = 2x + 1 + noise; about 18.6 bytes a row), all columns and
 * only the two a formula uses, against the obvious hand-written reader (the whole file as a string, split
 * into lines and cells, `Number()` of each cell into Float64Arrays, no checks), in alternating rounds.
 * A third file of 10^6 rows holds the same numbers in full (16 or 17 significant digits, as `String()` and
 * Python's `repr` write them), which the fast path leaves to `Number()`.
 * End to end: `symgrad minimize "mean((W*x + b - y)^2)" --csv FILE --method lbfgs` under `/usr/bin/time -v`
 * (wall time and peak RSS; needs `npm run build`), and its peer, pandas.read_csv plus scipy's L-BFGS-B
 * (bigCsv.py, with Debian's python3-pandas and python3-scipy), on the 10^6-row file, and on a bigger one when
 * asked: `SYMGRAD_BIG_CSV=1e7 npx vitest bench --run test/bench/csv.bench.ts` (writes /tmp/symgrad-bench-1e7.csv,
 * 186 MB).
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { readCsvFile } from "../../src/data/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Writes `rows` rows of x, y, z to `path` (a fixed pseudo-random sequence: every run reads the same bytes),
 * with three decimals, or in full (`String(x)`, 16 or 17 significant digits) when `full`.
 */
function writeTable(path: string, rows: number, full: boolean): void {
  const text = (v: number) => (full ? String(v) : v.toFixed(3));
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const blocks: string[] = ["x,y,z\n"];
  let block = "";
  for (let i = 0; i < rows; i++) {
    const x = 10 * random();
    const noise = random() + random() + random() - 1.5;
    block += `${text(x)},${text(2 * x + 1 + noise)},${text(random())}\n`;
    if (block.length > 1 << 20) {
      blocks.push(block);
      block = "";
    }
  }
  blocks.push(block);
  writeFileSync(path, blocks.join(""));
}

/** The file of `rows` rows in /tmp, written once. */
function table(rows: number, full = false): string {
  const path = `/tmp/symgrad-bench-${rows.toExponential(0).replace("+", "")}${full ? "-full" : ""}.csv`;
  if (!existsSync(path) || statSync(path).size < rows * 17) writeTable(path, rows, full);
  return path;
}

/** The obvious reader: the file as one string, split, `Number()` of every cell; no checks at all. */
async function handWritten(path: string): Promise<Float64Array[]> {
  const lines = (await readFile(path, "utf8")).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const width = lines[0]!.split(",").length;
  const columns = Array.from({ length: width }, () => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r]!.split(",");
    for (let c = 0; c < width; c++) columns[c]![r - 1] = Number(cells[c]);
  }
  return columns;
}

/**
 * Median wall and CPU times in ms over alternating rounds of async runs, so that all see the same machine
 * load; on a shared machine the CPU time is the steadier of the two.
 */
async function medians(runs: readonly (() => Promise<void>)[], rounds: number) {
  const wall = runs.map(() => [] as number[]);
  const cpu = runs.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    for (const [k, run] of runs.entries()) {
      const start = process.hrtime.bigint();
      const used = process.cpuUsage();
      await run();
      const { user, system } = process.cpuUsage(used);
      wall[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
      cpu[k]!.push((user + system) / 1e3);
    }
  const median = (t: number[]) => t.sort((a, b) => a - b)[t.length >> 1]!;
  return runs.map((_, k) => ({ wall: median(wall[k]!), cpu: median(cpu[k]!) }));
}

const lines = [
  "| rows | file | symgrad, 3 columns | rows/s | symgrad, 2 of 3 columns | hand-written split + Number() | ratio (3 columns) |",
  "|---:|---:|---:|---:|---:|---:|---:|",
];
/** Wall time (CPU time) in ms. */
const ms = ({ wall, cpu }: { wall: number; cpu: number }) => `${wall.toFixed(0)} (${cpu.toFixed(0)}) ms`;
for (const [rows, full] of [
  [1e5, false],
  [1e6, false],
  [1e6, true],
] as const) {
  const path = table(rows, full);
  const all = async () => {
    await readCsvFile(path);
  };
  const two = async () => {
    await readCsvFile(path, { include: (name) => name !== "z" });
  };
  const byHand = async () => {
    await handWritten(path);
  };
  const [a, t, h] = await medians([all, two, byHand], rows > 1e5 ? 7 : 15);
  const mb = statSync(path).size / 1e6;
  lines.push(
    `| ${rows.toLocaleString("en-US")}${full ? ", 17 digits" : ""} | ${mb.toFixed(1)} MB | ${ms(a!)} | ${(rows / a!.wall / 1e3).toFixed(2)} M | ` +
      `${ms(t!)} | ${ms(h!)} | ${(a!.wall / h!.wall).toFixed(2)} (${(a!.cpu / h!.cpu).toFixed(2)}) |`,
  );
  describe(`reading ${rows} rows${full ? " of 17 digits" : ""}`, () => {
    bench("readCsvFile, 3 columns", all, { time: 1000, iterations: 3 });
    bench("readCsvFile, 2 of 3 columns", two, { time: 1000, iterations: 3 });
    bench("hand-written split + Number()", byHand, { time: 1000, iterations: 3 });
  });
}
console.log(`\nReading CSV, median wall (CPU) time per file\n${lines.join("\n")}\n`);

/** Runs a command under /usr/bin/time -v: its wall time in s and peak RSS in MB, and its last output lines. */
function timed(command: string, args: readonly string[]) {
  const run = spawnSync("/usr/bin/time", ["-v", command, ...args], { cwd: root, encoding: "utf8" });
  const field = (name: string) => run.stderr.match(new RegExp(`${name}: (.*)`))?.[1] ?? "";
  const [m, s] = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)").split(":").slice(-2);
  const rss = Number(field("Maximum resident set size \\(kbytes\\)")) / 1024;
  const out = run.status === 0 ? run.stdout.trim().split("\n").slice(-2) : run.stderr.split("\n").slice(0, 2);
  return `exit ${run.status}, ${(Number(m) * 60 + Number(s)).toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB; ${out.join("; ")}`;
}

const python = "/usr/bin/python3";
const peers = spawnSync(python, ["-c", "import pandas, scipy"]).status === 0;
const big = process.env["SYMGRAD_BIG_CSV"];
const ends = [[1e6, false], [1e6, true], ...(big ? [[Number(big), false] as const] : [])] as const;
for (const [rows, full] of ends) {
  if (!existsSync(`${root}/dist/src/cli/main.js`)) {
    console.log("(no end-to-end run: build the CLI first with npm run build)");
    break;
  }
  const path = table(rows, full);
  const size = `${(statSync(path).size / 1e6).toFixed(1)} MB`;
  const cost = "mean((W*x + b - y)^2)";
  const symgrad = timed("node", ["bin/symgrad.js", "minimize", cost, "--csv", path, "--method", "lbfgs"]);
  const peer = peers
    ? `pandas + scipy: ${timed(python, ["test/bench/bigCsv.py", path])}`
    : "(no peer: apt-get install python3-pandas python3-scipy)";
  const what = `${rows.toLocaleString("en-US")} rows${full ? " of 17 digits" : ""}, ${size}`;
  console.log(`End to end, ${what}:\n  symgrad: ${symgrad}\n  ${peer}`);
}

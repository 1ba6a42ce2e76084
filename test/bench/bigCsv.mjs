// The end-to-end measure of reading a big CSV (README, Benchmarks, "Reading CSV"): writes a file of three
// columns x, y, z with y = 2x + 1 + noise (x, y, z with three decimals, about 18.6 bytes a row), fits the
// seed's cost to it with `symgrad minimize … --method lbfgs` under `/usr/bin/time -v`, and, when Debian's
// Python has pandas and scipy, does the same with pandas.read_csv and scipy's L-BFGS-B (bigCsv.py).
// Prints wall time and peak RSS of each. Needs the built CLI (`npm run build`).
//
//   node test/bench/bigCsv.mjs [rows=1e7] [file=/tmp/big.csv]
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const rows = Number(process.argv[2] ?? 1e7);
const file = process.argv[3] ?? "/tmp/big.csv";
const root = fileURLToPath(new URL("../..", import.meta.url));

/** Writes the file with a fixed seed (a small LCG), so that every run reads the same bytes. */
async function generate() {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const out = createWriteStream(file);
  out.write("x,y,z\n");
  let block = "";
  for (let i = 0; i < rows; i++) {
    const x = 10 * random();
    const noise = random() + random() + random() - 1.5;
    block += `${x.toFixed(3)},${(2 * x + 1 + noise).toFixed(3)},${random().toFixed(3)}\n`;
    if (block.length > 1 << 20 || i === rows - 1) {
      if (!out.write(block)) await new Promise((resolve) => out.once("drain", resolve));
      block = "";
    }
  }
  await new Promise((resolve) => out.end(resolve));
}

/** Runs a command under /usr/bin/time -v; returns its stdout, wall seconds and peak RSS in MB. */
function timed(command, args) {
  const run = spawnSync("/usr/bin/time", ["-v", command, ...args], { cwd: root, encoding: "utf8" });
  const field = (name) => run.stderr.match(new RegExp(`${name}: (.*)`))?.[1];
  const [m, s] = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)").split(":").slice(-2);
  return {
    status: run.status,
    out: run.stdout.trim(),
    err: run.status === 0 ? "" : run.stderr.split("\n").slice(0, 3).join("\n"),
    seconds: Number(m) * 60 + Number(s),
    rssMB: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024,
  };
}

if (!existsSync(file) || statSync(file).size < rows * 10) await generate();
const bytes = statSync(file).size;
console.log(`${file}: ${rows.toExponential(0)} rows, ${(bytes / 1e6).toFixed(1)} MB`);
const report = (name, r) =>
  console.log(
    `${name}: exit ${r.status}, ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMB.toFixed(0)} MB, ` +
      `${(rows / r.seconds / 1e6).toFixed(2)} M rows/s\n  ${r.out.split("\n").slice(-3).join("\n  ")}${r.err}`,
  );
report(
  "symgrad minimize --method lbfgs",
  timed("node", ["bin/symgrad.js", "minimize", "mean((W*x + b - y)^2)", "--csv", file, "--method", "lbfgs"]),
);
const python = "/usr/bin/python3";
if (spawnSync(python, ["-c", "import pandas, scipy"]).status === 0)
  report("pandas read_csv + scipy L-BFGS-B", timed(python, ["test/bench/bigCsv.py", file]));
else console.log("(no pandas and scipy for /usr/bin/python3: apt-get install python3-pandas python3-scipy)");

/**
 * The course's next three labs, run as a user runs them (`symgrad run examples/<lab>.sg …`), against an
 * independent truth: each lab's PyTorch loop written out by hand in plain f64 loops with its gradient derived
 * on paper (the matrix form symgrad prints is not used here). Every printed epoch's cost must match to the
 * six decimals printed, and the epoch-0 costs are the closed forms the labs show: mean(y^2) = 29661.8 for
 * zero weights, log 2 for a sigmoid at 0, log 3 for a softmax over three classes at 0.
 */
import { describe, expect, it } from "vitest";
import { symgrad } from "../cli/run.js";

type Matrix = number[][];
const matVec = (A: Matrix, v: readonly number[]) => A.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The costs a lab's loop prints (epoch, cost before the step), every `every` epochs up to `epochs`. */
type Table = [epoch: number, cost: number][];

function multivariable(): Table {
  const X = [
    [73, 80, 75],
    [93, 88, 93],
    [89, 91, 90],
    [96, 98, 100],
    [73, 66, 70],
  ];
  const y = [152, 185, 180, 196, 142];
  const w = [0, 0, 0];
  let b = 0;
  const table: Table = [];
  for (let epoch = 0; epoch <= 20; epoch++) {
    const r = matVec(X, w).map((h, i) => h + b - y[i]!);
    table.push([epoch, r.reduce((s, v) => s + v * v, 0) / 5]);
    // d/dw mean(r^2) = X'(2r)/n, d/db = mean(2r)
    const gw = w.map((_, j) => X.reduce((s, row, i) => s + row[j]! * 2 * r[i]!, 0) / 5);
    const gb = r.reduce((s, v) => s + 2 * v, 0) / 5;
    for (let j = 0; j < 3; j++) w[j]! -= 1e-5 * gw[j]!;
    b -= 1e-5 * gb;
  }
  return table;
}

function logistic(): Table {
  const X = [
    [1, 2],
    [2, 3],
    [3, 1],
    [4, 3],
    [5, 3],
    [6, 2],
  ];
  const y = [0, 0, 0, 1, 1, 1];
  const w = [0, 0];
  let b = 0;
  const table: Table = [];
  for (let epoch = 0; epoch <= 1000; epoch++) {
    const p = matVec(X, w).map((z) => sigmoid(z + b));
    const cost = p.reduce((s, pi, i) => s - (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi)), 0) / 6;
    if (epoch % 100 === 0) table.push([epoch, cost]);
    // binary cross-entropy through a sigmoid: d/dz = p - y
    const gw = w.map((_, j) => X.reduce((s, row, i) => s + row[j]! * (p[i]! - y[i]!), 0) / 6);
    const gb = p.reduce((s, pi, i) => s + pi - y[i]!, 0) / 6;
    for (let j = 0; j < 2; j++) w[j]! -= gw[j]!;
    b -= gb;
  }
  return table;
}

function softmax(): Table {
  const X = [
    [1, 2, 1, 1],
    [2, 1, 3, 2],
    [3, 1, 3, 4],
    [4, 1, 5, 5],
    [1, 7, 5, 5],
    [1, 2, 5, 6],
    [1, 6, 6, 6],
    [1, 7, 7, 7],
  ];
  const classes = [2, 2, 2, 1, 1, 1, 0, 0];
  const W = [0, 1, 2, 3].map(() => [0, 0, 0]);
  const b = [0, 0, 0];
  const table: Table = [];
  for (let epoch = 0; epoch <= 1000; epoch++) {
    const z = X.map((row) => b.map((bk, k) => bk + row.reduce((s, x, j) => s + x * W[j]![k]!, 0)));
    let cost = 0;
    // d/dz of logsumexp(z) - z[class] is softmax(z) - onehot(class); the mean divides by 8
    const G = z.map((zi, i) => {
      const m = Math.max(...zi);
      const total = zi.reduce((s, v) => s + Math.exp(v - m), 0);
      cost += (m + Math.log(total) - zi[classes[i]!]!) / 8;
      return zi.map((v, k) => (Math.exp(v - m) / total - (k === classes[i] ? 1 : 0)) / 8);
    });
    if (epoch % 100 === 0) table.push([epoch, cost]);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 4; j++) W[j]![k]! -= 0.1 * X.reduce((s, x, i) => s + x[j]! * G[i]![k]!, 0);
      b[k]! -= 0.1 * G.reduce((s, g) => s + g[k]!, 0);
    }
  }
  return table;
}

/** The (epoch, cost) pairs of the `Epoch k/N … Cost: c` lines symgrad printed. */
function printed(stdout: string): Table {
  return [...stdout.matchAll(/^Epoch +(\d+)\/\d+ .*Cost: (\d+\.\d{6})$/gm)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

const labs = [
  {
    file: "multivariable",
    flags: ["--lr", "1e-5", "--epochs", "20", "--every", "1"],
    truth: multivariable,
    first: 29661.8,
  },
  {
    file: "logistic",
    flags: ["--lr", "1", "--epochs", "1000", "--every", "100"],
    truth: logistic,
    first: Math.log(2),
  },
  {
    file: "softmax",
    flags: ["--lr", "0.1", "--epochs", "1000", "--every", "100"],
    truth: softmax,
    first: Math.log(3),
  },
];

describe("the course's labs, as PyTorch runs them", () => {
  for (const lab of labs)
    it(`examples/${lab.file}.sg prints the lab's costs`, async () => {
      const run = await symgrad(["run", `examples/${lab.file}.sg`, "--method", "gd", ...lab.flags]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const table = printed(run.stdout);
      const truth = lab.truth();
      expect(table.map(([epoch]) => epoch)).toEqual(truth.map(([epoch]) => epoch));
      expect(table.map(([, cost]) => cost.toFixed(6))).toEqual(truth.map(([, cost]) => cost.toFixed(6)));
      expect(truth[0]![1]).toBeCloseTo(lab.first, 9);
    });
});

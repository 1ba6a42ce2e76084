/**
 * The seed tutorial's figures, drawn by symgrad (`npm run figures` writes them into examples/figures/):
 * 1. the data x = y = [1, 2, 3] and the line fitted by the tutorial's SGD run (lr 0.01, W = b = 0, epochs
 *    0 to 2000);
 * 2. the cost mean((W*x - y)^2) (b = 0) over W in [-5, 7], its tangent at W = 3 and the steps of the
 *    tutorial's hand-written gradient descent (W = 3, lr 0.05 on sum((W*x - y)^2)/2);
 * 3. the cost of the SGD run falling over the epochs (log axis);
 * 4. the cost over (W, b) with the SGD run's path.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  format,
  minimize,
  parse,
  plotCostAlong,
  plotCostContour,
  plotCostHistory,
  plotModelFit,
} from "../src/index.js";

const data = { x: [1, 2, 3], y: [1, 2, 3] };
const COST = "mean((W*x + b - y)^2)";

/** The four figures as SVG text, by the file name they are written under. */
export interface SeedFigures {
  readonly "1-fit.svg": string;
  readonly "2-cost-along-W.svg": string;
  readonly "3-cost-history.svg": string;
  readonly "4-contour.svg": string;
}

/** Runs the tutorial's two programs and draws the four figures. */
export async function seedFigures(): Promise<SeedFigures> {
  const sgd = minimize(COST, {
    data,
    init: { W: 0, b: 0 },
    method: "gd",
    learningRate: 0.01,
    maxIterations: 2001, // epochs 0 to 2000
  });
  const handWritten = minimize("sum((W*x - y)^2)/2", {
    data,
    init: { W: 3 },
    method: "gd",
    learningRate: 0.05,
    maxIterations: 11, // epochs 0 to 10
  });
  const [fit, along, history, contour] = await Promise.all([
    plotModelFit("W*x + b", { data, input: "x", output: "y", params: sgd.params }),
    plotCostAlong("mean((W*x - y)^2)", {
      data,
      param: "W",
      range: [-5, 7],
      tangent: 3,
      steps: handWritten,
      // A title wider than the plot widens the whole picture, so this one is kept short.
      title: "mean((W*x - y)^2); steps: GD on sum((W*x - y)^2)/2, lr 0.05",
    }),
    plotCostHistory(sgd, { title: `${format(parse(COST))}   (SGD, lr 0.01)` }),
    plotCostContour(COST, {
      data,
      params: ["W", "b"],
      ranges: [
        [-0.5, 2],
        [-1, 1.5],
      ],
      path: sgd,
      grid: 41, // each cell is a <path> of about 300 bytes: 41 × 41 keeps the file near half a megabyte
    }),
  ]);
  return {
    "1-fit.svg": fit,
    "2-cost-along-W.svg": along,
    "3-cost-history.svg": history,
    "4-contour.svg": contour,
  };
}

/** Writes the figures into `dir` and returns their paths. */
export async function writeSeedFigures(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const figures = await seedFigures();
  return Promise.all(
    Object.entries(figures).map(async ([name, svg]) => {
      const path = join(dir, name);
      await writeFile(path, svg);
      return path;
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // npm runs scripts from the package root; a folder given as argument overrides.
  const dir = resolve(process.argv[2] ?? "examples/figures");
  for (const path of await writeSeedFigures(dir)) console.log(`wrote ${path}`);
}

/**
 * The seed tutorial, reproduced with symgrad's API (`npm start` runs this), in float32 as PyTorch computes
 * it (`precision: "f32"`; "f64" gives the same lines but for the second table's first cost, 18.666667).
 * 1. Fit y = W*x + b to x = y = [1, 2, 3] with PyTorch's plain SGD (lr 0.01, W = b = 0, epochs 0 to 2000),
 *    printing the tutorial's table: for each 100th epoch the parameters after its step and the cost before.
 * 2. The tutorial's hand-written gradient descent on W alone (W = 3, lr 0.05, 10 epochs), with
 *    sum((W*x - y)^2)/2 as the cost: its derivative is exactly the tutorial's gradient sum((W*x - y)*x).
 */
import { fileURLToPath } from "node:url";
// the stages the seed needs, not the package's index (which also loads the CSV reader and the plots)
import { compile, evaluate, type Precision } from "../src/compile/index.js";
import { gradient } from "../src/diff/index.js";
import { minimize } from "../src/minimize/index.js";
import { format } from "../src/print/index.js";
import { parse } from "../src/syntax/index.js";

const x = [1, 2, 3];
const y = [1, 2, 3];

/** The table of the tutorial's first program: 21 lines, epochs 0, 100, …, 2000. */
export function linearRegressionTable(precision: Precision = "f32"): string[] {
  const epochs = 2000;
  const result = minimize("mean((W*x + b - y)^2)", {
    data: { x, y },
    init: { W: 0, b: 0 },
    method: "gd",
    learningRate: 0.01,
    maxIterations: epochs + 1, // the tutorial's loop: for epoch in range(n_epochs + 1)
    precision,
    statistics: false, // the table prints none (they would analyse the Hessian at the optimum)
  });
  const h = result.history;
  const lines: string[] = [];
  for (let epoch = 0; epoch <= epochs; epoch += 100) {
    const after = h[epoch + 1]!.params; // PyTorch prints W and b after optimizer.step() ...
    const cost = h[epoch]!.cost; // ... and the cost computed before it
    lines.push(
      `Epoch ${String(epoch).padStart(4)}/${epochs} W: ${after["W"]!.toFixed(3)}, b: ${after["b"]!.toFixed(3)} Cost: ${cost.toFixed(6)}`,
    );
  }
  return lines;
}

/** The tutorial's second program: W from 3 with lr 0.05 for epochs 0 to 10, printing W and the mean squared error. */
export function handGradientTable(precision: Precision = "f32"): string[] {
  const epochs = 10;
  const result = minimize("sum((W*x - y)^2)/2", {
    data: { x, y },
    init: { W: 3 },
    method: "gd",
    learningRate: 0.05,
    maxIterations: epochs + 1,
    precision,
    statistics: false,
  });
  const mse = compile(parse("mean((W*x - y)^2)", { data: ["x", "y"] }), {
    params: ["W"],
    data: { x, y },
    precision,
  });
  return result.history.slice(0, epochs + 1).map((entry) => {
    const W = entry.params["W"]!;
    const cost = mse.value(Float64Array.of(W));
    return `Epoch ${String(entry.iteration).padStart(4)}/${epochs} W: ${W.toFixed(3)}, Cost: ${cost.toFixed(6)}`;
  });
}

/** The gradients the tutorial derives by hand, as symgrad derives them. */
export function derivatives(): string[] {
  const data = { x, y };
  const half = gradient(parse("sum((W*x - y)^2)/2"), ["W"])[0]!;
  const mse = gradient(parse("mean((W*x - y)^2)"), ["W"])[0]!;
  return [
    `d/dW sum((W*x - y)^2)/2 = ${format(half)} = ${evaluate(half, { ...data, W: 3 })} at W = 3 (the tutorial's gradient)`,
    `d/dW mean((W*x - y)^2)  = ${format(mse)} = ${evaluate(mse, { ...data, W: 3 })} at W = 3 (the true derivative of its cost: 2/n times the above)`,
  ];
}

/** Prints both tables and the derivatives: what `npm start` shows (in one write, the cheapest). */
export function main(): void {
  console.log(
    [
      "Linear regression y = W*x + b, plain SGD (lr 0.01), as in the tutorial:\n",
      ...linearRegressionTable(),
      "\nGradient descent on W with the tutorial's hand-written gradient (lr 0.05):\n",
      ...handGradientTable(),
      "",
      ...derivatives(),
    ].join("\n"),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

/**
 * A tour of symgrad's API, as README shows it: parse, print, differentiate, compile, minimize.
 * Run with `npm run build && node dist/examples/api.js`.
 */
import { compile, format, gradient, hessian, minimize, parse } from "../src/index.js";

// Parse a formula, print it as text and as LaTeX.
const cost = parse("mean((W*x + b - y)^2)");
console.log(format(cost)); // mean((W*x + b - y)^2)
console.log(format(cost, { style: "latex", data: ["x", "y"] }));

// Differentiate: gradients and Hessians are simplified expression trees.
const [dW, db] = gradient(cost, ["W", "b"]);
console.log(`d/dW = ${format(dW!)}`); // d/dW = mean(2*(W*x + b - y)*x)
console.log(`d/db = ${format(db!)}`); // d/db = mean(2*(W*x + b - y))
console.log(
  hessian(parse("(1 - a)^2 + 100*(b - a^2)^2")).map((row) => row.map((h) => format(h)).join(" | ")),
);

// Compile value and gradient into one fused loop over the data.
const data = { x: [1, 2, 3], y: [1, 2, 3] };
const objective = compile(cost, { params: ["W", "b"], data });
const g = new Float64Array(2);
console.log(objective.valueAndGradient(Float64Array.of(0, 0), g), g); // 4.666… Float64Array [-9.333…, -4]

// Minimize: L-BFGS by default; plain gradient descent with the seed's settings on request.
const fit = minimize(cost, { data, init: { W: 0, b: 0 } });
console.log(fit.params, fit.converged, fit.message);
const sgd = minimize(cost, {
  data,
  init: { W: 0, b: 0 },
  method: "gd",
  learningRate: 0.01,
  maxIterations: 2001,
});
console.log(sgd.params, sgd.history.length);

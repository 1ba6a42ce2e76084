/**
 * The problems one click away: the seed tutorial's fit, its hand-derived gradient descent on W, Rosenbrock's
 * valley and a logistic regression. Each is a whole Problem, so choosing one replaces the page's state.
 */
import type { Problem } from "./protocol.js";

/** An example: its button's label, a sentence on what it shows, and the problem. */
export interface Example {
  readonly label: string;
  readonly about: string;
  readonly problem: Problem;
}

const seedData = [
  ["x", [1, 2, 3]],
  ["y", [1, 2, 3]],
] as const;

export const EXAMPLES: readonly Example[] = [
  {
    label: "The seed: fit y = W·x + b",
    about: "Plain gradient descent on the mean squared error, lr 0.01, epochs 0 to 2000, as the tutorial.",
    problem: {
      formula: "mean((W*x + b - y)^2)",
      data: seedData,
      init: [
        ["W", 0],
        ["b", 0],
      ],
      method: "gd",
      lr: 0.01,
      epochs: 2000,
      model: "W*x + b",
      hessian: false,
    },
  },
  {
    label: "The tutorial's gradient on W",
    about: "Half the summed squared error in W alone, from W = 3 with lr 0.05: the hand-derived gradient.",
    problem: {
      formula: "sum((W*x - y)^2)/2",
      data: seedData,
      init: [["W", 3]],
      method: "gd",
      lr: 0.05,
      epochs: 10,
      model: "W*x",
      hessian: false,
    },
  },
  {
    label: "Rosenbrock's valley",
    about: "A curved, narrow valley: L-BFGS from (−1.2, 1) follows it to the minimum at (1, 1).",
    problem: {
      formula: "(1 - a)^2 + 100*(b - a^2)^2",
      data: [],
      init: [
        ["a", -1.2],
        ["b", 1],
      ],
      method: "lbfgs",
      lr: 0.001,
      epochs: 100,
      model: "",
      hessian: true,
    },
  },
  {
    label: "Logistic regression",
    about: "The log loss of a sigmoid classifier on overlapping classes, minimized by L-BFGS.",
    problem: {
      formula: "mean(softplus(w*x + b) - y*(w*x + b))",
      data: [
        ["x", [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]],
        ["y", [0, 0, 0, 1, 0, 1, 0, 1, 1, 1]],
      ],
      init: [
        ["w", 0],
        ["b", 0],
      ],
      method: "lbfgs",
      lr: 0.1,
      epochs: 100,
      model: "sigmoid(w*x + b)",
      hessian: false,
    },
  },
];

/**
 * Printed matrix-form gradients (text and LaTeX) of the course's costs and of one formula per rule, reviewed
 * by eye: each should read as matrixcalculus.org writes it. The formulas are built with the constructors
 * (the golden input is their printed text, looked up in the table below, until the parser reads `@` and `'`);
 * names: X (n,3), y (n), Y (n,2) data; b scalar, w (3), c (2), W (3,2), V (2,3) parameters. Every block also
 * checks the gradients against central differences over random data of those sizes. Regenerate with
 * UPDATE_GOLDEN=1 and review the diff.
 */
import fc from "fast-check";
import { gradient } from "../../src/diff/index.js";
import {
  add,
  along,
  type Expr,
  freeSymbols,
  matmul,
  mul,
  num,
  pow,
  reduce,
  sub,
  transpose,
} from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";
import { golden } from "../golden.js";
import { arbWorld, b, c, log, PARAMS, sigmoid, tanh, V, W, w, X, Y, y } from "./matrixArb.js";
import { checkGradient } from "./matrixCheck.js";

const z = add(matmul(X, W), c);
const p = sigmoid(add(matmul(X, w), b));

const FORMULAS: readonly (readonly [string, Expr])[] = [
  ["linear regression", reduce("mean", pow(sub(add(matmul(X, w), b), y), num(2)))],
  ["softmax cross-entropy", reduce("mean", sub(along("logsumexp", z, 1), along("sum", mul(Y, z), 1)))],
  [
    "logistic regression",
    reduce("mean", sub(mul(num(-1), y, log(p)), mul(sub(num(1), y), log(sub(num(1), p))))),
  ],
  [
    "ridge regression",
    add(
      reduce("mean", pow(sub(add(matmul(X, w), b), y), num(2))),
      mul(num(0.01), reduce("sum", pow(w, num(2)))),
    ),
  ],
  ["multi-output regression", reduce("mean", pow(sub(add(matmul(X, W), c), Y), num(2)))],
  ["a hidden layer", reduce("mean", pow(sub(matmul(tanh(matmul(X, W)), c), y), num(2)))],
  ["softmax along the columns", reduce("sum", mul(along("softmax", matmul(X, W), 1), Y))],
  ["softmax along the rows", reduce("sum", pow(along("softmax", V, 0), num(2)))],
  ["logsumexp over every entry", add(along("logsumexp", W, undefined), along("logsumexp", w, undefined))],
  ["mean along the rows", reduce("mean", pow(along("mean", tanh(matmul(X, W)), 0), num(2)))],
  ["vector@matrix@vector", matmul(matmul(w, tanh(transpose(V))), c)],
  ["a contraction over the data rows", reduce("sum", pow(sub(matmul(transpose(X), y), w), num(2)))],
  ["a vector added to every row", reduce("sum", mul(W, c))],
  ["a scalar times a data matrix", reduce("mean", mul(b, X))],
];
const BY_TEXT = new Map(FORMULAS.map(([, e]) => [format(e), e]));
const shapes = (name: string) =>
  ({ X: ["n", 3], y: ["n"], Y: ["n", 2], w: [3], c: [2], W: [3, 2], V: [2, 3] })[name] as
    | (number | "n")[]
    | undefined;
const worlds = fc.sample(
  arbWorld().filter((world) => world.shapes.get("X")![1] === 3 && world.shapes.get("Y")![1] === 2),
  { numRuns: 3, seed: 42 },
);

golden(new URL("../golden/matrix.txt", import.meta.url), (text) => {
  const e = BY_TEXT.get(text);
  if (e === undefined) throw new Error(`no formula prints as ${text}`);
  for (const world of worlds) checkGradient(e, world);
  const names = PARAMS.filter((n) => freeSymbols(e).includes(n));
  const g = gradient(e, names, { shapes });
  return names
    .flatMap((n, i) => [
      `d/d${n} = ${format(g[i]!)}`,
      `  ${format(g[i]!, { style: "latex", data: ["X", "y", "Y"], shapes })}`,
    ])
    .join("\n");
});

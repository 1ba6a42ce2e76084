import { it } from "vitest";
import { gradient, hessian } from "../../src/diff/index.js";
import { add, along, call, FUNCTIONS, matmul, mul, num, pow, reduce, sub, sym, transpose, type Shape } from "../../src/expr/index.js";
import { format } from "../../src/print/index.js";

const env = (t: Record<string, Shape>) => (n: string) => (Object.hasOwn(t, n) ? t[n] : undefined);
const X = sym("X"), w = sym("w"), b = sym("b"), y = sym("y"), W = sym("W"), Y = sym("Y");
const sig = (e: any) => call(FUNCTIONS.get("sigmoid")!, [e]);
const log = (e: any) => call(FUNCTIONS.get("log")!, [e]);
it("scratch", () => {
  const lin = reduce("mean", pow(sub(add(matmul(X, w), b), y), num(2)));
  const s1 = env({ X: ["n", 3], w: [3], y: ["n"] });
  console.log(gradient(lin, ["w", "b"], { shapes: s1 }).map((e) => format(e)));
  const Z = add(matmul(X, W), b);
  const ce = reduce("mean", sub(along("logsumexp", Z, 1), along("sum", mul(Y, Z), 1)));
  const s2 = env({ X: ["n", 4], W: [4, 3], b: [3], Y: ["n", 3] });
  console.log(gradient(ce, ["W", "b"], { shapes: s2 }).map((e) => format(e)));
  const z = add(matmul(X, w), b);
  const lr = reduce("mean", sub(mul(num(-1), y, log(sig(z))), mul(sub(num(1), y), log(sub(num(1), sig(z))))));
  console.log(gradient(lr, ["w", "b"], { shapes: s1 }).map((e) => format(e)));
  const x = sym("x"), Q = sym("Q"), c = sym("c");
  const quad = sub(mul(num(1, 2), matmul(matmul(transpose(x), Q), x)), matmul(transpose(c), x));
  const s3 = env({ x: [3], Q: [3, 3], c: [3] });
  console.log(gradient(quad, ["x"], { shapes: s3 }).map((e) => format(e)));
  console.log(hessian(quad, ["x"], { shapes: s3 }).map((r) => r.map((e) => format(e))));
  console.log(gradient(lin, ["w", "b"], { shapes: s1 }).map((e) => format(e, { style: "latex", data: ["X", "y"] })));
});

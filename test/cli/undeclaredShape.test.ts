/**
 * `X@w` where `w` is a parameter nobody gave a shape (so a number): the error says that w is the cause and
 * how to declare the shape that fits (X is (n,2), so w[2]) in the words of where the formula came from —
 * `--params "w[2],b"` on the command line, `param w[2]` in a program, the `shapes` option in the API — instead
 * of "use * to scale". Following the advice gives a fit.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { minimize } from "../../src/minimize/index.js";
import { ParseError, parse } from "../../src/syntax/index.js";
import { symgrad } from "./run.js";

const cost = "mean((X@w + b - y)^2)";
// y = 0.5 + 0.5·x1 exactly, so the least-squares fit is w = [0.5, 0], b = 0.5 with cost 0
const data = ["--data", "X=[[1,2],[3,4],[5,7]]", "--data", "y=1,2,3"];

describe("symgrad diff", () => {
  test("a parameter listed in --params without a shape is told its shape, in --params words", async () => {
    const run = await symgrad(["diff", "sum((X@W@v + b - y)^2)", "--params", "W[2,3],v,b"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `@ needs a vector or matrix on both sides, not (n,3) @ scalar: 'v' is a parameter without a declared shape, so it is a number; declare its shape: --params "W[2,3],v[3],b"`,
    );
    expect(run.stderr).not.toContain("use * to scale");
  });

  test("the suggested flag gives the gradient", async () => {
    const run = await symgrad(["diff", "sum((X@W@v + b - y)^2)", "--params", "W[2,3],v[3],b", "--wrt", "v"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("d/dv = ");
  });
});

describe("symgrad minimize", () => {
  test("suggests --params with w's shape instead of 'use * to scale'", async () => {
    const run = await symgrad(["minimize", cost, ...data]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `error: Line 1, col 8: @ needs a vector or matrix on both sides, not (n,2) @ scalar: 'w' is a parameter without a declared shape, so it is a number; declare its shape: --params "w[2],b"\n  ${cost}\n         ^\n`,
    );
    expect(run.stderr).not.toContain("use * to scale");
  });

  test("the suggested flag fits", async () => {
    const run = await symgrad(["minimize", cost, ...data, "--params", "w[2],b", "--quiet"]);
    expect(run.status).toBe(0);
    expect(Number(/^cost = (.*)$/m.exec(run.stdout)?.[1])).toBeLessThan(1e-20);
  });

  test("keeps the other parameters' declared shapes in the suggestion", async () => {
    const run = await symgrad(["minimize", "mean((X@W@v + b - y)^2)", ...data, "--params", "W[2,3],v,b"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`declare its shape: --params "W[2,3],v[3],b"`);
  });

  test("a number times a matrix stays 'use * to scale' when no parameter is the cause", async () => {
    const run = await symgrad(["minimize", "mean((X@2 + b - y)^2)", ...data]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("use * to scale");
  });
});

test("a program's scalar param is told to declare its shape as a program does", async () => {
  const dir = await mkdtemp(join(tmpdir(), "symgrad-shape-"));
  const program = `data X = [[1, 2], [3, 4], [5, 7]]\ndata y = [1, 2, 3]\nparam w = 0, b = 0\nminimize ${cost}\n`;
  await writeFile(join(dir, "fit.sg"), program);
  const run = await symgrad(["run", "fit.sg"], dir);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(
    "fit.sg: Line 4, col 17: @ needs a vector or matrix on both sides, not (n,2) @ scalar: 'w' is a parameter without a declared shape, so it is a number; declare its shape: param w[2]\n",
  );
  await writeFile(join(dir, "fit.sg"), program.replace("param w = 0", "param w[2] = 0"));
  expect((await symgrad(["run", "fit.sg", "--quiet"], dir)).status).toBe(0);
});

test("the API names its shapes option, and the error keeps its place", () => {
  const call = () =>
    minimize(cost, {
      data: {
        X: [
          [1, 2],
          [3, 4],
          [5, 7],
        ],
        y: [1, 2, 3],
      },
    });
  expect(call).toThrow(ParseError);
  expect(call).toThrow(
    "'w' is a parameter without a declared shape, so it is a number; declare its shape: shapes: { w: [2] } (or an init of that shape)",
  );
  const fit = minimize(cost, {
    data: {
      X: [
        [1, 2],
        [3, 4],
        [5, 7],
      ],
      y: [1, 2, 3],
    },
    shapes: { w: [2] },
  });
  expect(fit.cost).toBeLessThan(1e-20);
});

test("the size comes from the side that fixes it: v[3] for a (3) vector on the left, k when unknown", () => {
  const shapes = (name: string) => (name === "u" ? [3] : undefined);
  expect(() => parse("u@v", { shapes })).toThrow("declare its shape: param v[3]");
  expect(() => parse("v@u", { shapes })).toThrow("declare its shape: param v[3]");
  expect(() => parse("p@q", { shapes })).toThrow("declare its shape: param q[k], k its length");
});

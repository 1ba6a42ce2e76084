import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { marks, parseXml, texts, vertexCount, type XmlElement } from "../plot/xml.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "symgrad-plot-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `symgrad plot …` in-process, in the temporary folder; returns the status and what it printed. */
async function plot(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: IO = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    cwd: dir,
  };
  const status = await main(["plot", ...argv], io);
  return { status, stdout, stderr };
}

async function svgFile(name: string): Promise<XmlElement> {
  const root = parseXml(await readFile(join(dir, name), "utf8"));
  expect(root.name).toBe("svg");
  return root;
}

const DATA = ["--data", "x=1,2,3", "--data", "y=1,2,3"];
const MSE = "mean((W*x + b - y)^2)";

describe("symgrad plot", () => {
  it("--kind cost (the default) minimizes and draws the cost at every iteration", async () => {
    const run = await plot(MSE, ...DATA, "--lr", "0.01", "--epochs", "100", "--out", "cost.svg");
    expect(run).toEqual({ status: 0, stdout: "wrote cost.svg (cost)\n", stderr: "" });
    const svg = await svgFile("cost.svg");
    expect(texts(svg, "role-title-text")).toEqual([MSE]);
    expect(texts(svg, "role-axis-title")).toEqual(["iteration", "cost"]);
    // Epochs 0 to 100 are 101 steps, so 102 iterates: the start and one after each step.
    expect(vertexCount(marks(svg, "line")[0]!)).toBe(102);
  });

  it("draws the landscape with a negative range, the tangent and the optimizer's steps", async () => {
    const { status, stderr } = await plot(
      "sum((W*x - y)^2)/2",
      ...DATA,
      "--param",
      "W",
      "--range",
      "-5,7",
      "--tangent",
      "W=3",
      "--init",
      "W=3",
      "--lr",
      "0.05",
      "--epochs",
      "10",
      "--out",
      "landscape.svg",
    );
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const svg = await svgFile("landscape.svg");
    expect(texts(svg, "role-axis-title")).toEqual(["W", "cost"]);
    expect(vertexCount(marks(svg, "line", "steps")[0]!)).toBe(12);
    expect(marks(svg, "line", "tangent")).toHaveLength(1);
    // sum((W*x - y)^2)/2 has derivative sum((W*x - y)*x) = 28 at W = 3: the tutorial's gradient.
    expect(texts(svg, "role-legend-label")).toContain("tangent at W = 3, slope 28");
  });

  it("draws the contour over two parameters with --ranges, a grid, and the path", async () => {
    const { status } = await plot(
      MSE,
      ...DATA,
      "--params",
      "W,b",
      "--ranges",
      "-1,3,-2,2",
      "--grid",
      "11",
      "--lr",
      "0.01",
      "--epochs",
      "20",
      "--out",
      "contour.svg",
    );
    expect(status).toBe(0);
    const svg = await svgFile("contour.svg");
    expect(marks(svg, "rect", "cells")).toHaveLength(121);
    expect(vertexCount(marks(svg, "line", "path")[0]!)).toBe(22);
    expect(texts(svg, "role-axis-title")).toEqual(["W", "b"]);
  });

  it("draws the data and the fitted model, and writes a PNG of the requested width", async () => {
    const { status } = await plot(MSE, ...DATA, "--model", "W*x + b", "--out", "fit.png", "--width", "321");
    expect(status).toBe(0);
    const png = await readFile(join(dir, "fit.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString("latin1", 12, 16)).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(321);
  });

  it("reads a program file: its data, parameters, and its one definition as the model", async () => {
    await writeFile(
      join(dir, "seed.sg"),
      "data x = [1, 2, 3]\ndata y = [1, 2, 3]\nparam W = 0, b = 0\nh = W*x + b\nminimize mean((h - y)^2)\n",
    );
    const { status, stdout } = await plot("seed.sg", "--kind", "fit", "--out", "seed-fit.svg");
    expect(stdout).toBe("wrote seed-fit.svg (fit)\n");
    expect(status).toBe(0);
    const svg = await svgFile("seed-fit.svg");
    expect(marks(svg, "symbol")).toHaveLength(3);
    expect(texts(svg, "role-title-text")[0]).toMatch(/^y ≈ W\*x \+ b \(W = 1, b = /);
  });

  it("reports mistakes as usage errors with exit status 2", async () => {
    const unknown = await plot(MSE, ...DATA, "--out", "x.svg", "--rnage", "0,1");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown flag '--rnage'.*did you mean '--range'/);
    const noOut = await plot(MSE, ...DATA);
    expect(noOut.stderr).toMatch(/--out/);
    const badParam = await plot(MSE, ...DATA, "--param", "Q", "--out", "q.svg");
    expect(badParam).toMatchObject({ status: 2 });
    expect(badParam.stderr).toMatch(/--param names 'Q', which is not a parameter \(parameters: W, b\)/);
    const badRange = await plot(MSE, ...DATA, "--param", "W", "--range", "3,1", "--out", "r.svg");
    expect(badRange.stderr).toMatch(/--range needs 2 numbers/);
    const badExt = await plot(MSE, ...DATA, "--out", "plot.pdf");
    expect(badExt.stderr).toMatch(/\.svg or \.png/);
  });

  it("--help lists every flag with its help and shows examples", async () => {
    const { status, stdout } = await plot("--help");
    expect(status).toBe(0);
    for (const flag of [
      "--out",
      "--kind",
      "--range",
      "--ranges",
      "--fixed",
      "--tangent",
      "--model",
      "--width",
      "--lr",
    ])
      expect(stdout).toContain(flag);
    expect(stdout).toMatch(/Examples:\n {2}symgrad plot /);
  });
});

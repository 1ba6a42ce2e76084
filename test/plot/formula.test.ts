import { describe, expect, it } from "vitest";
import { minimize } from "../../src/minimize/index.js";
import {
  PlotError,
  plotCostAlong,
  plotCostContour,
  plotCostHistory,
  plotModelFit,
} from "../../src/plot/index.js";
import { classes, findAll, parseXml, type XmlElement } from "./xml.js";

const data = { x: [1, 2, 3], y: [1, 2, 3] };
const MSE_W = "mean((W*x - y)^2)";
const MSE = "mean((W*x + b - y)^2)";

/** The parsed SVG, after checking it is well-formed XML with an <svg> root. */
function svgOf(text: string): XmlElement {
  const root = parseXml(text);
  expect(root.name).toBe("svg");
  return root;
}

/** The drawn items of the marks of a type ("symbol", "line", "rect"), optionally only the mark named `name`. */
function items(root: XmlElement, type: string, name?: string): XmlElement[] {
  const groups = findAll(root, (e) => {
    const c = classes(e);
    return (
      c.includes(`mark-${type}`) &&
      c.includes("role-mark") &&
      (name === undefined || c.includes(`${name}_marks`))
    );
  });
  return groups.flatMap((g) => g.children);
}

/** The texts under every element with class `role` (e.g. "role-axis-title"), in document order. */
function texts(root: XmlElement, role: string): string[] {
  return findAll(root, (e) => classes(e).includes(role))
    .flatMap((g) => findAll(g, (e) => e.name === "text"))
    .map((t) => t.text);
}

/** The vertices of a line item, in pixels (y grows downwards). */
function vertices(line: XmlElement): [number, number][] {
  return [...line.attributes["d"]!.matchAll(/[ML](-?[\d.e-]+),(-?[\d.e-]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

const sgd = () =>
  minimize(MSE, { data, init: { W: 0, b: 0 }, method: "gd", learningRate: 0.01, maxIterations: 2001 });
const handWritten = () =>
  minimize("sum((W*x - y)^2)/2", {
    data,
    init: { W: 3 },
    method: "gd",
    learningRate: 0.05,
    maxIterations: 11,
  });

describe("plotCostHistory", () => {
  it("draws the run's cost at each iterate, with axis titles and the given title", async () => {
    const run = handWritten();
    expect(run.history).toHaveLength(12);
    const svg = svgOf(await plotCostHistory(run, { title: "sum((W*x - y)^2)/2" }));
    expect(items(svg, "line")).toHaveLength(1);
    expect(vertices(items(svg, "line")[0]!)).toHaveLength(12);
    expect(items(svg, "symbol")).toHaveLength(12);
    expect(texts(svg, "role-axis-title")).toEqual(["iteration", "cost"]);
    expect(texts(svg, "role-title-text")).toEqual(["sum((W*x - y)^2)/2"]);
  });
});

describe("plotCostAlong", () => {
  it("samples the cost over the range: the lowest sample is at W = 1, within one grid step", async () => {
    const points = 201;
    const svg = svgOf(await plotCostAlong(MSE_W, { data, param: "W", range: [-5, 7], points }));
    const curve = vertices(items(svg, "line", "layer_0")[0]!);
    expect(curve).toHaveLength(points);
    const [first, last] = [curve[0]![0], curve[curve.length - 1]![0]];
    const lowest = curve.reduce((a, b) => (b[1] > a[1] ? b : a));
    const W = -5 + (12 * (lowest[0] - first)) / (last - first);
    expect(Math.abs(W - 1)).toBeLessThanOrEqual(12 / (points - 1));
    expect(texts(svg, "role-axis-title")).toEqual(["W", "cost"]);
    expect(texts(svg, "role-title-text")).toEqual([MSE_W]);
  });

  it("draws the tangent at W = 3 with slope 56/3, the compiled derivative of the mean squared error", async () => {
    const svg = svgOf(await plotCostAlong(MSE_W, { data, param: "W", range: [-5, 7], tangent: 3 }));
    expect(texts(svg, "role-legend-label")).toContain("tangent at W = 3, slope 18.67");
    // The slope in data units, from pixels: the curve gives the scales (cost 168 at W = -5, 0 at W = 1).
    const curve = vertices(items(svg, "line", "layer_0")[0]!);
    const xScale = (curve[curve.length - 1]![0] - curve[0]![0]) / 12;
    const lowest = Math.max(...curve.map((v) => v[1]));
    const yScale = (lowest - curve[0]![1]) / 168;
    const [[x0, y0], [x1, y1]] = vertices(items(svg, "line", "tangent")[0]!) as [
      [number, number],
      [number, number],
    ];
    expect((y0 - y1) / yScale / ((x1 - x0) / xScale)).toBeCloseTo(56 / 3, 1);
    expect(items(svg, "symbol", "touch")).toHaveLength(1);
  });

  it("marks a run's steps on the curve, and holds the other parameters at their fixed values", async () => {
    const run = handWritten();
    const svg = svgOf(
      await plotCostAlong(MSE, { data, param: "W", range: [-5, 7], fixed: { b: 0 }, steps: run, tangent: 3 }),
    );
    expect(vertices(items(svg, "line", "steps")[0]!)).toHaveLength(12);
    expect(items(svg, "symbol")).toHaveLength(12 + 1);
    expect(texts(svg, "role-title-text")).toEqual([`${MSE} at b = 0`]);
    // The start, W = 3, lies on the curve: mean((3x - y)^2) = 56/3 there, as at the tangent's touch point.
    const [start] = vertices(items(svg, "line", "steps")[0]!);
    const touch = /translate\(([^,]+),([^)]+)\)/.exec(
      items(svg, "symbol", "touch")[0]!.attributes["transform"]!,
    )!;
    expect(Number(touch[1])).toBeCloseTo(start![0], 2);
    expect(Number(touch[2])).toBeCloseTo(start![1], 2);
  });

  it("thins a long run to the steps that move visibly, keeping the first and the last", async () => {
    const run = sgd();
    const svg = svgOf(await plotCostAlong(MSE, { data, param: "W", range: [-1, 2], steps: run }));
    const steps = vertices(items(svg, "line", "steps")[0]!);
    expect(steps.length).toBeGreaterThan(10);
    expect(steps.length).toBeLessThan(100);
  });

  it("names the mistake: a parameter the cost does not have, a fixed plotted parameter, an empty range", async () => {
    await expect(plotCostAlong(MSE_W, { data, param: "b", range: [0, 1] })).rejects.toThrow(
      /'b' is not a parameter of mean\(\(W\*x - y\)\^2\) \(parameters: W\)/,
    );
    await expect(plotCostAlong(MSE, { data, param: "W", range: [0, 1], fixed: { W: 1 } })).rejects.toThrow(
      PlotError,
    );
    await expect(plotCostAlong(MSE_W, { data, param: "W", range: [1, 1] })).rejects.toThrow(/range of 'W'/);
  });
});

describe("plotCostContour", () => {
  it("draws one cell per grid point, the run's path and the parameters as axis titles", async () => {
    const run = minimize(MSE, {
      data,
      init: { W: 0, b: 0 },
      method: "gd",
      learningRate: 0.01,
      maxIterations: 30,
    });
    const svg = svgOf(
      await plotCostContour(MSE, {
        data,
        params: ["W", "b"],
        ranges: [
          [-1, 3],
          [-2, 2],
        ],
        path: run,
        grid: [21, 11],
      }),
    );
    expect(items(svg, "rect", "cells")).toHaveLength(21 * 11);
    expect(vertices(items(svg, "line", "path")[0]!)).toHaveLength(run.history.length);
    expect(items(svg, "symbol")).toHaveLength(run.history.length);
    expect(texts(svg, "role-axis-title")).toEqual(["W", "b"]);
    expect(texts(svg, "role-title-text")).toEqual([MSE]);
  });

  it("rejects the same parameter twice", async () => {
    await expect(
      plotCostContour(MSE, {
        data,
        params: ["W", "W"],
        ranges: [
          [0, 1],
          [0, 1],
        ],
      }),
    ).rejects.toThrow(PlotError);
  });
});

describe("plotModelFit", () => {
  it("draws the data rows as points and the model as a line over the input's range", async () => {
    const svg = svgOf(
      await plotModelFit("W*x + b", { data, input: "x", output: "y", params: { W: 1, b: 0 }, points: 51 }),
    );
    expect(items(svg, "symbol")).toHaveLength(3);
    const line = vertices(items(svg, "line")[0]!);
    expect(line).toHaveLength(51);
    expect(texts(svg, "role-axis-title")).toEqual(["x", "y"]);
    expect(texts(svg, "role-title-text")).toEqual(["y ≈ W*x + b (W = 1, b = 0)"]);
    // y = x: the line passes through the three points.
    const points = items(svg, "symbol").map((p) =>
      /translate\(([^,]+),([^)]+)\)/.exec(p.attributes["transform"]!)!.slice(1).map(Number),
    );
    const [[ax, ay], [bx, by]] = [line[0]!, line[line.length - 1]!];
    for (const [px, py] of points) expect(ay + ((by - ay) * (px! - ax)) / (bx - ax)).toBeCloseTo(py!, 1);
  });

  it("needs a value for every parameter of the model", async () => {
    await expect(
      plotModelFit("W*x + b", { data, input: "x", output: "y", params: { W: 1 } }),
    ).rejects.toThrow(/needs a value for 'b'/);
  });
});

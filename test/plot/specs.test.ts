/**
 * The Vega-Lite specs behind the SVG plots (`…Spec`), which the playground draws in the browser: they carry
 * the shared look and the title, hold the numbers they were given (checked against the run and the grid
 * asked for, not against themselves), and report mistakes as the SVG functions do, synchronously.
 */
import { describe, expect, it } from "vitest";
import {
  costAlongSpec,
  costContourSpec,
  costHistorySpec,
  minimize,
  modelFitSpec,
  PlotError,
  plotModelFit,
} from "../../src/index.js";

const data = { x: [1, 2, 3], y: [1, 2, 3] };
const SEED = "mean((W*x + b - y)^2)";
const run = minimize(SEED, { data, method: "gd", learningRate: 0.01, maxIterations: 50, historyEvery: 1 });

type Layer = { name?: string; data?: { values: Record<string, number | null>[] } };
const layer = (spec: object, name: string) =>
  (spec as { layer: Layer[] }).layer.find((l) => l.name === name)!;

describe("plot specs", () => {
  it("the cost history holds every recorded cost, with the shared look and the title", () => {
    const spec = costHistorySpec(run, { title: "seed" }) as {
      data: { values: { iteration: number; cost: number }[] };
      config: object;
      title: string;
    };
    expect(spec.title).toBe("seed");
    expect(spec.config).toHaveProperty("font");
    expect(spec.data.values).toEqual(run.history.map((h) => ({ iteration: h.iteration, cost: h.cost })));
  });

  it("the landscape marks the run's values of W, at the cost with b held", () => {
    const spec = costAlongSpec(SEED, { data, param: "W", range: [-1, 3], fixed: { b: 0.5 }, steps: run });
    const steps = layer(spec, "steps").data!.values;
    expect(steps.map((s) => s["x"])).toEqual(run.history.map((h) => h.params["W"]));
    const [first] = steps;
    const W = run.history[0]!.params["W"]!;
    expect(first!["cost"]).toBeCloseTo(
      ((W + 0.5 - 1) ** 2 + (2 * W + 0.5 - 2) ** 2 + (3 * W + 0.5 - 3) ** 2) / 3,
      12,
    );
    expect((spec as { title: string }).title).toBe(`${SEED} at b = 0.5`);
  });

  it("the contour has one cell per grid point", () => {
    const spec = costContourSpec(SEED, {
      data,
      params: ["W", "b"],
      ranges: [
        [-1, 3],
        [-2, 2],
      ],
      grid: [7, 5],
    });
    expect(layer(spec, "cells").data!.values).toHaveLength(35);
  });

  it("a mistake is the same PlotError as the SVG function's, thrown at once", async () => {
    const options = { data, input: "x", output: "y", params: { W: 1 } };
    expect(() => modelFitSpec("W*x + y", options)).toThrow(PlotError);
    await expect(plotModelFit("W*x + y", options)).rejects.toThrow(PlotError);
  });
});

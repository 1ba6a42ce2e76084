/**
 * The seed's four figures: each is well-formed SVG with the marks that make it that figure. The files under
 * examples/figures/ are what `npm run figures` writes; the last test checks they are not stale.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { seedFigures } from "../../examples/figures.js";
import { marks, parseXml, texts, vertexCount, type XmlElement } from "../plot/xml.js";

const figures = await seedFigures();

/**
 * The SVG with vega's element ids (`gradient_3`, `clip7`, from counters global to the process) renumbered in
 * order of appearance, so a figure drawn after other plots in the same process compares equal.
 */
function canonicalIds(svg: string): string {
  const renamed = new Map<string, string>();
  return svg.replace(/\b(gradient_|clip)(\d+)\b/g, (id, kind: string) => {
    if (!renamed.has(id))
      renamed.set(id, `${kind}${[...renamed.keys()].filter((k) => k.startsWith(kind)).length}`);
    return renamed.get(id)!;
  });
}

function svgOf(text: string): XmlElement {
  const root = parseXml(text);
  expect(root.name).toBe("svg");
  return root;
}

describe("the seed's figures", () => {
  it("are four", () => {
    expect(Object.keys(figures)).toEqual([
      "1-fit.svg",
      "2-cost-along-W.svg",
      "3-cost-history.svg",
      "4-contour.svg",
    ]);
  });

  it("1: the three data points and the line fitted by SGD", () => {
    const svg = svgOf(figures["1-fit.svg"]);
    expect(marks(svg, "symbol", "data")).toHaveLength(3);
    expect(marks(svg, "line", "model")).toHaveLength(1);
    expect(texts(svg, "role-axis-title")).toEqual(["x", "y"]);
    expect(texts(svg, "role-title-text")[0]).toBe("y ≈ W*x + b (W = 0.9987, b = 0.002985)");
  });

  it("2: the cost over W with the tangent at W = 3 and the eleven steps of the hand-written descent", () => {
    const svg = svgOf(figures["2-cost-along-W.svg"]);
    expect(texts(svg, "role-axis-title")).toEqual(["W", "cost"]);
    expect(marks(svg, "line", "tangent")).toHaveLength(1);
    expect(texts(svg, "role-legend-label")).toContain("tangent at W = 3, slope 18.67");
    // W = 3 and the iterates after each of the 11 steps (epochs 0 to 10).
    expect(vertexCount(marks(svg, "line", "steps")[0]!)).toBe(12);
  });

  it("3: the cost over the 2001 steps of SGD, on a log axis", () => {
    const svg = svgOf(figures["3-cost-history.svg"]);
    expect(vertexCount(marks(svg, "line")[0]!)).toBe(2002);
    expect(texts(svg, "role-axis-title")).toEqual(["iteration", "cost"]);
    // Log-axis labels: powers of ten far from 1 are written as exponents.
    expect(texts(svg, "role-axis-label").some((t) => /e-\d/.test(t))).toBe(true);
  });

  it("4: the cost over (W, b) with the SGD path from (0, 0)", () => {
    const svg = svgOf(figures["4-contour.svg"]);
    expect(marks(svg, "rect", "cells")).toHaveLength(41 * 41);
    expect(vertexCount(marks(svg, "line", "path")[0]!)).toBeGreaterThan(10);
    expect(texts(svg, "role-axis-title")).toEqual(["W", "b"]);
  });

  it("are the files committed under examples/figures/", async () => {
    for (const [name, svg] of Object.entries(figures)) {
      const committed = await readFile(new URL(`../../examples/figures/${name}`, import.meta.url), "utf8");
      expect(
        canonicalIds(committed) === canonicalIds(svg),
        `examples/figures/${name} is stale: run npm run build && npm run figures`,
      ).toBe(true);
    }
  });
});

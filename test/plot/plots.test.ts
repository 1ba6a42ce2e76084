import { describe, expect, it } from "vitest";
import { plotContour, plotCostCurve, plotFit, plotLandscape, svgToPng } from "../../src/plot/index.js";
import { classes, findAll, parseXml, type XmlElement } from "./xml.js";

/** The parsed SVG, after checking it is well-formed XML with an <svg> root. */
function svgOf(text: string): XmlElement {
  const root = parseXml(text);
  expect(root.name).toBe("svg");
  return root;
}

/** The drawn items of every mark of a type ("symbol", "line", "rect", "text"), e.g. one path per point. */
function items(root: XmlElement, type: string): XmlElement[] {
  const groups = findAll(
    root,
    (e) => classes(e).includes(`mark-${type}`) && classes(e).includes("role-mark"),
  );
  return groups.flatMap((g) => g.children);
}

/** The texts of every element with class `role` (e.g. "role-axis-title"), in document order. */
function texts(root: XmlElement, role: string): string[] {
  const groups = findAll(root, (e) => classes(e).includes(role));
  return groups.flatMap((g) => findAll(g, (e) => e.name === "text")).map((t) => t.text);
}

/** The y of each point: points are drawn as paths translated to their centre. */
function pointYs(root: XmlElement): number[] {
  return items(root, "symbol").map((p) =>
    Number(/translate\([^,]+,([^)]+)\)/.exec(p.attributes["transform"]!)![1]),
  );
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);

describe("plotCostCurve", () => {
  it("draws one line, a point per iteration, axis titles and the formula as title", async () => {
    const costs = [9, 7, 6, 5.5, 5.2];
    const svg = svgOf(await plotCostCurve({ iterations: range(5), costs, title: "mean((W*x + b - y)^2)" }));
    expect(items(svg, "line")).toHaveLength(1);
    expect(items(svg, "symbol")).toHaveLength(5);
    expect(texts(svg, "role-axis-title")).toEqual(["iteration", "cost"]);
    expect(texts(svg, "role-title-text")).toEqual(["mean((W*x + b - y)^2)"]);
  });

  it("leaves points out of long runs", async () => {
    const svg = svgOf(
      await plotCostCurve({ iterations: range(200), costs: range(200).map((k) => 1 / (k + 1)) }),
    );
    expect(items(svg, "line")).toHaveLength(1);
    expect(items(svg, "symbol")).toHaveLength(0);
  });

  it("escapes a title with markup characters", async () => {
    const title = `a < b && c > "d" 'e' ≈ μ`;
    const svg = svgOf(await plotCostCurve({ iterations: [0, 1], costs: [2, 1], title }));
    expect(texts(svg, "role-title-text")).toEqual([title]);
  });

  // On a log axis, costs falling 10× per iteration are evenly spaced; on a linear axis their gaps shrink 10×.
  const gaps = (ys: number[]) => ys.slice(1).map((y, i) => y - ys[i]!);

  it("uses a log axis when costs span more than two decades", async () => {
    const costs = [1000, 100, 10, 1, 0.1];
    const d = gaps(pointYs(svgOf(await plotCostCurve({ iterations: range(5), costs }))));
    for (const gap of d) expect(gap).toBeCloseTo(d[0]!, 3);
    expect(d[0]).toBeGreaterThan(10);
  });

  it("uses a linear axis when they do not", async () => {
    const costs = [64, 32, 16, 8, 4, 2, 1];
    const ys = pointYs(svgOf(await plotCostCurve({ iterations: range(7), costs })));
    const pixelsPerCost = (ys[ys.length - 1]! - ys[0]!) / (costs[0]! - costs[costs.length - 1]!);
    ys.forEach((y, i) => {
      expect(y - ys[0]!).toBeCloseTo((costs[0]! - costs[i]!) * pixelsPerCost, 3);
    });
  });

  it("labels 0 and the powers of ten when costs span decades and reach exactly 0", async () => {
    const svg = svgOf(await plotCostCurve({ iterations: range(5), costs: [500, 5, 0.05, 0.005, 0] }));
    const labels = texts(svg, "role-axis-label");
    expect(labels).toEqual(expect.arrayContaining(["0", "0.001", "0.1", "10", "100"]));
    expect(labels).not.toContain("200");
  });

  it("leaves a gap, not an infinite axis, for non-finite costs", async () => {
    const svg = svgOf(
      await plotCostCurve({ iterations: range(4), costs: [3, 2, Number.POSITIVE_INFINITY, Number.NaN] }),
    );
    expect(items(svg, "symbol")).toHaveLength(2);
  });
});

describe("plotLandscape", () => {
  const values = range(121).map((k) => -5 + k / 10);
  const costs = values.map((w) => (14 / 3) * (w - 1) ** 2);
  const steps = [3, 1.6, 1.18, 1.054].map((w) => ({ value: w, cost: (14 / 3) * (w - 1) ** 2 }));
  const tangent = { at: 3, cost: 56 / 3, slope: 56 / 3 };

  it("draws the curve, the steps as points with chords, the tangent, a legend and axis titles", async () => {
    const svg = svgOf(
      await plotLandscape({ param: "W", values, costs, steps, tangent, title: "mean((W*x - y)^2)" }),
    );
    expect(items(svg, "line")).toHaveLength(3);
    expect(items(svg, "symbol")).toHaveLength(steps.length + 1);
    expect(texts(svg, "role-axis-title")).toEqual(["W", "cost"]);
    expect(texts(svg, "role-legend-label")).toEqual([
      "cost",
      "optimizer steps",
      "tangent at W = 3, slope 18.67",
    ]);
    expect(texts(svg, "role-mark").filter((t) => t === "start")).toHaveLength(1);
  });

  it("draws only the curve when given only the curve", async () => {
    const svg = svgOf(await plotLandscape({ param: "W", values, costs }));
    expect(items(svg, "line")).toHaveLength(1);
    expect(items(svg, "symbol")).toHaveLength(0);
  });

  it("clips a steep tangent to the curve's cost range instead of stretching the axis", async () => {
    const plain = texts(svgOf(await plotLandscape({ param: "W", values, costs })), "role-axis-label");
    const steep = { at: 0, cost: 14 / 3, slope: 1000 };
    const withTangent = texts(
      svgOf(await plotLandscape({ param: "W", values, costs, tangent: steep })),
      "role-axis-label",
    );
    expect(withTangent).toEqual(plain);
  });
});

describe("plotContour", () => {
  const xs = [0, 1, 3];
  const ys = [-1, 0, 1, 2];
  const costs = ys.map((y) => xs.map((x) => 10 ** (x + y)));
  const path = [
    { x: 3, y: 2 },
    { x: 1, y: 0 },
    { x: 0.5, y: -0.5 },
  ];

  /** Widths of the cells of the bottom row, in pixels, from the rect paths "M x,y h w v h h -w Z". */
  const cellWidths = (svg: XmlElement) =>
    items(svg, "rect")
      .slice(0, xs.length)
      .map((r) => Number(/h([-\d.e]+)/.exec(r.attributes["d"]!)![1]));

  it("draws a cell per grid point, the path as a line with points, and axis titles", async () => {
    const svg = svgOf(await plotContour({ params: ["W", "b"], xs, ys, costs, path, title: "f(W, b)" }));
    expect(items(svg, "rect")).toHaveLength(xs.length * ys.length);
    expect(items(svg, "line")).toHaveLength(1);
    expect(items(svg, "symbol")).toHaveLength(path.length);
    expect(texts(svg, "role-axis-title")).toEqual(["W", "b"]);
    expect(texts(svg, "role-legend-title")).toEqual(["cost"]);
  });

  it("sizes cells of an uneven grid halfway to their neighbours", async () => {
    // Edges at -0.5, 0.5, 2, 4: widths 1 : 1.5 : 2, each plus the same sub-pixel overlap.
    const [a, b, c] = cellWidths(svgOf(await plotContour({ params: ["W", "b"], xs, ys, costs })));
    expect((b! - a!) / (c! - b!)).toBeCloseTo(1, 6);
    expect((b! - a!) / a!).toBeGreaterThan(0.4);
  });

  it("uses a log colour scale when costs span decades, linear otherwise", async () => {
    const logLabels = texts(
      svgOf(await plotContour({ params: ["W", "b"], xs, ys, costs })),
      "role-legend-label",
    );
    expect(logLabels.length).toBeGreaterThan(2);
    for (const label of logLabels) expect(label).toMatch(/^(1|10+|0\.0*1|1e[-+]\d+)$/);
    const flat = ys.map((y) => xs.map((x) => 10 + x + y));
    const linearLabels = texts(
      svgOf(await plotContour({ params: ["W", "b"], xs, ys, costs: flat })),
      "role-legend-label",
    );
    expect(linearLabels.some((label) => !/^10*$/.test(label))).toBe(true);
  });
});

describe("plotFit", () => {
  it("draws the data as points and the model as one line, with the column names as axis titles", async () => {
    const x = [1, 2, 3, 4];
    const svg = svgOf(
      await plotFit({
        input: "x",
        output: "y",
        x,
        y: [1.1, 1.9, 3.2, 3.9],
        curve: { x: [0, 5], y: [0, 5] },
        title: "W*x",
      }),
    );
    expect(items(svg, "symbol")).toHaveLength(x.length);
    expect(items(svg, "line")).toHaveLength(1);
    expect(texts(svg, "role-axis-title")).toEqual(["x", "y"]);
    expect(texts(svg, "role-title-text")).toEqual(["W*x"]);
  });
});

describe("svgToPng", () => {
  /**
   * Width and height from the IHDR chunk, which follows the 8-byte signature and the chunk length and type.
   */
  function pngSize(png: Uint8Array): [number, number] {
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
    const view = new DataView(png.buffer, png.byteOffset);
    return [view.getUint32(16), view.getUint32(20)];
  }

  it("renders at the requested width, keeping the aspect ratio, or at the SVG's own size", async () => {
    const svg = await plotCostCurve({ iterations: [0, 1, 2], costs: [3, 2, 1] });
    const root = svgOf(svg);
    const [w, h] = [Number(root.attributes["width"]), Number(root.attributes["height"])];
    expect(pngSize(await svgToPng(svg))).toEqual([w, h]);
    const [width, height] = pngSize(await svgToPng(svg, 2 * w));
    expect(width).toBe(2 * w);
    expect(Math.abs(height - 2 * h)).toBeLessThanOrEqual(1);
  });
});

describe("parseXml, the checker the tests above rely on", () => {
  it.each([
    ["<svg><g></svg>", "does not close"],
    ["<svg><g/>", "is not closed"],
    ['<svg a="1" a="2"/>', "duplicate attribute"],
    ["<svg>a & b</svg>", "bad entity"],
    ["<svg/><svg/>", "second root"],
    ["text<svg/>", "outside the root"],
  ])("rejects %s", (text, problem) => {
    expect(() => parseXml(text)).toThrow(problem);
  });

  it("reads elements, attributes and entities", () => {
    const root = parseXml(`<svg w="1 &amp; 2"><text>a &lt; b&#x3bc;</text><g/></svg>`);
    expect(root.attributes).toEqual({ w: "1 & 2" });
    expect(root.children.map((c) => c.name)).toEqual(["text", "g"]);
    expect(root.children[0]!.text).toBe("a < bμ");
  });
});

describe("argument checks", () => {
  it("rejects parallel arrays of different lengths, naming them", async () => {
    await expect(plotCostCurve({ iterations: [0, 1], costs: [1] })).rejects.toThrow(
      "costs has 1 elements but iterations has 2",
    );
    await expect(plotLandscape({ param: "W", values: [0, 1], costs: [1, 2, 3] })).rejects.toThrow(RangeError);
    await expect(plotContour({ params: ["a", "b"], xs: [0, 1], ys: [0], costs: [[1]] })).rejects.toThrow(
      "costs[0] has 1 elements but xs has 2",
    );
    await expect(
      plotFit({ input: "x", output: "y", x: [1], y: [1], curve: { x: [0, 1], y: [0] } }),
    ).rejects.toThrow("curve.y has 1 elements but curve.x has 2");
  });
});

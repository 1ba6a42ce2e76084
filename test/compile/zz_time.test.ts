import { writeFileSync } from "node:fs";
import { test } from "vitest";
import { compile } from "../../src/compile/index.js";
import { gradient } from "../../src/diff/index.js";
import { parse } from "../../src/syntax/index.js";

test("t", () => {
  let t = performance.now();
  const lap = (what: string) => {
    console.log("LAP", what, (performance.now() - t).toFixed(0));
    t = performance.now();
  };
  const N = 1000;
  const params = Array.from({ length: N }, (_, i) => `x${i}`);
  const src = Array.from({ length: N - 1 }, (_, i) => `100*(x${i + 1} - x${i}^2)^2 + (1 - x${i})^2`).join(
    " + ",
  );
  const e = parse(src);
  lap("parse");
  gradient(e, params);
  lap("gradient");
  const c = compile(e, { params });
  lap("compile");
  writeFileSync("/tmp/speed/rosen.js", c.source);
  const p = new Float64Array(N).fill(0.5),
    g = new Float64Array(N);
  for (let k = 0; k < 5; k++) {
    c.valueAndGradient(p, g);
    lap("call");
  }
  for (let k = 0; k < 2000; k++) c.valueAndGradient(p, g);
  lap("2000 calls");
}, 600000);

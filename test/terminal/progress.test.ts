import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/terminal/index.js";

/** A writable stream that records what is written, posing as a terminal or not. */
function stream(isTTY: boolean) {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(s, { isTTY, columns: 100, output: () => chunks.join("") });
}

describe("createProgress", () => {
  it("is a silent no-op off a TTY", () => {
    const out = stream(false);
    const progress = createProgress({ total: 10, stream: out });
    expect(progress.active).toBe(false);
    progress.update(5, { cost: 1.5 });
    progress.stop();
    expect(out.output()).toBe("");
  });

  it("is a no-op on a TTY when disabled", () => {
    const out = stream(true);
    const progress = createProgress({ total: 10, stream: out, enabled: false });
    expect(progress.active).toBe(false);
    progress.update(5, { cost: 1.5 });
    progress.stop();
    expect(out.output()).toBe("");
  });

  it("draws iteration, total and the current cost, compactly formatted, on a TTY", () => {
    const out = stream(true);
    const progress = createProgress({ total: 200, stream: out });
    expect(progress.active).toBe(true);
    progress.update(200, { cost: 0.000123456789 });
    progress.stop();
    const text = out.output();
    expect(text).toContain("200/200");
    expect(text).toContain("cost 0.000123457");
    expect(text).not.toContain("0.000123456789");
  });
});

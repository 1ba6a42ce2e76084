import { describe, expect, it } from "vitest";
import { colorEnabled, colors } from "../../src/terminal/index.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe("colorEnabled", () => {
  it("follows the stream when nothing is said", () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
    expect(colorEnabled(tty, { TERM: "dumb" })).toBe(false);
  });

  it("is off with a non-empty NO_COLOR, and an empty one does not count", () => {
    expect(colorEnabled(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: "" })).toBe(true);
  });

  it("is on with FORCE_COLOR, even off a TTY, unless it is 0 or false", () => {
    expect(colorEnabled(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: "" })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(colorEnabled(tty, { FORCE_COLOR: "false" })).toBe(false);
  });

  it("lets --color and --no-color override everything", () => {
    expect(colorEnabled(tty, {}, false)).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: "1" }, false)).toBe(false);
    expect(colorEnabled(pipe, { NO_COLOR: "1" }, true)).toBe(true);
  });
});

describe("colors", () => {
  it("wraps text in SGR codes that close only their own attribute", () => {
    const c = colors(true);
    expect(c.red("x")).toBe("\x1b[31mx\x1b[39m");
    expect(c.bold(c.cyan("x"))).toBe("\x1b[1m\x1b[36mx\x1b[39m\x1b[22m");
  });

  it("returns text unchanged when disabled", () => {
    const c = colors(false);
    for (const style of Object.values(c)) expect(style("text")).toBe("text");
    expect(Object.keys(c).sort()).toEqual(["bold", "cyan", "dim", "green", "red", "yellow"]);
  });
});

import { describe, expect, it } from "vitest";
import { byName, namedEntries } from "../../src/text/byName.js";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

describe("records keyed by user names", () => {
  it("byName keeps every name as an own key, and nothing else", () => {
    const record = byName(NAMES.map((name, i) => [name, i]));
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(Object.keys(record)).toEqual(NAMES);
    expect(NAMES.map((name) => record[name])).toEqual(NAMES.map((_, i) => i));
    expect(JSON.parse(JSON.stringify(record))).toEqual(Object.fromEntries(NAMES.map((name, i) => [name, i])));
    expect("toString" in byName()).toBe(false);
  });

  it("namedEntries reads a Map, or an object's own properties only", () => {
    const own = JSON.parse('{"__proto__": 1, "x": 2}') as Record<string, number>;
    expect([...namedEntries(own)]).toEqual([
      ["__proto__", 1],
      ["x", 2],
    ]);
    const inherited = Object.create({ y: 3 }) as Record<string, number>;
    inherited["x"] = 2;
    expect([...namedEntries(inherited)]).toEqual([["x", 2]]);
    expect([...namedEntries(new Map([["constructor", 4]]))]).toEqual([["constructor", 4]]);
  });
});

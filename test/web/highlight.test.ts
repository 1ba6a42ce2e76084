/**
 * The editor's colour layer must hold exactly the typed text, character for character (it lies under the
 * transparent textarea), with the parser's error span marked where the parser says.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ParseError, parse } from "../../src/index.js";
import { highlight, offsetOf } from "../../web/highlight.js";

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("highlight", () => {
  it("keeps every character of any text, in order", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        expect(plain(highlight(text))).toBe(`${text}\n`);
      }),
    );
  });

  it("marks the span of the parser's error", () => {
    for (const [source, marked] of [
      ["2x + 1", "x"],
      ["sqr(x) + 1", "sqr"],
      ["a +\n  b c", "c"],
    ] as const) {
      let error: ParseError | undefined;
      try {
        parse(source);
      } catch (e) {
        error = e as ParseError;
      }
      expect(error).toBeInstanceOf(ParseError);
      const html = highlight(source, error!);
      expect(plain(/<mark>(.*?)<\/mark>/.exec(html)![1]!)).toBe(marked);
      expect(source.slice(offsetOf(source, error!.line, error!.column)).startsWith(marked)).toBe(true);
    }
  });

  it("colours numbers, names, functions and operators", () => {
    expect(highlight("exp(2*w) # c")).toBe(
      '<span class="tok-function">exp</span><span class="tok-bracket">(</span><span class="tok-number">2</span>' +
        '<span class="tok-operator">*</span><span class="tok-name">w</span><span class="tok-bracket">)</span> ' +
        '<span class="tok-comment"># c</span>\n',
    );
  });
});

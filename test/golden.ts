/**
 * Golden files in Lezer's readable test format: blocks of `# name`, the input, a line `==>`, and the expected
 * output, separated by blank lines. `golden(file, run)` makes one test per block comparing `run(input)` with
 * the expected part; with `UPDATE_GOLDEN=1` in the environment it rewrites the expected parts instead, for
 * review as a diff. A `# ` line only starts a block at the start of the file or after a blank line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";

/** One block of a golden file. */
export interface GoldenCase {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

const trimBlank = (lines: string[]) => {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
};

/** The blocks of a golden file's text. */
export function readGolden(text: string): GoldenCase[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cases: GoldenCase[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = /^# (.*)$/.exec(lines[i]!);
    if (!header) {
      i++;
      continue;
    }
    i++;
    const body: string[] = [];
    while (i < lines.length && !(/^# /.test(lines[i]!) && (lines[i - 1] ?? "").trim() === ""))
      body.push(lines[i++]!);
    const arrow = body.indexOf("==>");
    if (arrow < 0) throw new Error(`golden block '${header[1]}' has no '==>' line`);
    cases.push({
      name: header[1]!.trim(),
      input: trimBlank(body.slice(0, arrow)),
      expected: trimBlank(body.slice(arrow + 1)),
    });
  }
  return cases;
}

/** The text of a golden file holding `cases`. */
export function writeGolden(cases: readonly GoldenCase[]): string {
  return `${cases.map((c) => `# ${c.name}\n\n${c.input}\n\n==>\n\n${c.expected}\n`).join("\n")}`;
}

/**
 * One test per block of the golden file at `path` (a URL or path), comparing `run(input)` with the expected
 * text; `UPDATE_GOLDEN=1` rewrites the file with the actual outputs.
 */
export function golden(path: URL | string, run: (input: string) => string): void {
  const file = typeof path === "string" ? path : path.pathname;
  const cases = readGolden(readFileSync(file, "utf8"));
  const update = process.env["UPDATE_GOLDEN"] === "1";
  const actual = new Map<number, string>();
  describe(file.replace(/^.*\/test\//, "test/"), () => {
    cases.forEach((c, index) => {
      it(c.name, () => {
        const out = run(c.input).replace(/\s+$/, "");
        if (update) actual.set(index, out);
        else expect(out).toBe(c.expected);
      });
    });
    afterAll(() => {
      if (!update) return;
      const next = cases.map((c, index) => ({ ...c, expected: actual.get(index) ?? c.expected }));
      writeFileSync(file, writeGolden(next));
    });
  });
}

/**
 * README's command-line examples, run: every `$ npx symgrad …` line in a ```console block is run in-process
 * and must print exactly the lines that follow it (stdout and stderr together, as a terminal shows them).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { symgrad } from "./cli/run.js";

/** Shell words of a command line: double-quoted strings or runs of non-spaces. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]!);
const examples = blocks.flatMap((block) =>
  block
    .split(/^(?=\$ )/m)
    .filter((part) => part.startsWith("$ npx symgrad "))
    .map((part) => {
      const [command, ...output] = part.replace(/\n$/, "").split("\n");
      return { command: command!.slice(2), output: output.join("\n") };
    }),
);

describe("README's examples", () => {
  it("has examples to run", () => expect(examples.length).toBeGreaterThan(10));
  for (const { command, output } of examples) {
    it(command, async () => {
      const run = await symgrad(words(command).slice(2));
      expect(`${run.stdout}${run.stderr}`.replace(/\n$/, "")).toBe(output);
    });
  }
});

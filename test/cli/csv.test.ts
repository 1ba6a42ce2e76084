import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { symgrad } from "./run.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "symgrad-csv-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("--csv reads only the columns the formula uses", () => {
  it("a text column the formula does not use is no error", async () => {
    const dir = folder({ "people.csv": 'name,x,y\n"Smith, Ann",1,3\nBob,2,5\nCy,3,7\n' });
    const run = await symgrad(["minimize", "mean((W*x + b - y)^2)", "--csv", "people.csv", "--json"], dir);
    expect(run.stderr).toBe("");
    const { params } = JSON.parse(run.stdout);
    expect(params.W).toBeCloseTo(2, 6);
    expect(params.b).toBeCloseTo(1, 6);
  });

  it("a bad cell in a column it uses is one line with the file, line and column, exit 2", async () => {
    const dir = folder({ "people.csv": "name,x,y\nAnn,1,3\nBob,2,five\n" });
    const run = await symgrad(["minimize", "mean((W*x + b - y)^2)", "--csv", "people.csv"], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('error: people.csv, line 3, column "y": "five" is not a number\n');
  });

  it("a file of several chunks (over a megabyte) fits the line it was made from", async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => {
      const x = (i % 1000) / 100;
      return `${x.toFixed(2)},${(3 * x - 2).toFixed(2)},row ${i}`;
    });
    const dir = folder({ "line.csv": `x,y,label\r\n${rows.join("\r\n")}\r\n` });
    const run = await symgrad(
      ["minimize", "mean((W*x + b - y)^2)", "--csv", "line.csv", "--method", "lbfgs", "--json"],
      dir,
    );
    const { params } = JSON.parse(run.stdout);
    expect(params.W).toBeCloseTo(3, 6);
    expect(params.b).toBeCloseTo(-2, 6);
  });
});

/**
 * SLOW (a build, `npm pack` and a type check: several seconds). What a library user installs must type-check
 * under `strict` without `skipLibCheck`: every declaration file the public API reaches must be in the
 * package. The package is built afresh into a temporary folder, packed by npm with package.json's "files",
 * unpacked into a consumer's node_modules (its dependencies linked from ours: no network), and a consumer
 * file that uses the API is checked with tsc.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const tsc = join(repo, "node_modules/.bin/tsc");

const CONSUMER = `import {
  compile,
  format,
  gradient,
  type MinimizeResult,
  minimize,
  type ParamValue,
  ParseError,
  parse,
  parseProgram,
  readCsv,
  runProgram,
} from "symgrad";

const cost = parse("mean((W*x + b - y)^2)");
const [dW] = gradient(cost, ["W", "b"]);
const text: string = format(dW!);
const data = new Map([["x", [1, 2, 3]], ["y", [1, 2, 3]]]);
const fit: MinimizeResult = minimize(cost, { data, init: { W: 0 } });
const w: number | undefined = fit.params["W"];
const objective = compile(cost, { params: ["W", "b"], data: readCsv("x,y\\n1,2\\n") });
const program = parseProgram("param W\\nminimize W^2\\n");
const error: ParseError | undefined = undefined;
// a program's parameters may be vectors and matrices: each comes back in its shape
const run: Promise<MinimizeResult<ParamValue>> = runProgram("param W\\nminimize W^2\\n", { init: { W: 1 } });
const shaped = minimize("sum((w - 1)^2)", { init: { w: [0, 0] } });
const first: ParamValue | undefined = shaped.params["w"];
export { error, first, objective, program, run, text, w };
`;

describe("slow: the published package", () => {
  it("type-checks a strict consumer without skipLibCheck", () => {
    const root = mkdtempSync(join(tmpdir(), "symgrad-pack-"));
    const pkg = join(root, "package");
    mkdirSync(pkg);
    for (const entry of ["package.json", "README.md", "bin", "grammar"])
      cpSync(join(repo, entry), join(pkg, entry), { recursive: true });
    execFileSync(tsc, ["-p", join(repo, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], {
      cwd: repo,
    });
    execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", root], { cwd: pkg });
    const tarball = readdirSync(root).find((f) => f.endsWith(".tgz"))!;

    const consumer = join(root, "consumer");
    const installed = join(consumer, "node_modules/symgrad");
    mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", join(root, tarball), "-C", installed, "--strip-components=1"]);
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const scopes = new Set<string>();
    for (const dep of Object.keys(manifest.dependencies)) {
      const [scope] = dep.split("/");
      if (dep.startsWith("@")) {
        if (scopes.has(scope!)) continue;
        scopes.add(scope!);
        symlinkSync(join(repo, "node_modules", scope!), join(consumer, "node_modules", scope!));
      } else symlinkSync(join(repo, "node_modules", dep), join(consumer, "node_modules", dep));
    }
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module", private: true }));
    writeFileSync(join(consumer, "consumer.ts"), CONSUMER);
    const options = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      types: [],
    };
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: options, files: ["consumer.ts"] }),
    );
    let output = "";
    try {
      execFileSync(tsc, ["-p", "tsconfig.json"], { cwd: consumer, encoding: "utf8" });
    } catch (error) {
      output = `${(error as { stdout?: string }).stdout ?? ""}${(error as Error).message}`;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(output).toBe("");
  });
});

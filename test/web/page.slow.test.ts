/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core (no browser download),
 * against `symgrad serve` started as a user starts it. One browser, one build: the page in dist/web is
 * rebuilt first only if a source file is newer. Every number and message the page shows is checked against
 * what the CLI prints for the same problem. Screenshots and timings are kept in test/web/artifacts/.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { format, parseProgram, readCsv } from "../../src/index.js";
import { fromHash } from "../../web/state.js";
import { symgrad } from "../cli/run.js";

const root = new URL("../../", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";
const artifacts = join(root, "test/web/artifacts");
const SEED = "mean((W*x + b - y)^2)";
const SEED_DATA = ["--data", "x=1,2,3", "--data", "y=1,2,3"];

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else latest = Math.max(latest, statSync(path).mtimeMs);
    }
  }
  return latest;
}

/** Builds the package (library and page) unless dist is newer than every source file. */
function buildIfStale(): void {
  const built = [join(root, "dist/web/index.html"), join(root, "dist/src/cli/serve.js")];
  const oldest = Math.min(...built.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(...["web", "src", "grammar"].map((d) => newest(join(root, d))));
  if (oldest < sources) execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
}

/** `symgrad serve --port 0` in a child process, and the address it prints. */
async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, "bin/symgrad.js"), "serve", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (found) resolve(found[0]);
    });
    child.once("exit", (code) => reject(new Error(`symgrad serve exited with ${code}: ${out}`)));
  });
  return { child, url };
}

/** The values a problem is made of, as the page's inputs show them. */
function snapshot(page: Page): Promise<unknown> {
  return page.evaluate(`(() => {
    const value = (id) => document.getElementById(id).value;
    const inputs = (selector) => [...document.querySelectorAll(selector)].map((i) => i.value);
    return {
      formula: value("formula"), method: value("method"), lr: value("lr"), epochs: value("epochs"),
      model: value("model"), hessian: document.getElementById("hessian").checked,
      columns: inputs("#data thead input"), cells: inputs("#data tbody input"), starts: inputs("#params input"),
    };
  })()`);
}

/** A drop of a file named `name` holding `text` onto the data table. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: "text/csv" }));
    return transfer;
  })()`);
  await page.getByTestId("data").dispatchEvent("drop", { dataTransfer: transfer });
}

const cliValues = (stdout: string) =>
  Object.fromEntries(
    [...stdout.matchAll(/^(\w+) = (\S+)$/gm)].map(([, name, value]) => [name, Number(value)]),
  );

describe.skipIf(!existsSync(CHROMIUM) && !process.env["CI"])("the playground in Chromium", () => {
  let server: { child: ChildProcess; url: string };
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    buildIfStale();
    mkdirSync(artifacts, { recursive: true });
    server = await serve();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.locator("html[data-ready-ms]").waitFor({ state: "attached" });
    timings["readyMs"] = Number(await page.getAttribute("html", "data-ready-ms"));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill();
    if (Object.keys(timings).length)
      writeFileSync(join(artifacts, "timings.json"), JSON.stringify(timings, null, 2));
  });

  it("types the seed's formula and shows the CLI's gradient", async () => {
    const formula = page.getByTestId("formula");
    await formula.fill("");
    await formula.pressSequentially(SEED);
    const cli = await symgrad(["diff", SEED, "--wrt", "W,b"]);
    const lines = cli.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines)
      await expect.poll(() => page.getByTestId("gradient").textContent()).toContain(line);
    await expect.poll(() => page.locator("#gradient .katex").count()).toBe(2);
    // For README: from a keystroke to the typeset gradient, one edit at a time (the median of six).
    const edits: { page: number; worker: number }[] = [];
    for (let k = 0; k < 6; k++) {
      const before = Number(await page.getAttribute("html", "data-analyses"));
      await formula.press(k % 2 ? "Backspace" : "Space");
      await expect
        .poll(async () => Number(await page.getAttribute("html", "data-analyses")))
        .toBe(before + 1);
      const at = (name: string) => page.getAttribute("html", name).then(Number);
      edits.push({ page: await at("data-gradient-ms"), worker: await at("data-worker-ms") });
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    timings["gradientMs"] = median(edits.map((e) => e.page));
    timings["gradientWorkerMs"] = median(edits.map((e) => e.worker));
  });

  it("runs 2000 epochs of SGD at lr 0.01 and ends where the CLI ends", async () => {
    await page.getByTestId("method").selectOption("gd");
    await page.getByTestId("lr").fill("0.01");
    await page.getByTestId("epochs").fill("2000");
    const started = Date.now();
    await page.getByTestId("run").click();
    const result = page.locator("[data-testid=result][data-params]");
    await result.waitFor({ timeout: 30_000 });
    timings["runShownMs"] = Date.now() - started;
    const params = JSON.parse((await result.getAttribute("data-params"))!);
    const cli = await symgrad([
      "minimize",
      SEED,
      ...SEED_DATA,
      "--lr",
      "0.01",
      "--epochs",
      "2000",
      "--quiet",
    ]);
    const { cost, ...fitted } = cliValues(cli.stdout);
    expect(params).toEqual(fitted);
    expect(params.W).toBeCloseTo(1, 2);
    expect(params.b).toBeCloseTo(0, 2);
    expect(await page.getByTestId("result").textContent()).toContain(String(cost));
    // The seed-style table: epochs 0 to 2000 every 100, as `--every 100` prints them.
    const table = await symgrad([
      "minimize",
      SEED,
      ...SEED_DATA,
      "--lr",
      "0.01",
      "--epochs",
      "2000",
      "--every",
      "100",
    ]);
    const epochs = table.stdout.split("\n").filter((l) => l.startsWith("Epoch"));
    const rows = await page.locator("#progress tbody tr").allInnerTexts();
    expect(rows.map((r) => `Epoch ${r.replace(/\s+/g, " ").trim()}`)).toEqual(
      epochs.map((l) =>
        l
          .replace(/[:,]/g, "")
          .replace(/ (W|b|Cost)/g, "")
          .replace(/\s+/g, " "),
      ),
    );
    for (const plot of ["cost-plot", "landscape-plot", "contour-plot", "fit-plot"])
      expect(await page.locator(`#${plot} canvas`).count(), plot).toBeGreaterThan(0);
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: join(artifacts, "playground.png"), fullPage: true });
    if (process.env["UPDATE_SCREENSHOT"])
      await page.screenshot({ path: join(root, "web/screenshot.png"), type: "png" });
  });

  it("shows the parser's message with its caret under the column, as the CLI does", async () => {
    await page.getByTestId("formula").fill("2x + 1");
    const cli = await symgrad(["format", "2x + 1"]);
    expect(cli.status).toBe(2);
    const message = cli.stderr.replace(/^error: /, "").trimEnd();
    await expect.poll(() => page.getByTestId("error").textContent()).toBe(message);
    expect(await page.locator("#highlight mark").textContent()).toBe("x");
    await page.screenshot({ path: join(artifacts, "error.png") });
  });

  it("reads a dropped CSV file into the data table, and says where a bad cell is", async () => {
    await page.getByTestId("formula").fill(SEED);
    const bad = "x,y\n1,2\n2,abc\n";
    await dropFile(page, "points.csv", bad);
    const expected = (() => {
      try {
        readCsv(bad, { source: "points.csv" });
      } catch (error) {
        return (error as { format(): string }).format();
      }
    })();
    expect(expected).toContain('line 3, column "y"');
    await expect.poll(() => page.getByTestId("error").textContent()).toBe(expected);
    await dropFile(page, "points.csv", "x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n");
    await expect.poll(() => page.locator("#data tbody input").evaluateAll((i) => i.length)).toBe(8);
    expect(await page.getByTestId("error").isHidden()).toBe(true);
    const state = fromHash(new URL(page.url()).hash, {} as never);
    expect(state.data).toEqual([
      ["x", [1, 2, 3, 4]],
      ["y", [2.1, 3.9, 6.2, 7.8]],
    ]);
  });

  it("opens the same problem from its link", async () => {
    await page.getByTestId("method").selectOption("adam");
    await page.getByTestId("epochs").fill("300");
    await page.locator("#params input").first().fill("0.5");
    const before = await snapshot(page);
    const again = await browser.newPage();
    again.on("request", (request) => requests.push(request.url()));
    await again.goto(page.url());
    await again.locator("html[data-ready-ms]").waitFor({ state: "attached" });
    await expect.poll(() => again.locator("#params input").count()).toBe(2);
    expect(await snapshot(again)).toEqual(before);
    expect(before).toMatchObject({ method: "adam", epochs: "300", starts: ["0.5", "0"] });
    await again.close();
  });

  it("downloads the problem as a program file, and opens a dropped one", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
    const text = readFileSync(await download.path(), "utf8");
    const program = parseProgram(text, download.suggestedFilename());
    expect(download.suggestedFilename()).toBe("problem.sg");
    expect(format(program.cost)).toBe(SEED);
    expect(program.params.map((p) => [p.name, p.init])).toEqual([
      ["W", 0.5],
      ["b", 0],
    ]);
    expect(program.data.map((d) => [d.names[0], d.values])).toEqual([
      ["x", [1, 2, 3, 4]],
      ["y", [2.1, 3.9, 6.2, 7.8]],
    ]);
    expect(text).toContain("--method adam --lr 0.01 --epochs 300");
    await dropFile(page, "line.sg", text.replace("param W = 0.5, b = 0", "param W = 2, b = -1"));
    await expect
      .poll(() => page.locator("#params input").evaluateAll((i) => i.map((e) => e.value)))
      .toEqual(["2", "-1"]);
    expect(await page.getByTestId("formula").inputValue()).toBe(SEED);
  });

  it("sent no request anywhere but the server, and raised no error", () => {
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

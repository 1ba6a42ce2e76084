/**
 * The playground's figures for README: JS shipped (gzip -9 of each built script) and, in Debian's Chromium
 * against `symgrad serve`'s server, the time to interactive (the first gradient typeset, from navigation
 * start) over cold loads, and the time from a keystroke to the typeset gradient. Run after `npm run build`:
 * `node web/measure.mjs`. Not a test: timings depend on the machine and its load.
 */
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { pageDirectory, startServer } from "../dist/src/cli/serve.js";

const LOADS = 7;
const EDITS = 6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = pageDirectory();
for (const file of readdirSync(`${root}/assets`).filter((f) => /\.(js|css)$/.test(f))) {
  const bytes = readFileSync(`${root}/assets/${file}`);
  console.log(`${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
}

const { server, url } = await startServer(root, 0);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ready = [];
const typing = [];
for (let load = 0; load < LOADS; load++) {
  const context = await browser.newContext(); // a cold cache every time
  const page = await context.newPage();
  await page.goto(url);
  await page.locator("html[data-ready-ms]").waitFor({ state: "attached" });
  ready.push(Number(await page.getAttribute("html", "data-ready-ms")));
  const formula = page.getByTestId("formula");
  await formula.click();
  await formula.press("End");
  for (let k = 0; k < EDITS; k++) {
    const analyses = async () => Number(await page.getAttribute("html", "data-analyses"));
    const before = await analyses();
    await formula.press(k % 2 ? "Backspace" : "Space");
    while ((await analyses()) === before) await page.waitForTimeout(2);
    typing.push(Number(await page.getAttribute("html", "data-gradient-ms")));
  }
  await context.close();
}
console.log(
  `interactive after (ms): median ${median(ready)}, best ${Math.min(...ready)}, all ${ready.join(", ")}`,
);
console.log(`keystroke to typeset gradient (ms): median ${median(typing)}, best ${Math.min(...typing)}`);
await browser.close();
server.close();

/**
 * `symgrad serve`'s file server: the files under its folder and nothing else, with the policy that keeps
 * the page from reaching any other host; and the command's mistakes reported as usage errors.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../src/cli/serve.js";
import { symgrad } from "../cli/run.js";

describe("symgrad serve", () => {
  const outside = mkdtempSync(join(tmpdir(), "symgrad-serve-"));
  const root = join(outside, "web");
  let served: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    mkdirSync(join(root, "assets"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>");
    writeFileSync(join(root, "assets", "main-1.js"), "export {};");
    writeFileSync(join(outside, "secret.txt"), "secret");
    served = await startServer(root, 0);
  });
  afterAll(() => {
    served.server.close();
    rmSync(outside, { recursive: true });
  });

  it("serves the page on 127.0.0.1 with its type and a policy that allows only itself", async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(served.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("connect-src 'self'");
    expect(await page.text()).toContain("<title>page</title>");
    const script = await fetch(new URL("assets/main-1.js?v=1", served.url));
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toBe("export {};");
  });

  it("serves nothing outside its folder, and only GET and HEAD", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2e%2e%2f..%2fsecret.txt",
      "/nothing.js",
    ])
      expect((await fetch(new URL(path, served.url))).status, path).toBe(404);
    expect((await fetch(served.url, { method: "POST" })).status).toBe(405);
    const head = await fetch(served.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("reports a bad port or an argument as a usage error", async () => {
    const port = await symgrad(["serve", "--port", "http"]);
    expect(port.status).toBe(2);
    expect(port.stderr).toContain("flag '--port' needs a number, got 'http'");
    const big = await symgrad(["serve", "--port", "70000"]);
    expect(big.stderr).toContain("up to 65535");
    const extra = await symgrad(["serve", "web"]);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toContain("serve takes no arguments; unexpected 'web'");
  });

  it("says when the port is taken", async () => {
    const port = Number(new URL(served.url).port);
    const taken = await symgrad(["serve", "--port", String(port)]);
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain(`port ${port} is in use; choose another with --port`);
  });
});

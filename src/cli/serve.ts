/**
 * `symgrad serve [--port 4173] [--open]`: serves the playground page, built into the package's dist/web by
 * `npm run build`, over 127.0.0.1 with Node's http module. Only files under that folder are served, only to
 * GET and HEAD; the Content-Security-Policy lets the page fetch nothing from anywhere else, so it runs
 * offline and sends nothing out.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, countFlag, parseFlags, UsageError } from "./args.js";
import type { IO } from "./io.js";

export const serveCommand: Command = {
  name: "serve",
  usage: "symgrad serve [--port 4173] [--open]",
  summary:
    "Serve the playground on http://127.0.0.1: type a cost, read its gradient, watch the descent. It runs in\n" +
    "the browser alone; nothing is sent anywhere. Ctrl+C stops the server.",
  flags: {
    port: { type: "string", value: "N", help: "the port to listen on (default 4173; 0 picks a free one)" },
    open: { type: "boolean", help: "open the page in the default browser" },
  },
  examples: ["symgrad serve", "symgrad serve --port 8080 --open"],
};

const TYPES: ReadonlyMap<string, string> = new Map([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".json", "application/json"],
  [".svg", "image/svg+xml"],
  [".png", "image/png"],
  [".woff2", "font/woff2"],
  [".woff", "font/woff"],
  [".ttf", "font/ttf"],
]);

// Scripts, styles, fonts, images and workers from this server only; `unsafe-eval` because symgrad compiles
// each cost to a JavaScript function and Vega compiles its expressions, `unsafe-inline` styles for KaTeX
// and Vega, `data:` fonts that the build inlines.
const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
].join("; ");

/** The built page in this package: dist/web beside the package.json above this module. */
export function pageDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, "dist", "web");
}

/** A server of the files under `root` on 127.0.0.1:`port` (0 for a free port), and its address. */
export async function startServer(root: string, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const headers = { "Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff" };
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
      return;
    }
    const file = fileFor(root, request.url ?? "/");
    const body = file === undefined ? undefined : await readFile(file).catch(() => undefined);
    if (file === undefined || body === undefined) {
      response.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    response.writeHead(200, {
      ...headers,
      "Content-Type": TYPES.get(extname(file)) ?? "application/octet-stream",
      "Content-Length": body.length,
      // Built assets have content hashes in their names; the page itself must always be fresh.
      "Cache-Control": file.endsWith("index.html") ? "no-cache" : "max-age=31536000, immutable",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return { server, url: `http://127.0.0.1:${actual}/` };
}

/** The file a URL path names under `root`, or undefined if it would leave `root`. */
function fileFor(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, "http://localhost").pathname);
  } catch {
    return undefined;
  }
  if (path.includes("\0")) return undefined;
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  return file.startsWith(normalize(root) + sep) ? file : undefined;
}

/** `symgrad serve`: runs until the process is interrupted. */
export async function runServe(argv: readonly string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(serveCommand, argv);
  if (positionals.length > 0)
    throw new UsageError(`serve takes no arguments; unexpected '${positionals[0]}'`);
  const port = countFlag(values, "port") ?? 4173;
  if (port > 65535) throw new UsageError(`flag '--port' needs a port number up to 65535, got ${port}`);
  const root = pageDirectory();
  if (!existsSync(join(root, "index.html"))) {
    io.stderr.write(
      `error: the playground is not built (no ${join(root, "index.html")}); run 'npm run build'\n`,
    );
    return 1;
  }
  let url: string;
  let server: Server;
  try {
    ({ server, url } = await startServer(root, port));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new UsageError(`port ${port} is in use; choose another with --port`);
    throw error;
  }
  io.stdout.write(`symgrad playground on ${url}  (Ctrl+C stops it)\n`);
  if (values["open"]) openBrowser(url, io);
  return new Promise((resolve) => {
    const close = () => {
      server.close(() => resolve(0));
      server.closeAllConnections();
    };
    process.once("SIGINT", close);
    process.once("SIGTERM", close);
  });
}

/** Opens `url` with the system's opener; a missing opener is reported, not fatal. */
function openBrowser(url: string, io: IO): void {
  const [command, ...args] =
    process.platform === "darwin"
      ? ["open", url]
      : process.platform === "win32"
        ? ["cmd", "/c", "start", "", url]
        : ["xdg-open", url];
  const child = spawn(command!, args, { stdio: "ignore", detached: true });
  child.on("error", () => io.stderr.write(`could not open a browser; open ${url} yourself\n`));
  child.unref();
}

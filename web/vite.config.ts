/**
 * Builds the playground into dist/web (shipped in the npm package, served by `symgrad serve`). Paths are
 * relative, so the page works from any directory; the library's Node-only imports (reading files, PNG
 * output, finding chevrotain's bundle, Buffer) are replaced by browser stand-ins (web/stubs).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "./",
  logLevel: "warn",
  resolve: {
    alias: [
      { find: "node:fs/promises", replacement: here("stubs/node.ts") },
      { find: "node:path", replacement: here("stubs/node.ts") },
      { find: "node:os", replacement: here("stubs/node.ts") },
      { find: "@resvg/resvg-js", replacement: here("stubs/resvg.ts") },
      // grammar/chevrotain.ts loads chevrotain through Node's module resolution.
      { find: /^\.\/chevrotain\.js$/, replacement: here("stubs/chevrotain.ts") },
    ],
  },
  worker: { format: "es", rolldownOptions: { checks: { bundlerTimings: false } } },
  build: {
    outDir: here("../dist/web"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    // The build is part of `npm install`; its plugin timing report is noise there.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});

#!/usr/bin/env node
// The symgrad command: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { main } from "../dist/src/cli/main.js";

// A reader that stops early (`symgrad … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
process.exitCode = await main(process.argv.slice(2));

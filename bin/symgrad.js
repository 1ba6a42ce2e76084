#!/usr/bin/env node
// The symgrad command: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { cli } from "../dist/src/cli/main.js";

process.exitCode = await cli(process.argv.slice(2));

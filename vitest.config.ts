import { configDefaults, defineConfig } from "vitest/config";

/**
 * `npm test` runs the quick suite. Slow tests (`*.slow.test.ts`: huge inputs, the page in a real browser, the
 * packed package type-checked by a consumer) run with `npm run test:slow`; CI runs both.
 */
const slow = process.env.SYMGRAD_SLOW === "1";

export default defineConfig({
  test: {
    include: slow ? ["test/**/*.slow.test.ts"] : ["test/**/*.test.ts"],
    exclude: slow ? configDefaults.exclude : [...configDefaults.exclude, "test/**/*.slow.test.ts"],
    benchmark: { include: ["test/bench/**/*.bench.ts"] },
    testTimeout: 60_000,
    // Test files share one module graph per worker: no test relies on a fresh copy of a module, and
    // importing chevrotain, vega and the compiler once per worker rather than once per file halves the run.
    isolate: false,
  },
});

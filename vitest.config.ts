import { configDefaults, defineConfig } from "vitest/config";

/**
 * `npm test` runs the quick suite; stress tests (huge inputs, `*.stress.test.ts`) run with
 * `npm run test:stress`, and CI runs both.
 */
const stress = process.env.SYMGRAD_STRESS === "1";

export default defineConfig({
  test: {
    include: stress ? ["test/**/*.stress.test.ts"] : ["test/**/*.test.ts"],
    exclude: stress ? configDefaults.exclude : [...configDefaults.exclude, "test/**/*.stress.test.ts"],
    benchmark: { include: ["test/bench/**/*.bench.ts"] },
    testTimeout: 60_000,
  },
});

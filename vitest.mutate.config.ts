import { configDefaults, defineConfig } from "vitest/config";

/** The tests that mutation testing (`npm run mutate`) runs against the core: the stages it mutates. */
export default defineConfig({
  test: {
    include: ["test/{expr,diff,simplify,compile,print}/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "test/**/*.slow.test.ts"],
    testTimeout: 60_000,
  },
});

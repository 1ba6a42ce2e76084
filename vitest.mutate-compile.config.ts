import { configDefaults, defineConfig } from "vitest/config";

/**
 * The tests of src/compile alone, for mutating src/compile (`npm run mutate:compile`): as with src/expr,
 * every test file builds and compiles formulas as it loads, so against the whole suite each mutant re-ran
 * nearly every file. The score is then a lower bound: the other stages' tests (minimize, cli) kill more.
 */
export default defineConfig({
  test: {
    include: ["test/compile/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "test/**/*.slow.test.ts"],
    testTimeout: 60_000,
    setupFiles: ["test/mutationSeed.ts"],
  },
});

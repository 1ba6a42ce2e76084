import { configDefaults, defineConfig } from "vitest/config";

/**
 * The tests of src/expr alone, for mutating src/expr (`npm run mutate:expr`): every test file builds
 * formulas as it loads, so against the whole core suite each constructor mutant re-ran nearly every file
 * (minutes per mutant); against its own stage's tests the 700 mutants of expr.ts and rational.ts take nine
 * minutes. The score is then a lower bound: other stages' tests kill more.
 */
export default defineConfig({
  test: {
    include: ["test/expr/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "test/**/*.slow.test.ts"],
    testTimeout: 60_000,
  },
});

/**
 * Setup of the mutation runs (vitest.mutate-*.config.ts): one fixed fast-check seed, so that every mutant
 * faces the same generated inputs as the initial run, and a property that is flaky on some seed cannot
 * abort a run of an hour in its initial test run.
 */
import fc from "fast-check";

fc.configureGlobal({ seed: 20261129 });

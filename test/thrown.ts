/**
 * The error of class `type` that `run` throws, so a test can check its fields; fails the test if `run`
 * throws nothing or something else.
 */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

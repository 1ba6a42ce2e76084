import { DataError } from "../../src/data/index.js";

/**
 * The DataError thrown by `read`, so a test can check its fields; fails if nothing or something else is
 * thrown.
 */
export function dataError(read: () => unknown): DataError {
  try {
    read();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error("expected a DataError");
}

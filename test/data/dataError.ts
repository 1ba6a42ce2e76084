import { DataError } from "../../src/data/index.js";
import { thrown } from "../thrown.js";

/**
 * The DataError thrown by `read`, so a test can check its fields; fails if nothing or something else is
 * thrown.
 */
export const dataError = (read: () => unknown): DataError => thrown(DataError, read);

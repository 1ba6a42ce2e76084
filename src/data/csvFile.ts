/**
 * Reading a CSV file from disk in chunks of a megabyte into a {@link CsvReader}, so that the file is never
 * held whole in memory, not even as a string. The reader is told the file's size (to allocate its columns
 * about once) and the machine's memory (to refuse, with a message, data that would not fit instead of
 * crashing the process).
 */
import { open } from "node:fs/promises";
import { totalmem } from "node:os";
import { type CsvOptions, CsvReader } from "./csv.js";
import { DataError } from "./dataError.js";

const CHUNK = 2 ** 20;

/** Reads a CSV file like `readCsv`; `source` defaults to `path`. Unreadable files throw a DataError. */
export async function readCsvFile(
  path: string,
  options: CsvOptions = {},
): Promise<Record<string, Float64Array>> {
  const source = options.source ?? path;
  const handle = await open(path, "r").catch((error: unknown) => {
    throw cannotRead(error, source);
  });
  try {
    const stat = await handle.stat();
    if (stat.isDirectory())
      throw new DataError("cannot read the file: is a directory, not a file", { source });
    const size = stat.isFile() ? stat.size : undefined;
    const reader = new CsvReader({ ...options, source, size, memory: machineMemory() });
    const chunk = new Uint8Array(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, null).catch((error: unknown) => {
        throw cannotRead(error, source);
      });
      if (bytesRead === 0) break;
      reader.push(chunk.subarray(0, bytesRead));
    }
    return reader.end();
  } finally {
    await handle.close();
  }
}

function cannotRead(error: unknown, source: string): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES"
        ? "permission denied"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : (error as Error).message;
  return new DataError(`cannot read the file: ${reason}`, { source });
}

/** The memory this process may use: the machine's, or less when a container limits it. */
function machineMemory(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 ? Math.min(limit, totalmem()) : totalmem();
}

import { ParseError, parse, parseProgram } from "../../src/syntax/index.js";
import { golden } from "../golden.js";

/** The formatted ParseError of `run`, or what it returned when it did not throw. */
function formatted(run: () => unknown): string {
  try {
    return `no error: ${String(run())}`;
  } catch (error) {
    if (error instanceof ParseError) return error.format();
    throw error;
  }
}

// Formulas; a first line `#! data: x, y` (a comment to the parser) binds those names to data.
golden(new URL("../golden/errors.txt", import.meta.url), (source) => {
  const data = /^#! data: (.*)/.exec(source)?.[1]?.split(/,\s*/);
  return formatted(() => parse(source, data ? { data } : {}).kind);
});

// Program files, named `model.sg` in the messages.
golden(new URL("../golden/program-errors.txt", import.meta.url), (source) =>
  formatted(() => parseProgram(source, "model.sg").cost.kind),
);

// Program files with shape mistakes (vectors and matrices), named `model.sg` too.
golden(new URL("../golden/shape-errors.txt", import.meta.url), (source) =>
  formatted(() => parseProgram(source, "model.sg").cost.kind),
);

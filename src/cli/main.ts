/**
 * The `symgrad` command line: dispatches to a command, and prints every error a user can cause (any
 * SymgradError: a ParseError with a caret, a DataError with file, line and column, a usage error with the
 * right flag) as a short message on stderr with exit status 2, a failed write in one line with status 1 —
 * never a stack trace. Commands are loaded only when used, so `symgrad format` does not pay for the
 * optimizer or the plotting libraries; the commands that fit run in a worker thread (commandThread.ts).
 */
import { SymgradError } from "../text/symgradError.js";
import { type Command, helpText, UsageError } from "./args.js";
import { type IO, OutputError, processIO, systemReason } from "./io.js";

type Run = (argv: readonly string[], io: IO) => number | Promise<number>;

/** A command's flags and help, and what runs it; loaded only when the command is used. */
type Loaded = { readonly spec: Command; readonly run: Run };

/** Each command: its summary, its loader, and whether it fits (runs long, so in a worker thread). */
const COMMANDS: Record<string, { summary: string; fits?: true; load: () => Promise<Loaded> }> = {
  format: {
    summary: "print a formula as symgrad reads it, or as LaTeX",
    load: async () => import("./format.js").then((m) => ({ spec: m.formatCommand, run: m.runFormat })),
  },
  diff: {
    summary: "print the gradient (and Hessian) of a formula",
    load: async () => import("./diff.js").then((m) => ({ spec: m.diffCommand, run: m.runDiff })),
  },
  minimize: {
    summary: "minimize a formula or a program file",
    fits: true,
    load: async () => import("./minimize.js").then((m) => ({ spec: m.minimizeCommand, run: m.runMinimize })),
  },
  run: {
    summary: "run a program file (*.sg)",
    fits: true,
    load: async () => import("./minimize.js").then((m) => ({ spec: m.runCommand, run: m.runProgramFile })),
  },
  check: {
    summary: "check a hand-derived derivative against the exact one",
    load: async () => import("./check.js").then((m) => ({ spec: m.checkCommand, run: m.runCheck })),
  },
  plot: {
    summary: "draw cost curves, landscapes and fits as SVG or PNG",
    fits: true,
    load: async () => import("./plot.js").then((m) => ({ spec: m.plotCommand, run: m.runPlot })),
  },
  serve: {
    summary: "serve the playground page on 127.0.0.1 (type a cost, watch the descent)",
    load: async () => import("./serve.js").then((m) => ({ spec: m.serveCommand, run: m.runServe })),
  },
};

const HELP = [
  "symgrad: write a cost as a formula, read its gradient as a formula, minimize it.",
  "",
  "Usage: symgrad <command> [flags]    (symgrad <command> --help for its flags and examples)",
  "",
  "Commands:",
  ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`),
  "",
  "Examples:",
  '  symgrad format "mean((W*x+b - y)^2)" --latex',
  '  symgrad diff "mean((W*x+b - y)^2)" --wrt W,b',
  '  symgrad minimize "(1 - a)^2 + 100*(b - a^2)^2" --init a=-1.2,b=1',
  "  symgrad run examples/seed.sg",
].join("\n");

/**
 * The process's command line: `symgrad …argv` on the real streams. A command that fits runs in a worker
 * thread, so that Ctrl-C stops it with a summary and a closed stdout stops it at once; a failed write to
 * stdout is reported in one line.
 */
export async function cli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = Object.hasOwn(COMMANDS, name ?? "") ? COMMANDS[name!] : undefined;
  if (command?.fits && !rest.includes("--help") && !rest.includes("-h")) {
    const { runInWorker } = await import("./commandThread.js");
    return runInWorker(argv);
  }
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // a reader that stops early (`symgrad … | head`) is not an error; a full disk is
    if (error.code !== "EPIPE")
      process.stderr.write(`error: cannot write the output: ${systemReason(error)}\n`);
    process.exit(error.code === "EPIPE" ? 0 : 1);
  });
  return main(argv, processIO);
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export async function main(argv: readonly string[], io: IO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout.write("symgrad 0.1.0\n");
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (!command) {
      const { suggest } = await import("../text/suggest.js");
      const near = suggest(name, Object.keys(COMMANDS));
      throw new UsageError(`unknown command '${name}'${near ? `; did you mean '${near}'?` : ""}`);
    }
    const { spec, run } = await command.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(`${helpText(spec)}\n`);
      return 0;
    }
    return await run(rest, io);
  } catch (error) {
    return report(error, name, io);
  }
}

/** Prints an error for a person; exit status 2 for anything the user can fix, 1 for anything else. */
function report(error: unknown, command: string, io: IO): number {
  if (error instanceof UsageError) {
    const help = Object.hasOwn(COMMANDS, command) ? `symgrad ${command} --help` : "symgrad --help";
    io.stderr.write(`error: ${error.message}\nRun '${help}' for the flags and examples.\n`);
    return 2;
  }
  if (error instanceof SymgradError) {
    io.stderr.write(`error: ${error.format()}\n`);
    return error instanceof OutputError ? 1 : 2;
  }
  const e = error as { message?: string; stack?: string };
  io.stderr.write(`symgrad: internal error: ${e.message ?? String(error)}\n`);
  if (io.env["SYMGRAD_DEBUG"]) io.stderr.write(`${e.stack}\n`);
  return 1;
}

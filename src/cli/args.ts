/**
 * Command-line flags: each command states its flags once (type, placeholder, help), and this module parses
 * argv against them with node's parseArgs, turning its errors into UsageErrors that name the right flag
 * ("unknown flag '--lr0'; did you mean '--lr'?") and writing each command's --help text.
 */
import { parseArgs } from "node:util";
import { readNumber } from "../data/index.js";
import { suggest } from "../text/suggest.js";
import { SymgradError } from "../text/symgradError.js";

/** One flag of a command. */
export interface Flag {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  /** Placeholder for the value in help, e.g. `W=0,b=0`. */
  readonly value?: string;
  readonly help: string;
}

/** A command: its name, usage line, flags and examples for --help. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly flags: Readonly<Record<string, Flag>>;
  readonly examples: readonly string[];
}

/** Wrong use of the command line: printed with a pointer to --help, exit status 2. */
export class UsageError extends SymgradError {
  override readonly name = "UsageError";
}

const COMMON: Record<string, Flag> = {
  help: { type: "boolean", help: "show this help" },
};

/** Parsed flags (by name) and positional arguments. */
export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses argv (after the command name) against the command's flags. A flag that takes one value may be given
 * once; everything after `--` is positional, so a formula that starts with a minus goes there.
 */
export function parseFlags(command: Command, argv: readonly string[]): Parsed {
  const flags = { ...COMMON, ...command.flags };
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      { type: f.type, ...(f.multiple ? { multiple: true } : {}) },
    ]),
  );
  const args = joinDashedValues(argv, flags);
  const parsed = (() => {
    try {
      return parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
    } catch (error) {
      throw usageError(error, Object.keys(flags), command.name, args);
    }
  })();
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || flags[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`flag '--${token.name}' is given twice`);
    seen.add(token.name);
  }
  return { values: parsed.values as Parsed["values"], positionals: parsed.positionals };
}

/**
 * node's parseArgs refuses `--range -5,7` and `--lr -Infinity` (the value looks like a flag). No flag is
 * written with one dash except -h, so after a flag that takes a value, a word with one leading dash is its
 * value and is joined to it as `--range=-5,7`.
 */
function joinDashedValues(argv: readonly string[], flags: Readonly<Record<string, Flag>>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const name = /^--([\w-]+)$/.exec(arg)?.[1];
    const next = argv[i + 1];
    if (
      name !== undefined &&
      flags[name]?.type === "string" &&
      next !== undefined &&
      /^-(?!-)./.test(next) &&
      next !== "-h"
    ) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function usageError(error: unknown, names: string[], command: string, args: readonly string[]): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? "";
  const dashed = /^-[^-]/.test(flag) ? args.find((arg) => arg.startsWith(flag)) : undefined;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && dashed !== undefined) {
    // `symgrad minimize "-exp(W)"`: node reads the formula as the flags -e, -x, -p, …
    return new UsageError(
      `'${dashed}' starts with '-', so it is read as a flag; put a formula that starts with a minus last, ` +
        `after '--' (which ends the flags), as in: symgrad ${command} [flags] -- "${dashed}"`,
    );
  }
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const near = suggest(flag.replace(/^-+/, "").replace(/=.*$/, ""), names);
    const hint = near ? `; did you mean '--${near}'?` : "";
    return new UsageError(`unknown flag '${flag}' for 'symgrad ${command}'${hint}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = /--([\w-]+)/.exec(message)?.[1] ?? flag;
    // node says "does not take an argument" for `--json=1`; "argument missing" or "ambiguous" otherwise
    return message.includes("does not take an argument")
      ? new UsageError(`flag '--${name}' takes no value`)
      : new UsageError(`flag '--${name}' needs a value`);
  }
  return new UsageError(message);
}

/** A flag's value as a number; a UsageError names the flag when it is not one. */
export function numberFlag(values: Parsed["values"], name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = /^[+-]?Infinity$/.test(text) ? Number(text) : readNumber(text);
  if (typeof value !== "number") throw new UsageError(`flag '--${name}' needs a number, got '${text}'`);
  return value;
}

/** A whole-number flag, at least `min`. */
export function countFlag(values: Parsed["values"], name: string, min = 0): number | undefined {
  const value = numberFlag(values, name);
  if (value !== undefined && (!Number.isInteger(value) || value < min))
    throw new UsageError(`flag '--${name}' needs a whole number ≥ ${min}, got '${values[name]}'`);
  return value;
}

/** `W=0,b=-1.5` → [["W", 0], ["b", -1.5]]; a UsageError points at a bad pair or a name given twice. */
export function assignments(text: string, flag: string): [string, number][] {
  const pairs: [string, number][] = [];
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)\s*$/.exec(part);
    const value = m ? readNumber(m[2]!) : undefined;
    if (!m || typeof value !== "number")
      throw new UsageError(`flag '--${flag}' needs name=number pairs such as W=0,b=0; '${part}' is not one`);
    if (seen.has(m[1]!)) throw new UsageError(`flag '--${flag}' gives '${m[1]}' twice`);
    seen.add(m[1]!);
    pairs.push([m[1]!, value]);
  }
  return pairs;
}

/** A comma-separated list of names. */
export function nameList(text: string | undefined): string[] | undefined {
  return text === undefined
    ? undefined
    : text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
}

/** The --help text of a command. */
export function helpText(command: Command): string {
  const flags = { ...command.flags, ...COMMON };
  const rows = Object.entries(flags).map(
    ([name, f]) => [`--${name}${f.value ? ` ${f.value}` : ""}`, f.help] as const,
  );
  const width = Math.max(...rows.map(([l]) => l.length));
  return [
    `Usage: ${command.usage}`,
    "",
    command.summary,
    "",
    "Flags:",
    ...rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`),
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
  ].join("\n");
}

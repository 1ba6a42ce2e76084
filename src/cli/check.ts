/**
 * `symgrad check <cost> --wrt W --claim "<formula>" [--data x=1,2,3 … | --csv FILE]`: is the claimed formula
 * the derivative of the cost by W? Prints "right: …" (exit 0) or "wrong: …" with how it differs and a point
 * where it does (exit 1); a formula that does not parse or a claim that cannot be checked exits 2.
 */
import { freeSymbols } from "../expr/index.js";
import { CheckError, checkGradient, type GradientCheck } from "../minimize/index.js";
import { format } from "../print/index.js";
import { parse } from "../syntax/index.js";
import { type Command, parseFlags, UsageError } from "./args.js";
import { DATA_FLAGS, dataFlags } from "./fitFlags.js";
import type { IO } from "./io.js";

export const checkCommand: Command = {
  name: "check",
  usage: 'symgrad check <cost> --wrt W --claim "<formula>" [--data x=1,2,3 … | --csv FILE] [--json]',
  summary:
    "Check a hand-derived derivative: exactly when claim − derivative simplifies to 0, else at random points\n" +
    "to 1e-12. A wrong claim is explained (a constant factor, the sign, a missing term) with a point where it\n" +
    "differs. Exit status 0 when every claim is right, 1 when one is wrong. Repeat --wrt and --claim in pairs.",
  flags: {
    wrt: {
      type: "string",
      multiple: true,
      value: "W",
      help: "the parameter the claim is the derivative by (required)",
    },
    claim: {
      type: "string",
      multiple: true,
      value: "FORMULA",
      help: "the claimed derivative (required, one per --wrt)",
    },
    ...DATA_FLAGS,
    json: { type: "boolean", help: "print the checks as JSON" },
  },
  examples: [
    'symgrad check "mean((W*x - y)^2)" --wrt W --claim "sum((W*x - y)*x)" --data x=1,2,3 --data y=1,2,3',
    'symgrad check "(1 - a)^2 + 100*(b - a^2)^2" --wrt a --claim "-2*(1 - a) - 400*a*(b - a^2)"',
  ],
};

/** `symgrad check`. */
export async function runCheck(argv: readonly string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(checkCommand, argv);
  const source = positionals.join(" ");
  if (source === "") throw new UsageError("give the cost whose derivative is claimed");
  const wrt = (values["wrt"] as string[] | undefined) ?? [];
  const claimed = (values["claim"] as string[] | undefined) ?? [];
  if (wrt.length === 0 || claimed.length === 0) throw new UsageError("give --wrt W and --claim FORMULA");
  if (wrt.length !== claimed.length)
    throw new UsageError(
      `give one --claim per --wrt (got ${wrt.length} --wrt and ${claimed.length} --claim)`,
    );
  const data = await dataFlags(values, () => [source, ...claimed].flatMap((f) => freeSymbols(parse(f))), io);
  const claims = new Map(wrt.map((w, k) => [w.trim(), claimed[k]!]));
  if (claims.size !== wrt.length) throw new UsageError("a parameter is given to --wrt twice");
  let result: ReturnType<typeof checkGradient>;
  try {
    result = checkGradient(source, Object.fromEntries(claims), { data });
  } catch (error) {
    if (error instanceof CheckError) throw new UsageError(error.message);
    throw error;
  }
  if (values["json"]) {
    const checks = result.checks.map((c) => ({
      ...c,
      claim: format(c.claim),
      derivative: format(c.derivative),
    }));
    io.stdout.write(`${JSON.stringify({ correct: result.correct, checks }, null, 2)}\n`);
  } else io.stdout.write(result.checks.map(describe).join(""));
  return result.correct ? 0 : 1;
}

function describe(check: GradientCheck): string {
  const label = `d/d${check.name}`;
  const lines = [`${check.correct ? "right" : "wrong"}: ${check.explanation}`];
  if (check.correct) lines.push(`  ${label} = ${format(check.derivative)}`);
  else {
    lines.push(
      `  claim:      ${label} = ${format(check.claim)}`,
      `  derivative: ${label} = ${format(check.derivative)}`,
    );
    if (check.at) {
      const point = Object.entries(check.at.point)
        .map(([name, v]) => `${name} = ${v}`)
        .join(", ");
      lines.push(`  at ${point}: the claim is ${check.at.claim}, the derivative is ${check.at.derivative}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

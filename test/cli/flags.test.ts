/**
 * Flags as a new user types them: values that start with a minus, a formula that starts with one, a flag
 * given twice, method names in PyTorch's spelling, and errors that name the flag typed, not the API option.
 */
import { describe, expect, it } from "vitest";
import { helpText } from "../../src/cli/args.js";
import { checkCommand } from "../../src/cli/check.js";
import { diffCommand } from "../../src/cli/diff.js";
import { formatCommand } from "../../src/cli/format.js";
import { minimizeCommand, runCommand } from "../../src/cli/minimize.js";
import { plotCommand } from "../../src/cli/plot.js";
import { serveCommand } from "../../src/cli/serve.js";
import { minimize } from "../../src/index.js";
import { symgrad } from "./run.js";

/** The first line of stderr of a usage error, which must exit with status 2. */
async function usageError(argv: string[]): Promise<string> {
  const run = await symgrad(argv);
  expect(run.status, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  return run.stderr.split("\n")[0]!;
}

describe("a formula that starts with a minus", () => {
  it("is read as a flag, and the error says to put it after --", async () => {
    expect(await usageError(["minimize", "-exp(W)"])).toBe(
      "error: '-exp(W)' starts with '-', so it is read as a flag; put a formula that starts with a minus last, " +
        `after '--' (which ends the flags), as in: symgrad minimize [flags] -- "-exp(W)"`,
    );
  });

  it("is minimized when it follows --", async () => {
    const run = await symgrad(["minimize", "--init", "W=0.5", "--json", "--", "-exp(-W^2)"]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.params.W).toBeCloseTo(0, 6);
    expect(result.cost).toBeCloseTo(-1, 12);
  });
});

describe("numbers as flag values", () => {
  it("reads negative numbers and -Infinity as values, and refuses a learning rate that is not finite and > 0", async () => {
    expect(await usageError(["minimize", "(W - 1)^2", "--lr", "-Infinity"])).toBe(
      "error: flag '--lr' needs a finite number > 0, got '-Infinity'",
    );
    expect(await usageError(["minimize", "(W - 1)^2", "--lr", "Infinity"])).toBe(
      "error: flag '--lr' needs a finite number > 0, got 'Infinity'",
    );
    expect(await usageError(["minimize", "(W - 1)^2", "--lr", "-0.1"])).toBe(
      "error: flag '--lr' needs a finite number > 0, got '-0.1'",
    );
    expect(await usageError(["minimize", "(W - 1)^2", "--tol", "-1e-3"])).toBe(
      "error: flag '--tol' needs a finite number ≥ 0, got '-1e-3'",
    );
  });

  it("still says when a flag's value is missing", async () => {
    expect(await usageError(["minimize", "(W - 1)^2", "--lr", "--json"])).toBe(
      "error: flag '--lr' needs a value",
    );
  });
});

describe("flags given twice or out of range", () => {
  it("refuses a flag that takes one value given twice", async () => {
    expect(await usageError(["minimize", "(W - 1)^2", "--lr", "0.1", "--lr", "0.2"])).toBe(
      "error: flag '--lr' is given twice",
    );
    expect(await usageError(["minimize", "(W - 1)^2", "--lr=0.1", "--lr", "0.2"])).toBe(
      "error: flag '--lr' is given twice",
    );
  });

  it("refuses a parameter given twice in --init or --bounds", async () => {
    expect(await usageError(["minimize", "(W - 1)^2", "--init", "W=1,W=2"])).toBe(
      "error: flag '--init' gives 'W' twice",
    );
    expect(await usageError(["minimize", "(W - 1)^2", "--bounds", "W=0:1,W=2:3"])).toBe(
      "error: flag '--bounds' gives 'W' twice",
    );
  });

  it("refuses --every 0, and --epochs with --max-iter", async () => {
    expect(await usageError(["minimize", "(W - 1)^2", "--every", "0"])).toBe(
      "error: flag '--every' needs a whole number ≥ 1, got '0'",
    );
    expect(
      await usageError(["minimize", "(W - 1)^2", "--lr", "0.1", "--epochs", "5", "--max-iter", "9"]),
    ).toBe("error: give one of --epochs and --max-iter: both set how long the run is");
  });
});

describe("methods", () => {
  it("names the flag --lr, not the option learningRate, when the method has no learning rate", async () => {
    const line = await usageError(["minimize", "(W - 1)^2", "--lr", "0.1", "--method", "lbfgs"]);
    expect(line).toBe(
      "error: flag '--lr' is for the step methods (gd, momentum, nesterov, adagrad, rmsprop, adam, adamw); " +
        "lbfgs chooses its own step length by a line search",
    );
    expect(line).not.toContain("learningRate");
  });

  it("reads method names in any case, and sgd as gd, on the command line and in the API", async () => {
    for (const [name, method] of [
      ["sgd", "gd"],
      ["SGD", "gd"],
      ["Adam", "adam"],
      ["LBFGS", "lbfgs"],
    ]) {
      const step = method === "lbfgs" ? [] : ["--lr", "0.1"];
      const run = await symgrad(["minimize", "(W - 1)^2", "--method", name!, ...step, "--json"]);
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).method).toBe(method);
      const api = minimize("(W - 1)^2", {
        method: name as "gd",
        ...(step.length ? { learningRate: 0.1 } : {}),
      });
      expect(api.method).toBe(method);
      expect(api.params["W"]).toBeCloseTo(1, 6);
    }
    expect(await usageError(["minimize", "(W - 1)^2", "--method", "sgdd"])).toMatch(
      /^error: unknown method 'sgdd'/,
    );
  });

  it("says when a step method stopped at the default limit, and how to go on", async () => {
    const run = await symgrad(["minimize", "(W - 1)^2", "--lr", "0.001", "--quiet", "--json"]);
    expect(JSON.parse(run.stdout).message).toMatch(
      /That is the default limit: the step methods stop after 1000 steps unless --epochs N asks for more; a larger --lr may need fewer\.$/,
    );
    const asked = await symgrad(["minimize", "(W - 1)^2", "--lr", "0.001", "--epochs", "999", "--json"]);
    expect(JSON.parse(asked.stdout).message).not.toContain("default limit");
  });

  it("explains a summary with fewer evaluations than iterations", async () => {
    // with lr 0.5 the first step lands exactly on the minimum, where every later iteration stays
    const run = await symgrad(["minimize", "(W - 1)^2", "--lr", "0.5", "--epochs", "9", "--every", "100"]);
    const summary = run.stdout.trim().split("\n").at(-1)!;
    expect(summary).toBe(
      "10 iterations, 2 cost and 2 gradient evaluations, |grad| = 0 (a point already evaluated is not evaluated again)",
    );
  });
});

describe("--help", () => {
  it("states the default of every flag that takes a value", () => {
    for (const command of [
      minimizeCommand,
      runCommand,
      plotCommand,
      diffCommand,
      formatCommand,
      checkCommand,
      serveCommand,
    ]) {
      const help = helpText(command);
      for (const [name, flag] of Object.entries(command.flags)) {
        if (flag.type === "boolean") continue;
        const line = help.split("\n").find((l) => l.startsWith(`  --${name} `))!;
        expect(line, `${command.name} --${name}`).toMatch(/default|required/);
      }
    }
  });
});

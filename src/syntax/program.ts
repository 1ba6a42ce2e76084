/**
 * Program files (`*.sg`): one statement a line — `data x = [1, 2, 3]`, `data x, y from "points.csv"`,
 * `param W = 0, b = 0`, definitions `h = W*x + b`, one `minimize <formula>` and after it any number of
 * `subject to <lhs> <= | >= | == <rhs>` constraints. Parsing checks every name:
 * defined twice, used before its definition, or never bound is a ParseError at the name. Running a program
 * (reading its files, fitting) is the optimizer's job; this stage only produces a checked description.
 */
import type { IToken } from "chevrotain";
import type { ProgramCstNode, SignedNumberCstNode, StatementCstNode } from "../../grammar/cst.js";
import { parser } from "../../grammar/parser.js";
import { children, type Expr, FUNCTIONS, REDUCTIONS } from "../expr/index.js";
import { suggest } from "../text/suggest.js";
import { type BuildContext, buildExpression, buildNumber, type Spans } from "./build.js";
import { buildConstraint, checkConstraintShape, type ParsedConstraint } from "./constraint.js";
import { ParseError, type Span } from "./error.js";
import { runRule } from "./parse.js";
import { checkShape } from "./shape.js";
import { endSpan, MAX_DEPTH, normalizeSource, spanOf, tokenize } from "./tokenize.js";

/** A `data` statement: inline values for one column, or columns read from a CSV file. */
export interface DataStatement {
  readonly names: readonly string[];
  /** Inline values (`data x = [1, 2, 3]`). */
  readonly values?: readonly number[];
  /** An inline matrix of data rows (`data X = [[73, 80], [93, 88]]`). */
  readonly rows?: readonly (readonly number[])[];
  /** The CSV columns of a data matrix (`data X = [x1, x2] from "f.csv"`; `names` is ["X"]). */
  readonly columns?: readonly string[];
  /** The CSV file named by `from`, as written (relative to the program file). */
  readonly file?: string;
  /** Where that file name is written (the quoted string), for errors in the file. */
  readonly fileSpan?: Span;
  readonly span: Span;
}

/** A checked program: its data, parameters with initial values, definitions and the cost to minimize. */
export interface Program {
  readonly data: readonly DataStatement[];
  readonly params: readonly {
    readonly name: string;
    readonly init: number;
    readonly span: Span;
    /** The parameter's shape: [] a scalar, [k] a vector, [m, k] a matrix. */
    readonly shape?: readonly number[];
    /** Its starting values, row-major (for a scalar `[init]`). */
    readonly values?: readonly number[];
  }[];
  readonly definitions: ReadonlyMap<string, Expr>;
  /** The cost, with definitions substituted. */
  readonly cost: Expr;
  /** The `subject to` constraints, in order, with definitions substituted. */
  readonly constraints: readonly ParsedConstraint[];
  readonly spans: Spans;
  /** The program's text (line endings normalized), and the file name given, for errors found later. */
  readonly source: string;
  readonly file?: string;
}

const KEYWORDS = ["data", "param", "minimize", "subject"];

/**
 * Parses and checks a program file.
 * @throws ParseError at the first problem.
 */
export function parseProgram(text: string, file?: string): Program {
  const source = normalizeSource(text);
  const tokens = tokenize(source, true, file);
  let cst: ProgramCstNode;
  try {
    cst = runRule(() => parser.program() as ProgramCstNode, tokens, source, file);
  } catch (error) {
    throw misspeltKeyword(error, tokens, source, file);
  }
  const fail = (message: string, span: Span): never => {
    throw new ParseError(message, span, source, file);
  };
  const spans: Spans = new Map();
  const definitions = new Map<string, Expr>();
  // Every name written in a formula that was not replaced by an earlier definition, checked at the end.
  const uses: { name: string; span: Span }[] = [];
  const ctx: BuildContext = { source, file, spans, definitions, names: uses };
  const declared = new Map<string, Span>();
  const declare = (token: IToken) => {
    const name = token.image;
    const span = spanOf(token);
    const before = declared.get(name);
    if (before) fail(`'${name}' is already defined on line ${before.line}`, span);
    if (FUNCTIONS.has(name) || REDUCTIONS.has(name) || name === "pi" || name === "e")
      fail(`'${name}' is a built-in name; choose another`, span);
    declared.set(name, span);
  };

  // Definitions nest formulas in one another; bound the depth of the result as the tokenizer bounds one
  // formula's, so that recursive passes (printing, differentiation) cannot overflow the stack.
  const depths = new Map<Expr, number>();
  const checkDepth = (e: Expr, span: Span) => {
    if (treeDepth(e, depths) > MAX_TREE_DEPTH)
      fail(
        `the formula is nested too deeply through definitions (more than ${MAX_TREE_DEPTH} levels); write it with fewer steps`,
        span,
      );
  };

  const data: DataStatement[] = [];
  const params: { name: string; init: number; span: Span }[] = [];
  const constraints: ParsedConstraint[] = [];
  let cost: Expr | undefined;
  let costSpan: Span | undefined;
  let lastLine = 0;

  for (const statement of cst.children.statement ?? []) {
    const line = statement.location?.startLine ?? 0;
    if (line === lastLine)
      fail("one statement per line: start the next statement on a new line", statementSpan(statement));
    lastLine = statement.location?.endLine ?? line;
    const c = statement.children;
    if (c.dataStatement) {
      const d = c.dataStatement[0]!.children;
      d.names.forEach(declare);
      const names = d.names.map((n) => n.image);
      const span = spanOf(d.names[0]!);
      const literal = d.StringLiteral?.[0];
      if (literal) data.push({ names, file: literal.image.slice(1, -1), fileSpan: spanOf(literal), span });
      else data.push({ names, values: (d.values ?? []).map((v) => signedNumber(v, ctx)), span });
    } else if (c.paramStatement) {
      for (const init of c.paramStatement[0]!.children.inits) {
        const token = init.children.Name[0]!;
        declare(token);
        const value = init.children.signedNumber ? signedNumber(init.children.signedNumber[0]!, ctx) : 0;
        params.push({ name: token.image, init: value, span: spanOf(token) });
      }
    } else if (c.definition) {
      const def = c.definition[0]!.children;
      const name = def.Name[0]!.image;
      const firstUse = uses.length;
      const expr = buildExpression(def.expression[0]!, ctx);
      const itself = uses.slice(firstUse).find((use) => use.name === name);
      if (itself)
        fail(`'${name}' is used in its own definition; a definition cannot refer to itself`, itself.span);
      checkDepth(expr, spanOf(def.Name[0]!));
      declare(def.Name[0]!);
      definitions.set(name, expr);
    } else if (c.minimizeStatement) {
      const span = spanOf(c.minimizeStatement[0]!.children.Minimize[0]!);
      if (cost !== undefined)
        fail(`a program has one 'minimize'; the first is on line ${costSpan!.line}`, span);
      cost = buildExpression(c.minimizeStatement[0]!.children.expression[0]!, ctx);
      checkDepth(cost, span);
      costSpan = span;
    } else if (c.subjectToStatement) {
      const s = c.subjectToStatement[0]!.children;
      if (cost === undefined)
        fail(
          "'subject to' constrains the 'minimize' above it; move it after the 'minimize' line",
          spanOf(s.Subject[0]!),
        );
      const constraint = buildConstraint(s.constraint[0]!, ctx);
      for (const side of [constraint.lhs, constraint.rhs]) checkDepth(side, constraint.span);
      constraints.push(constraint);
    }
  }
  if (cost === undefined) {
    const message =
      "the program has no 'minimize' statement; add one such as: minimize mean((W*x + b - y)^2)";
    throw new ParseError(message, endSpan(source), source, file);
  }

  for (const { name, span } of uses) {
    if (definitions.has(name))
      fail(`'${name}' is used before it is defined on line ${declared.get(name)!.line}`, span);
    if (!declared.has(name)) {
      const near = suggest(name, declared.keys());
      const hint = near ? `did you mean '${near}'? Or declare it` : "declare it";
      fail(`'${name}' is not defined; ${hint} with 'param ${name} = 0' or 'data ${name} = [...]'`, span);
    }
  }
  const dataNames = new Set(data.flatMap((d) => d.names));
  checkShape(cost, dataNames, spans, source, file);
  for (const constraint of constraints) checkConstraintShape(constraint, dataNames);
  return {
    data,
    params,
    definitions,
    cost,
    constraints,
    spans,
    source,
    ...(file === undefined ? {} : { file }),
  };
}

function signedNumber(node: SignedNumberCstNode, ctx: BuildContext): number {
  const value = (buildNumber(node.children.NumberLiteral[0]!, ctx) as { value: number }).value;
  return node.children.Minus ? -value : value;
}

function statementSpan(statement: StatementCstNode): Span {
  const loc = statement.location!;
  return { offset: loc.startOffset, line: loc.startLine ?? 1, column: loc.startColumn ?? 1, length: 1 };
}

/** `minimise x` reads as a definition missing '='; say what was probably meant. */
function misspeltKeyword(error: unknown, tokens: IToken[], source: string, file?: string): unknown {
  if (!(error instanceof ParseError)) return error;
  const first = tokens.find((t) => t.startLine === error.line);
  const near = first ? suggest(first.image, KEYWORDS) : undefined;
  if (!first || !near || near === first.image || tokens[tokens.indexOf(first) + 1]?.image === "=")
    return error;
  return new ParseError(
    `unknown statement '${first.image}'; did you mean '${near}'?`,
    spanOf(first),
    source,
    file,
  );
}

/** Deepest nesting of expression nodes that a program's formulas may reach through definitions. */
export const MAX_TREE_DEPTH = 5 * MAX_DEPTH;

/** The depth of `root` (a leaf is 1), iteratively, memoised in `memo` across the formulas of a program. */
function treeDepth(root: Expr, memo: Map<Expr, number>): number {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack[stack.length - 1]!;
    if (memo.has(e)) {
      stack.pop();
      continue;
    }
    const kids = children(e);
    const missing = kids.filter((k) => !memo.has(k));
    if (missing.length > 0) {
      for (const k of missing) stack.push(k);
      continue;
    }
    memo.set(e, 1 + kids.reduce((d, k) => Math.max(d, memo.get(k)!), 0));
    stack.pop();
  }
  return memo.get(root)!;
}

/**
 * Program files (`*.sg`): one statement a line — `data x = [1, 2, 3]`, `data X = [[1, 2], [3, 4]]`,
 * `data x, y from "points.csv"`, `data X = [x1, x2] from "points.csv"`, `param W = 0, b = 0`,
 * `param w[3] = 0`, `param W = [[1, 2], [3, 4]]`, definitions `h = W*x + b`, one `minimize <formula>` and
 * after it any number of `subject to <lhs> <= | >= | == <rhs>` constraints. Parsing checks every name
 * (defined twice, used before its definition, or never bound is a ParseError at the name) and every shape:
 * the declarations are read first, so each operator of each formula is checked where it is written, and the
 * cost must be a number. Running a program (reading its files, fitting) is the optimizer's job; this stage
 * only produces a checked description.
 */
import type { IToken } from "chevrotain";
import type { DataStatementCstChildren, ProgramCstNode, StatementCstNode } from "../../grammar/cst.js";
import { parser } from "../../grammar/parser.js";
import {
  children,
  type Expr,
  FUNCTIONS,
  freeSymbols,
  REDUCTIONS,
  type Shape,
  type ShapeEnv,
} from "../expr/index.js";
import { absentName, parameterNotInFormula } from "../text/absentName.js";
import { suggest } from "../text/suggest.js";
import { type BuildContext, buildExpression, nodeSpan, type Spans } from "./build.js";
import { buildConstraint, checkConstraintShape, type ParsedConstraint } from "./constraint.js";
import {
  bracketSpan,
  inlineData,
  MAX_PARAMETER_ENTRIES,
  type ParamDeclaration,
  paramDeclaration,
} from "./declarations.js";
import { ParseError, type Span } from "./error.js";
import { runRule } from "./parse.js";
import { checkScalar } from "./shape.js";
import { ShapeCheck } from "./shapeCheck.js";
import { endSpan, MAX_DEPTH, normalizeSource, spanOf, tokenize } from "./tokenize.js";

/**
 * A `data` statement: inline values for one column or rows of one matrix, or columns read from a CSV file
 * (each a column of its own, or together the matrix `names[0]`).
 */
export interface DataStatement {
  readonly names: readonly string[];
  /** Inline values (`data x = [1, 2, 3]`). */
  readonly values?: readonly number[];
  /** The rows of an inline matrix (`data X = [[73, 80], [93, 88]]`); `names` is then one name. */
  readonly rows?: readonly (readonly number[])[];
  /** The CSV columns that make the matrix `names[0]`, in order (`data X = [x1, x2] from "scores.csv"`). */
  readonly columns?: readonly string[];
  /** The CSV file named by `from`, as written (relative to the program file). */
  readonly file?: string;
  /** Where that file name is written (the quoted string), for errors in the file. */
  readonly fileSpan?: Span;
  readonly span: Span;
}

/**
 * A checked program: its data, parameters with their shapes and starting values, definitions and the cost
 * to minimize.
 */
export interface Program {
  readonly data: readonly DataStatement[];
  readonly params: readonly ParamDeclaration[];
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
 * The shape of each name a program declares: a data column `(n)`, a data matrix `(n,k)`, a parameter its
 * declared shape (a scalar: `undefined`).
 */
export function shapesOf(program: Pick<Program, "data" | "params">): ShapeEnv {
  const table = new Map<string, Shape>();
  const set = (name: string, shape: Shape) => {
    if (!table.has(name)) table.set(name, shape);
  };
  for (const d of program.data) {
    const width = d.rows?.[0]?.length ?? d.columns?.length;
    for (const name of d.names) set(name, width === undefined ? ["n"] : ["n", width]);
  }
  for (const p of program.params) if (p.shape.length > 0) set(p.name, p.shape);
  return (name) => table.get(name);
}

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

  // The declarations first, so that formulas written before them are shape-checked too; every name that
  // any statement declares, for "not defined" and "used before it is defined" in the middle of a formula.
  const data: DataStatement[] = [];
  const params: ParamDeclaration[] = [];
  const firstSpans = new Map<string, Span>();
  const definitionNames = new Set<string>();
  let entries = 0;
  for (const statement of cst.children.statement ?? []) {
    const c = statement.children;
    const names: IToken[] = [];
    if (c.dataStatement) {
      names.push(...c.dataStatement[0]!.children.names);
      data.push(dataStatement(c.dataStatement[0]!.children, ctx));
    } else if (c.paramStatement)
      for (const init of c.paramStatement[0]!.children.inits) {
        names.push(init.children.Name[0]!);
        const param = paramDeclaration(init, ctx, MAX_PARAMETER_ENTRIES - entries);
        entries += param.values.length;
        params.push(param);
      }
    else if (c.definition) {
      names.push(c.definition[0]!.children.Name[0]!);
      definitionNames.add(names[0]!.image);
    }
    for (const token of names) if (!firstSpans.has(token.image)) firstSpans.set(token.image, spanOf(token));
  }
  /** What is wrong with a name used in a formula (not replaced by a definition before it), if anything. */
  const nameProblem = (name: string): string | undefined => {
    if (definitionNames.has(name))
      return `'${name}' is used before it is defined on line ${firstSpans.get(name)!.line}`;
    if (firstSpans.has(name)) return undefined;
    const matrix = data.find((d) => d.columns?.includes(name));
    if (matrix)
      return `'${name}' is not defined: it is a column of the data matrix '${matrix.names[0]}' (line ${matrix.span.line}), which formulas use whole (${matrix.names[0]}@w); to use the column alone, read it too: data ${name} from "${matrix.file}"`;
    const near = suggest(name, firstSpans.keys());
    const hint = near ? `did you mean '${near}'? Or declare it` : "declare it";
    return `'${name}' is not defined; ${hint} with 'param ${name} = 0' or 'data ${name} = [...]'`;
  };
  const env = shapesOf({ data, params });
  // A shape mistake may come from a name that is not declared yet (a scalar so far): say that instead.
  const shapeFailure = (message: string, span: Span): never => {
    for (const use of uses) {
      const problem = nameProblem(use.name);
      if (problem) fail(problem, use.span);
    }
    return fail(message, span);
  };
  const built: BuildContext = { ...ctx, shapes: new ShapeCheck(env, shapeFailure) };

  const constraints: ParsedConstraint[] = [];
  let cost: Expr | undefined;
  let costSpan: Span | undefined;
  let costNode: Span | undefined;
  let lastLine = 0;

  for (const statement of cst.children.statement ?? []) {
    const line = statement.location?.startLine ?? 0;
    if (line === lastLine)
      fail("one statement per line: start the next statement on a new line", statementSpan(statement));
    lastLine = statement.location?.endLine ?? line;
    const c = statement.children;
    if (c.dataStatement) c.dataStatement[0]!.children.names.forEach(declare);
    else if (c.paramStatement) {
      for (const init of c.paramStatement[0]!.children.inits) declare(init.children.Name[0]!);
    } else if (c.definition) {
      const def = c.definition[0]!.children;
      const name = def.Name[0]!.image;
      const firstUse = uses.length;
      const expr = buildExpression(def.expression[0]!, built);
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
      const node = c.minimizeStatement[0]!.children.expression[0]!;
      cost = buildExpression(node, built);
      costNode = nodeSpan(node);
      checkDepth(cost, span);
      costSpan = span;
    } else if (c.subjectToStatement) {
      const s = c.subjectToStatement[0]!.children;
      if (cost === undefined)
        fail(
          "'subject to' constrains the 'minimize' above it; move it after the 'minimize' line",
          spanOf(s.Subject[0]!),
        );
      const constraint = buildConstraint(s.constraint[0]!, built);
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
    const problem = nameProblem(name);
    if (problem) fail(problem, span);
  }
  const dataNames = new Set(data.flatMap((d) => d.names));
  const costShape = built.shapes!.of(cost, costNode!);
  checkScalar(cost, costShape, env, { spans, span: costNode!, source, ...(file ? { file } : {}) });
  for (const constraint of constraints) checkConstraintShape(constraint, dataNames, env);
  checkParamsUsed(params, cost, constraints, fail);
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

/** A declared parameter that neither the cost nor a constraint uses is an error at its declaration. */
function checkParamsUsed(
  params: readonly ParamDeclaration[],
  cost: Expr,
  constraints: readonly ParsedConstraint[],
  fail: (message: string, span: Span) => never,
): void {
  const sides = constraints.flatMap((c) => [c.lhs, c.rhs]);
  const names = [...new Set([cost, ...sides].flatMap((e) => freeSymbols(e)))];
  const absent = absentName(
    params.map((p) => p.name),
    names,
  );
  if (absent === undefined) return;
  const formula = constraints.length > 0 ? "the minimize formula or its constraints" : "the minimize formula";
  fail(parameterNotInFormula("param", absent, names, formula), params.find((p) => p.name === absent)!.span);
}

/** A `data` statement's names and values (inline), or its file (and the columns that make one matrix). */
function dataStatement(d: DataStatementCstChildren, ctx: BuildContext): DataStatement {
  const names = d.names.map((n) => n.image);
  const span = spanOf(d.names[0]!);
  const literal = d.StringLiteral?.[0];
  if (literal) {
    const columns = d.columns?.map((column) => column.image);
    return {
      names,
      ...(columns ? { columns } : {}),
      file: literal.image.slice(1, -1),
      fileSpan: spanOf(literal),
      span,
    };
  }
  const open = d.LBracket![0]!;
  const close = d.RBracket![0]!;
  return { names, ...inlineData(d.items ?? [], bracketSpan(open, close), ctx, names[0]!), span };
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

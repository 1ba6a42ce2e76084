/**
 * Files generated from the grammar: `grammar/cst.ts` (typed CST nodes for the visitor in src/syntax; a
 * .ts module of types only, not a .d.ts, so that tsc emits its declarations beside the ones importing it) and
 * `grammar/diagrams.html` (chevrotain's syntax diagrams, loading their scripts from the installed package,
 * not the web). `npm run diagrams` writes both; a test checks that the committed cst.ts is current.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateCstDts } from "@chevrotain/cst-dts-gen";
import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
} from "chevrotain";
import { bundle, createSyntaxDiagramsCode } from "./chevrotain.js";
import { parser } from "./parser.js";

/** The text of grammar/cst.ts. */
export function cstTypes(): string {
  return `// Generated from grammar/parser.ts by \`npm run diagrams\`; do not edit.\n${generateCstDts(productions())}`;
}

const GAST = {
  Rule,
  NonTerminal,
  Alternative,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionWithSeparator,
  RepetitionMandatoryWithSeparator,
  Alternation,
  Terminal,
};

/**
 * The parser's grammar as instances of the regular chevrotain classes. The parser is built from chevrotain's
 * bundle, whose classes are other objects than the ones cst-dts-gen's visitor switches on, so it would
 * reject every node ("non exhaustive match").
 */
function productions(): Record<string, Rule> {
  const classes = new Map<unknown, { prototype: object }>(
    Object.entries(GAST).map(([name, regular]) => [bundle[name as keyof typeof GAST], regular]),
  );
  const done = new Map<object, Record<string, unknown>>();
  const convert = (node: object): Record<string, unknown> => {
    const found = done.get(node);
    if (found) return found;
    const target = classes.get(node.constructor);
    if (!target) throw new Error(`unknown grammar node ${node.constructor.name}`);
    const copy = Object.create(target.prototype) as Record<string, unknown>;
    done.set(node, copy);
    for (const [key, value] of Object.entries(node))
      copy[key] =
        key === "definition" || key === "_definition"
          ? (value as object[]).map(convert)
          : key === "referencedRule"
            ? convert(value as object)
            : value;
    return copy;
  };
  const rules = parser.getGAstProductions();
  return Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [name, convert(rule) as unknown as Rule]),
  );
}

/** The text of grammar/diagrams.html. */
export function diagramsHtml(): string {
  const base = "../node_modules/chevrotain/diagrams/";
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions(), {
    resourceBase: base,
    css: `${base}diagrams.css`,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = new URL(".", import.meta.url);
  const grammarDir = fileURLToPath(new URL("../../grammar/", here));
  writeFileSync(`${grammarDir}cst.ts`, cstTypes());
  writeFileSync(`${grammarDir}diagrams.html`, diagramsHtml());
  console.log(`wrote ${grammarDir}cst.ts and ${grammarDir}diagrams.html`);
}

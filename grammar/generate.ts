/**
 * Files generated from the grammar: `grammar/cst.d.ts` (typed CST nodes for the visitor in src/syntax) and
 * `grammar/diagrams.html` (chevrotain's syntax diagrams, loading their scripts from the installed package,
 * not the web). `npm run diagrams` writes both; a test checks that the committed cst.d.ts is current.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateCstDts } from "@chevrotain/cst-dts-gen";
import { createSyntaxDiagramsCode } from "./chevrotain.js";
import { parser } from "./parser.js";

/** The text of grammar/cst.d.ts. */
export function cstTypes(): string {
  return `// Generated from grammar/parser.ts by \`npm run diagrams\`; do not edit.\n${generateCstDts(parser.getGAstProductions())}`;
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
  writeFileSync(`${grammarDir}cst.d.ts`, cstTypes());
  writeFileSync(`${grammarDir}diagrams.html`, diagramsHtml());
  console.log(`wrote ${grammarDir}cst.d.ts and ${grammarDir}diagrams.html`);
}

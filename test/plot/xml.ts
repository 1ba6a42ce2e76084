/**
 * A small, strict XML reader for checking the SVG the plots produce: no XML parser ships in node_modules,
 * and regexes over markup would pass broken documents. It accepts elements, attributes, text, comments and
 * the five predefined entities plus numeric references; anything else (unbalanced tags, a bare `&` or `<`,
 * duplicate attributes, text outside the root) throws with the offset of the problem.
 */

/** An element: tag name, attributes and child elements, with its direct text concatenated. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/** Parses a whole document with one root element; throws on anything that is not well-formed. */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${at}: ${JSON.stringify(source.slice(at, at + 40))}`);
  };
  const checkText = (text: string) => {
    if (text.replace(REFERENCE, "").includes("&")) fail("bad entity reference");
    return text.replace(REFERENCE, (ref) => decode(ref));
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < source.length) {
    const lt = source.indexOf("<", at);
    const text = source.slice(at, lt < 0 ? source.length : lt);
    if (stack.length === 0) {
      if (text.trim() !== "") fail("text outside the root element");
    } else stack[stack.length - 1]!.text += checkText(text);
    if (lt < 0) break;
    at = lt;
    if (source.startsWith("<!--", at)) {
      const end = source.indexOf("-->", at);
      if (end < 0) fail("unclosed comment");
      at = end + 3;
    } else if (source.startsWith("</", at)) {
      at += 2;
      const name = readName();
      const open = stack.pop();
      if (open?.name !== name) fail(`</${name}> does not close <${open?.name}>`);
      skipSpace();
      if (source[at] !== ">") fail("expected '>'");
      at++;
    } else {
      at++;
      const name = readName();
      const attributes: Record<string, string> = {};
      ATTRIBUTE.lastIndex = at;
      for (let m = ATTRIBUTE.exec(source); m !== null; m = ATTRIBUTE.exec(source)) {
        if (m[1]! in attributes) fail(`duplicate attribute ${m[1]}`);
        attributes[m[1]!] = checkText(m[2]!.slice(1, -1));
        at = ATTRIBUTE.lastIndex;
      }
      skipSpace();
      const element: XmlElement = { name, attributes, children: [], text: "" };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else if (root === undefined) root = element;
      else fail("second root element");
      if (source.startsWith("/>", at)) at += 2;
      else if (source[at] === ">") {
        at++;
        stack.push(element);
      } else fail("expected '>' or '/>'");
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root ?? fail("no root element");

  function readName(): string {
    NAME.lastIndex = at;
    const m = NAME.exec(source);
    if (m === null) return fail("expected a name");
    at = NAME.lastIndex;
    return m[0];
  }
  function skipSpace() {
    while (/\s/.test(source[at] ?? "")) at++;
  }
}

function decode(ref: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  const body = ref.slice(1, -1);
  if (body.startsWith("#x")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  return named[body]!;
}

/** Every element below `root` (depth first, including root) for which `test` holds. */
export function findAll(root: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const found = test(root) ? [root] : [];
  for (const child of root.children) found.push(...findAll(child, test));
  return found;
}

/** The classes of an element. */
export function classes(e: XmlElement): string[] {
  return (e.attributes["class"] ?? "").split(/\s+/).filter((c) => c !== "");
}

/** The items of the mark groups of a Vega type (`symbol`, `line`, …), optionally of the mark named `name`. */
export function marks(root: XmlElement, type: string, name?: string): XmlElement[] {
  return findAll(root, (e) => {
    const c = classes(e);
    return (
      c.includes(`mark-${type}`) &&
      c.includes("role-mark") &&
      (name === undefined || c.includes(`${name}_marks`))
    );
  }).flatMap((g) => g.children);
}

/** The texts inside groups of a Vega role (`role-axis-title`, `role-title-text`, …). */
export function texts(root: XmlElement, role: string): string[] {
  return findAll(root, (e) => classes(e).includes(role))
    .flatMap((g) => findAll(g, (e) => e.name === "text"))
    .map((t) => t.text);
}

/** The number of vertices of a line mark's path. */
export const vertexCount = (line: XmlElement) => line.attributes["d"]!.match(/[ML]/g)!.length;

/**
 * The page's whole state in the URL's hash, so that a link reproduces a problem: `#f=<formula>&d=x:1,2,3;
 * y:1,2,3&p=W:0,b:0&m=gd&lr=0.01&e=2000&model=W*x+%2B+b&h=1`. Reading is forgiving: a missing or malformed
 * part takes its value from the fallback problem, so an old or hand-edited link still opens.
 */
import type { Problem } from "./protocol.js";

/** The hash (without `#`) that describes `problem`. */
export function toHash(problem: Problem): string {
  const pairs = (list: readonly (readonly [string, string])[], sep: string) =>
    list.map(([name, value]) => `${name}:${value}`).join(sep);
  const query = new URLSearchParams({
    f: problem.formula,
    d: pairs(
      problem.data.map(([name, values]) => [name, values.map(String).join(",")] as const),
      ";",
    ),
    p: pairs(
      problem.init.map(([name, value]) => [name, String(value)] as const),
      ",",
    ),
    m: problem.method,
    lr: String(problem.lr),
    e: String(problem.epochs),
    model: problem.model,
  });
  if (problem.hessian) query.set("h", "1");
  return query.toString();
}

/** The problem a hash describes, each missing or malformed part taken from `fallback`. */
export function fromHash(hash: string, fallback: Problem): Problem {
  const query = new URLSearchParams(hash.replace(/^#/, ""));
  const text = (key: string) => query.get(key) ?? undefined;
  const number = (key: string, ok: (v: number) => boolean) => {
    const raw = text(key);
    const v = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
    return ok(v) ? v : undefined;
  };
  return {
    formula: text("f") ?? fallback.formula,
    data: columns(text("d")) ?? fallback.data,
    init: starts(text("p")) ?? fallback.init,
    method: text("m") ?? fallback.method,
    lr: number("lr", (v) => Number.isFinite(v) && v > 0) ?? fallback.lr,
    epochs: number("e", (v) => Number.isInteger(v) && v >= 0) ?? fallback.epochs,
    model: text("model") ?? fallback.model,
    hessian: query.has("f") ? query.get("h") === "1" : fallback.hessian,
  };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `x:1,2,3;y:4,5,6` → columns; undefined if any part is malformed. An empty text is no columns. */
function columns(text: string | undefined): Problem["data"] | undefined {
  if (text === undefined) return undefined;
  if (text === "") return [];
  const out: [string, number[]][] = [];
  for (const part of text.split(";")) {
    const at = part.indexOf(":");
    const name = part.slice(0, at);
    const values = part
      .slice(at + 1)
      .split(",")
      .filter((s) => s.trim() !== "")
      .map(Number);
    if (at < 0 || !NAME.test(name) || values.some((v) => !Number.isFinite(v))) return undefined;
    out.push([name, values]);
  }
  return out;
}

/** `W:0,b:-1.5` → starting values; undefined if any part is malformed. */
function starts(text: string | undefined): Problem["init"] | undefined {
  if (text === undefined) return undefined;
  if (text === "") return [];
  const out: [string, number][] = [];
  for (const part of text.split(",")) {
    const [name = "", raw = "", ...rest] = part.split(":");
    const value = raw.trim() === "" ? Number.NaN : Number(raw);
    if (rest.length > 0 || !NAME.test(name) || !Number.isFinite(value)) return undefined;
    out.push([name, value]);
  }
  return out;
}

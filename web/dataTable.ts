/**
 * The data table: a column per data name, a row per data row, every cell an input. Cells are read by the
 * library's rule for numbers (`readNumber`, as CSV cells and `--data` flags), so the page accepts exactly
 * what the CLI accepts; a bad cell is marked and named. Pasting a block from a spreadsheet replaces the
 * table (a first line of names becomes the header).
 */
// The module itself, not the data stage's index (the file reader and its Node modules): the page's CSV
// reading happens in the worker.
import { readNumber } from "../src/data/decimal.js";
import type { Problem } from "./protocol.js";

type Columns = Problem["data"];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class DataTable {
  constructor(
    private readonly table: HTMLTableElement,
    /** Called with the columns after every edit, or with the sentence that says what is wrong. */
    private readonly changed: (columns: Columns | string) => void,
  ) {
    table.addEventListener("input", () => this.changed(this.read()));
    table.addEventListener("paste", (event) => {
      const text = event.clipboardData?.getData("text/plain") ?? "";
      if (!/[\t\n]/.test(text.trim())) return; // one value: an ordinary paste into the cell
      event.preventDefault();
      this.showSpreadsheet(text);
      this.changed(this.read());
    });
  }

  /** Shows `columns` (an empty table gets x and y with one empty row, ready to type in). */
  show(columns: Columns): void {
    const names = columns.length ? columns.map(([name]) => name) : ["x", "y"];
    const rows = Math.max(1, ...columns.map(([, values]) => values.length));
    const head = document.createElement("tr");
    head.append(document.createElement("th"));
    for (const name of names) head.append(cell("th", name, "column name"));
    const body = Array.from({ length: rows }, (_, r) => {
      const tr = document.createElement("tr");
      const number = document.createElement("th");
      number.textContent = String(r + 1);
      tr.append(number, ...names.map((_, c) => cell("td", String(columns[c]?.[1][r] ?? ""), "value")));
      return tr;
    });
    const thead = document.createElement("thead");
    thead.append(head);
    const tbody = document.createElement("tbody");
    tbody.append(...body);
    this.table.replaceChildren(thead, tbody);
  }

  /** Adds an empty row or column, or removes the last row. */
  edit(what: "row" | "column" | "remove-row"): void {
    const { names, cells } = this.raw();
    if (what === "row") cells.push(names.map(() => ""));
    if (what === "remove-row" && cells.length > 1) cells.pop();
    if (what === "column") {
      names.push(["z", "u", "v", "w"].find((n) => !names.includes(n)) ?? `x${names.length + 1}`);
      for (const row of cells) row.push("");
    }
    this.showRaw(names, cells);
    this.changed(this.read());
  }

  /** The table's columns, or what is wrong with them. Rows left wholly empty are not data. */
  read(): Columns | string {
    const { names, cells } = this.raw();
    const seen = new Set<string>();
    for (const name of names) {
      if (!NAME.test(name)) return `data: ${JSON.stringify(name)} is not a column name (letters, digits, _)`;
      if (seen.has(name)) return `data: the column name '${name}' is used twice`;
      seen.add(name);
    }
    const rows = cells.filter((row) => row.some((c) => c.trim() !== ""));
    if (rows.length === 0) return []; // an empty table: a cost without data
    const inputs = [...this.table.querySelectorAll<HTMLInputElement>("td input")];
    for (const input of inputs) input.classList.remove("bad");
    const columns: [string, number[]][] = names.map((name) => [name, []]);
    for (const [r, row] of rows.entries()) {
      for (const [c, text] of row.entries()) {
        const value = readNumber(text.trim());
        if (typeof value !== "number") {
          inputs[cells.indexOf(row) * names.length + c]?.classList.add("bad");
          return `data, row ${r + 1}, column ${JSON.stringify(names[c])}: ${value.reason}`;
        }
        columns[c]![1].push(value);
      }
    }
    return columns;
  }

  private raw(): { names: string[]; cells: string[][] } {
    const names = [...this.table.querySelectorAll<HTMLInputElement>("thead input")].map((i) =>
      i.value.trim(),
    );
    const cells = [...this.table.querySelectorAll("tbody tr")].map((tr) =>
      [...tr.querySelectorAll<HTMLInputElement>("td input")].map((i) => i.value),
    );
    return { names, cells };
  }

  private showRaw(names: readonly string[], cells: readonly (readonly string[])[]): void {
    this.show(names.map((name) => [name, []]));
    const tbody = this.table.tBodies[0]!;
    tbody.replaceChildren(
      ...cells.map((row, r) => {
        const tr = document.createElement("tr");
        const number = document.createElement("th");
        number.textContent = String(r + 1);
        tr.append(number, ...row.map((text) => cell("td", text, "value")));
        return tr;
      }),
    );
  }

  /** Shows tab- (or comma-) separated lines; a first line that is not all numbers names the columns. */
  private showSpreadsheet(text: string): void {
    const lines = text
      .replace(/\r/g, "")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const split = (line: string) => line.split(line.includes("\t") ? "\t" : ",").map((c) => c.trim());
    const first = split(lines[0] ?? "");
    const header = first.some((c) => typeof readNumber(c) !== "number");
    const current = this.raw().names;
    const names = header ? first : first.map((_, c) => current[c] ?? `x${c + 1}`);
    const body = (header ? lines.slice(1) : lines).map(split);
    // Cells keep their text, so that read() can mark a bad one where the user sees it.
    this.showRaw(
      names,
      body.map((row) => names.map((_, c) => row[c] ?? "")),
    );
  }
}

function cell(tag: "th" | "td", value: string, label: string): HTMLElement {
  const element = document.createElement(tag);
  const input = document.createElement("input");
  input.value = value;
  input.spellcheck = false;
  input.setAttribute("aria-label", label);
  if (tag === "td") input.inputMode = "decimal";
  element.append(input);
  return element;
}

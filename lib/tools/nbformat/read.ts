import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";

/** A notebook file that cannot be used, with the file and what is wrong in the message. */
export class NotebookFormatError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "NotebookFormatError";
  }
}

/** Reads and parses a notebook file; throws NotebookFormatError naming the file (empty, a byte-order mark, not JSON, not nbformat 4, no cells). */
export async function readNotebook(file: string): Promise<INotebookContent> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new NotebookFormatError(file, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseNotebook(text, file);
}

/** Parses notebook JSON text (file only names it in errors) and normalises it to nbformat 4.5 (cell ids). */
export function parseNotebook(text: string, file = "<notebook>"): INotebookContent {
  if (text.trim() === "") throw new NotebookFormatError(file, "the file is empty: not a notebook");
  if (text.startsWith("\uFEFF")) {
    throw new NotebookFormatError(
      file,
      "starts with a byte-order mark (U+FEFF), which Jupyter refuses too: save it as UTF-8 without a BOM",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // on one line: V8 quotes the text around the fault, newlines included, and the message goes into table rows
    throw new NotebookFormatError(file, `not JSON: ${(err as Error).message.replace(/\s*[\r\n]+\s*/g, " ")}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new NotebookFormatError(file, "not a notebook: the JSON is not an object");
  }
  const nb = json as Partial<INotebookContent>;
  if (nb.nbformat !== 4) {
    const seen = nb.nbformat === undefined ? "no nbformat field" : `nbformat ${JSON.stringify(nb.nbformat)}`;
    throw new NotebookFormatError(
      file,
      `not an nbformat 4 notebook (${seen}); convert it with \`jupyter nbconvert --to notebook\``,
    );
  }
  if (!Array.isArray(nb.cells)) throw new NotebookFormatError(file, "missing cells: no `cells` array");
  nb.cells.forEach((cell, i) => {
    if (typeof cell !== "object" || cell === null || typeof cell.cell_type !== "string") {
      throw new NotebookFormatError(file, `cell ${i + 1}: not a cell (no cell_type)`);
    }
  });
  return normalizeNotebook(nb as INotebookContent);
}

/** Upgrades nbformat 4.0-4.4 to 4.5 in place of a copy: every cell gets an id (as nbformat's validator does). */
export function normalizeNotebook(nb: INotebookContent): INotebookContent {
  const seen = new Set<string>();
  const cells = nb.cells.map((cell): ICell => {
    let id = typeof cell.id === "string" && /^[a-zA-Z0-9-_]{1,64}$/.test(cell.id) && !seen.has(cell.id) ? cell.id : "";
    if (id === "") id = randomBytes(4).toString("hex");
    seen.add(id);
    return { ...cell, id, metadata: cell.metadata ?? {} } as ICell;
  });
  return { ...nb, metadata: nb.metadata ?? {}, nbformat_minor: Math.max(nb.nbformat_minor ?? 0, 5), cells };
}

/** A cell's source as one string (nbformat allows a string or a list of lines). */
export function sourceText(cell: ICell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

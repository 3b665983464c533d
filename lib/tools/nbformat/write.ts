import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";

/**
 * Notebook JSON as Python's nbformat writes it: multi-line strings split into lists of lines (split_lines: sources,
 * stream texts, text/* and SVG/JavaScript outputs), keys sorted, one-space indent, trailing newline.
 */
export function formatNotebook(nb: INotebookContent): string {
  return `${JSON.stringify(sortKeys(splitLines(nb)), null, 1)}\n`;
}

/** The line breaks of Python's str.splitlines: \n \r \v \f, \x1c-\x1e, \x85, U+2028, U+2029 (\r\n counts as one). */
const BREAKS = "\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029";
const LINE = new RegExp(`[^${BREAKS}]*(?:\r\n|[${BREAKS}])|[^${BREAKS}]+$`, "g");

/** Python's str.splitlines(keepends=True). */
export function pythonSplitLines(text: string): string[] {
  return text.match(LINE) ?? [];
}

const SPLIT_MIMES = new Set(["application/javascript", "image/svg+xml"]);

function splitBundle(data: unknown): unknown {
  if (data === null || typeof data !== "object") return data;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      typeof v === "string" && (k.startsWith("text/") || SPLIT_MIMES.has(k)) ? pythonSplitLines(v) : v,
    ]),
  );
}

/** nbformat's split_lines on a copy. */
function splitLines(nb: INotebookContent): INotebookContent {
  const cells = nb.cells.map((cell) => {
    const c = { ...cell } as Record<string, unknown>;
    if (typeof c.source === "string") c.source = pythonSplitLines(c.source);
    if (c.attachments && typeof c.attachments === "object") {
      c.attachments = Object.fromEntries(Object.entries(c.attachments).map(([k, v]) => [k, splitBundle(v)]));
    }
    if (c.cell_type === "code" && Array.isArray(c.outputs)) {
      c.outputs = (c.outputs as Record<string, unknown>[]).map((o) => {
        if (o.output_type === "execute_result" || o.output_type === "display_data")
          return { ...o, data: splitBundle(o.data ?? {}) };
        if (o.output_type === "stream" && typeof o.text === "string") return { ...o, text: pythonSplitLines(o.text) };
        return o;
      });
    }
    return c;
  });
  return { ...nb, cells } as INotebookContent;
}

/** Writes a file atomically: a temporary file in the same folder, then rename over the target. Creates the folder. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Writes a notebook atomically (see writeFileAtomic) in Jupyter's own layout. */
export function writeNotebook(file: string, nb: INotebookContent): Promise<void> {
  return writeFileAtomic(file, formatNotebook(nb));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .filter((k) => obj[k] !== undefined)
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

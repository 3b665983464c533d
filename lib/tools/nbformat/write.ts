import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";

/** Notebook JSON as Jupyter writes it: keys sorted, one-space indent, trailing newline. */
export function formatNotebook(nb: INotebookContent): string {
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
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

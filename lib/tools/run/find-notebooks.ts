import { realpathSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";

/** One notebook to run: its file and the folder its output path is relative to. */
export interface Job {
  file: string;
  base: string;
}

/** Options of expandPaths. */
export interface FindOptions {
  /** Look into subfolders too (hidden folders, node_modules and .ipynb_checkpoints are never entered). */
  recursive?: boolean;
}

const SKIPPED_FOLDERS = new Set(["node_modules", ".ipynb_checkpoints", "__pycache__"]);

/** The .ipynb files in a folder (sorted), and, with `recursive`, in its subfolders (depth first, sorted). */
async function notebooksIn(folder: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    if (e.isFile() && e.name.endsWith(".ipynb")) files.push(join(folder, e.name));
  }
  if (!recursive) return files;
  for (const e of entries) {
    if (e.name.startsWith(".") || SKIPPED_FOLDERS.has(e.name) || !e.isDirectory()) continue;
    files.push(...(await notebooksIn(join(folder, e.name), true)));
  }
  return files;
}

/**
 * Expands folders to their .ipynb files (sorted; into subfolders with `recursive`); a file stays itself. Missing
 * paths are kept (reported later, with their file).
 */
export async function expandPaths(paths: string[], options: FindOptions = {}): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      for (const file of await notebooksIn(p, options.recursive === true)) jobs.push({ file, base: p });
    } else {
      jobs.push({ file: p, base: dirname(p) });
    }
  }
  return jobs;
}

/**
 * Why `paths` gave no notebook, one line per path: a missing path, a folder with no notebooks at all, or a folder whose
 * notebooks are only in subfolders (naming some and the option that finds them).
 */
export async function whyNoNotebooks(paths: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) lines.push(`${p}: no such file or folder`);
    else if (!info.isDirectory()) continue;
    else {
      const deeper = await notebooksIn(p, true);
      lines.push(
        deeper.length === 0
          ? `${p}: a folder without .ipynb files (none in its subfolders either)`
          : `${p}: no .ipynb files directly in this folder, but ${deeper.length} in its subfolders (e.g. ${relative(p, deeper[0])}): pass those folders, or use --recursive`,
      );
    }
  }
  return lines;
}

/**
 * The output path of each job under `out`, relative to the job's base folder (a folder given keeps its subfolders).
 * When two jobs would land on the same path (notebooks of the same name from different folders), every job is placed
 * relative to the deepest folder common to all inputs instead, so the input folders are mirrored and nothing is
 * overwritten.
 */
export function outputPaths(jobs: Job[], out: string): string[] {
  const simple = jobs.map((j) => join(out, relative(j.base, j.file)));
  if (new Set(simple).size === simple.length) return simple;
  const common = commonFolder(jobs.map((j) => dirname(resolve(j.file))));
  return jobs.map((j) => join(out, relative(common, resolve(j.file))));
}

/** The deepest folder containing every folder given (absolute paths). */
function commonFolder(folders: string[]): string {
  const split = folders.map((f) => f.split(sep));
  const first = split[0] ?? [];
  let n = first.length;
  for (const parts of split) {
    let k = 0;
    while (k < n && k < parts.length && parts[k] === first[k]) k++;
    n = k;
  }
  return first.slice(0, n).join(sep) || sep;
}

/**
 * Thrown before anything runs when an executed copy would be written over an input notebook (e.g. `--out .` in the
 * notebooks' own folder): the input is the user's work, written over only with `inplace`.
 */
export class OutputOverInputError extends Error {
  constructor(readonly clashes: { input: string; output: string }[]) {
    const [first] = clashes;
    const over = first.output === first.input ? "itself" : `the input notebook ${first.output}`;
    const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : "";
    super(
      `the executed copy of ${first.input} would be written over ${over}${more}: choose an --out folder apart from the notebooks, or pass --inplace to replace them`,
    );
    this.name = "OutputOverInputError";
  }
}

/** The file a path names, links resolved where it exists (so `--out .` and a link to the folder are both seen). */
function identity(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), relative(dirname(abs), abs));
    } catch {
      return abs;
    }
  }
}

/** Throws OutputOverInputError if any output path is one of the input notebooks (its own or another job's). */
export function assertOutputsApartFromInputs(jobs: Job[], outputs: string[]): void {
  const inputs = new Map(jobs.map((j) => [identity(j.file), j.file]));
  const clashes = outputs.flatMap((output, i) => {
    const input = inputs.get(identity(output));
    return input === undefined ? [] : [{ input: jobs[i].file, output: input }];
  });
  if (clashes.length > 0) throw new OutputOverInputError(clashes);
}

import { basename, dirname, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { readNotebook } from "../nbformat/read";
import { expandPaths, runNotebooks } from "../run/run-notebooks";
import type { NotebookExecuteOptions } from "../run/types";
import { rememberFolder } from "./local-images";
import { CONTENTS_PAGE } from "./output-guard";
import { hasCode, hasOutputs } from "./notebook-info";

/** When to execute notebooks before exporting them. */
export type ExecuteMode = "auto" | "always" | "never";

/** A notebook ready to export. */
export interface PreparedNotebook {
  file: string;
  /** File name without .ipynb, used for the output name. */
  name: string;
  notebook?: INotebookContent;
  executed: boolean;
  /** Why it cannot be exported, or what went wrong while executing it (the export still happens then). */
  problem?: string;
  /** True when the problem means there is nothing to export. */
  fatal: boolean;
}

export interface PrepareOptions {
  execute?: ExecuteMode;
  /** Per-cell timeout in seconds for executions. */
  timeout?: number;
  kernelFactory?: NotebookExecuteOptions["kernelFactory"];
  onMessage?: (line: string) => void;
  /** --force: replace files in the output folder that no earlier export wrote (output-guard.ts). */
  force?: boolean;
}

/**
 * Reads the notebooks (folders expanded to their .ipynb files, sorted) and executes, through the runner, those that
 * need it: "auto" executes a notebook with code but no outputs, "always" every one, "never" none. Execution goes on
 * after errors (they are shown in the export) and happens in memory: the input files are never written.
 */
export async function prepareNotebooks(paths: string[], options: PrepareOptions = {}): Promise<PreparedNotebook[]> {
  const jobs = await expandPaths(paths);
  const mode = options.execute ?? "auto";
  const result: PreparedNotebook[] = [];
  const named = new Map<string, string>();
  for (const { file } of jobs) {
    const name = basename(file).replace(/\.ipynb$/i, "");
    // the contents page would replace a notebook's page of its name: refused, as a second notebook of one name is
    if (`${name.toLowerCase()}.html` === CONTENTS_PAGE) {
      const problem = `${file}: not exported: its ${name}.html would be overwritten by the contents page ${CONTENTS_PAGE} every export writes (rename the notebook)`;
      result.push({ file, name, executed: false, problem, fatal: true });
      continue;
    }
    // two notebooks of one name (from two folders; names differing only in case on a case-insensitive file system)
    // would write one page: the second is refused, never overwrites
    const first = named.get(name.toLowerCase());
    if (first !== undefined) {
      const problem = `${file}: not exported: ${first} has the same name, and its ${name}.html would be overwritten (export the two folders into separate --out folders, or rename one)`;
      result.push({ file, name, executed: false, problem, fatal: true });
      continue;
    }
    named.set(name.toLowerCase(), file);
    let nb: INotebookContent;
    try {
      nb = await readNotebook(file);
    } catch (err) {
      result.push({ file, name, executed: false, problem: (err as Error).message, fatal: true });
      continue;
    }
    rememberFolder(nb, dirname(resolve(file)));
    const run = mode === "always" || (mode === "auto" && hasCode(nb) && !hasOutputs(nb));
    if (!run) {
      result.push({ file, name, notebook: nb, executed: false, fatal: false });
      continue;
    }
    options.onMessage?.(`executing ${file}`);
    const [r] = await runNotebooks([file], {
      write: false,
      staticFigures: false,
      allowErrors: true,
      timeout: options.timeout,
      kernelFactory: options.kernelFactory,
    });
    if (r.notebook) rememberFolder(r.notebook, dirname(resolve(file)));
    if (r.notebook && r.status !== "error") {
      const problem = r.status === "passed" ? undefined : `${file}: executed with errors: ${r.message ?? r.status}`;
      result.push({ file, name, notebook: r.notebook, executed: true, problem, fatal: false });
    } else {
      result.push({
        file,
        name,
        executed: false,
        problem: `${file}: could not be executed: ${r.message ?? r.status}`,
        fatal: true,
      });
    }
  }
  return result;
}

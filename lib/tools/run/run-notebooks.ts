import { dirname, join, resolve } from "node:path";
import { NotebookFormatError, readNotebook } from "../nbformat/read";
import { validateNotebook } from "../nbformat/validate";
import { writeNotebook } from "../nbformat/write";
import { executeNotebook, zmqKernelFactory } from "./execute";
import { LIVE_STATIC_ENV } from "../../display/static-image";
import { assertOutputsApartFromInputs, expandPaths, type Job, outputPaths } from "./find-notebooks";
import { KernelPrestarter } from "./prestart";
import { loadStaticFigureRenderer, type StaticFigureRenderer } from "./static-figures";
import type { NotebookExecuteOptions, NotebookResult } from "./types";

export interface RunOptions extends Omit<NotebookExecuteOptions, "path" | "cwd"> {
  /** Folder for the executed copies; default "build/notebooks". */
  out?: string;
  /** Write the executed notebook over its input instead. */
  inplace?: boolean;
  /** Notebooks executed at the same time (one kernel each). Default 1. */
  jobs?: number;
  /** Add static SVG images of Plotly figures through lib/tools/render when it exists. Default true. */
  staticFigures?: boolean;
  /** The static figure renderer; default lib/tools/render when it is built. */
  renderer?: StaticFigureRenderer;
  /** Start the next notebook's kernel while the current one runs (see KernelPrestarter). Default true. */
  prestart?: boolean;
  /** Write the executed notebooks at all. Default true. */
  write?: boolean;
  /** Find notebooks in subfolders of the folders given too (mirrored under `out`). Default false. */
  recursive?: boolean;
}

export { expandPaths, OutputOverInputError } from "./find-notebooks";

/**
 * Runs notebooks, `jobs` at a time, one fresh kernel each, in the notebook's own folder; writes each executed copy
 * atomically to `out` (or over the input with `inplace`), mirroring the input folders so that notebooks of the same
 * name never overwrite each other (see outputPaths). A notebook that cannot be read or run is reported with its
 * file and problem, and the others still run. Results come back in input order.
 */
export async function runNotebooks(paths: string[], options: RunOptions = {}): Promise<NotebookResult[]> {
  const jobs = await expandPaths(paths, { recursive: options.recursive });
  const out = options.out ?? join("build", "notebooks");
  const targets = outputPaths(jobs, out);
  if (!options.inplace && options.write !== false) assertOutputsApartFromInputs(jobs, targets);
  // the run, not its kernels, decides on static images: with one Chromium for all notebooks, or none (staticFigures
  // false); kernels started from here do not render their own (display/static-image.ts) unless the caller said so
  process.env[LIVE_STATIC_ENV] ??= "0";
  // a renderer of our own (one Chromium for the whole run) is closed at the end; one passed in belongs to the caller
  const ownRenderer = options.staticFigures === false || options.renderer ? undefined : loadStaticFigureRenderer();
  const renderer = options.staticFigures === false ? undefined : (options.renderer ?? ownRenderer);
  const results: NotebookResult[] = new Array(jobs.length);
  const prestarter =
    options.prestart === false
      ? undefined
      : new KernelPrestarter(
          jobs.map((j) => j.file),
          options.kernelFactory ?? zmqKernelFactory,
        );
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      prestarter?.prestart(i);
      prestarter?.prestart(next);
      const kernelFactory = prestarter?.factoryFor(i) ?? options.kernelFactory;
      results[i] = await runOne(jobs[i], targets[i], renderer, { ...options, kernelFactory });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? 1, jobs.length)) }, worker));
  } finally {
    await prestarter?.close();
    await ownRenderer?.close?.();
  }
  return results;
}

async function runOne(
  job: Job,
  target: string,
  renderer: StaticFigureRenderer | undefined,
  options: RunOptions,
): Promise<NotebookResult> {
  const started = Date.now();
  const fail = (message: string): NotebookResult => {
    const result: NotebookResult = { path: job.file, status: "error", message, cells: [], durationMs: Date.now() - started };
    options.onProgress?.({ type: "notebook-done", result });
    return result;
  };
  let input: Awaited<ReturnType<typeof readNotebook>>;
  try {
    input = await readNotebook(job.file);
  } catch (err) {
    return fail(err instanceof NotebookFormatError ? err.problem : String(err));
  }
  // a notebook from elsewhere may break the format already (tags as a string, an unknown output type): said so below
  const given = new Set(validateNotebook(input));
  // the notebook is done (for the progress line) once its static figures, format check and file are: its status may
  // still change below
  const progress = options.onProgress;
  const onProgress: RunOptions["onProgress"] = progress && ((e) => (e.type === "notebook-done" ? undefined : progress(e)));
  const done = (result: NotebookResult): NotebookResult => {
    progress?.({ type: "notebook-done", result });
    return result;
  };
  const result = await executeNotebook(input, { ...options, onProgress, path: job.file, cwd: dirname(resolve(job.file)) });
  // Not run at all (unknown kernel, kernel did not start): nothing worth writing.
  if (!result.notebook || result.status === "error") return done(result);
  if (renderer) {
    try {
      result.staticFigures = await renderer.addStaticFigures(result.notebook);
    } catch (err) {
      result.staticFigures = { rendered: 0, figures: 0, errors: [], skipped: `failed: ${(err as Error).message}` };
    }
  }
  const problems = validateNotebook(result.notebook);
  if (problems.length > 0) {
    result.status = "failed";
    const shown = formatProblems(problems, result.notebook.cells).slice(0, 3).join("; ");
    result.message ??= problems.every((p) => given.has(p))
      ? `the notebook as given is not valid nbformat 4.5 (its executed copy keeps that): ${shown}`
      : `the executed notebook is not valid nbformat 4.5: ${shown}`;
  }
  if (options.write !== false) {
    const written = options.inplace ? job.file : target;
    await writeNotebook(written, result.notebook);
    result.outputPath = written;
  }
  return done(result);
}

/**
 * The schema problems of a notebook as a reader wants them: the most specific first (a cell's `metadata/tags: must be
 * array` before the "must match exactly one schema in oneOf" the schema adds for each kind of cell it tried, which are
 * left out), once each, and `/cells/2` named as "cell 3 (id …)".
 */
function formatProblems(problems: string[], cells: readonly object[]): string[] {
  const depth = (p: string) => p.split(":")[0].split("/").length;
  const specific = [...new Set(problems)].filter((p) => !/must match exactly one schema in oneOf$/.test(p));
  const list = specific.length > 0 ? specific : [...new Set(problems)];
  return list
    .sort((a, b) => depth(b) - depth(a))
    .map((p) =>
      p.replace(/^\/cells\/(\d+)(?:\/([^:]*))?:/, (_, i: string, rest?: string) => {
        const id = (cells[Number(i)] as { id?: unknown } | undefined)?.id;
        return `cell ${Number(i) + 1}${typeof id === "string" ? ` (id ${id})` : ""}${rest ? ` ${rest}` : ""}:`;
      }),
    );
}

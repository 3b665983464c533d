import type { INotebookContent } from "@jupyterlab/nbformat";
import type { KernelClient } from "../kernel/types";
import type { ParameterValue } from "./parameters";
import type { StaticFiguresSummary } from "./static-figures";

/** Starts one kernel for one notebook: kernelName from the notebook's kernelspec, cwd the notebook's folder. */
export type KernelFactory = (options: { kernelName: string; cwd: string }) => Promise<KernelClient>;

/** How a cell ended. "expected-error": it failed and was tagged raises-exception. */
export type CellStatus = "ok" | "error" | "expected-error" | "timeout" | "dead" | "skipped" | "not-run";

export interface CellResult {
  /**
   * The cell's number as Jupyter shows it and every message of the runner says it ("cell 3"): 1-based, counting
   * markdown cells too.
   */
  cellNumber: number;
  id: string;
  cellType: "code" | "markdown" | "raw";
  status: CellStatus;
  executionCount: number | null;
  durationMs: number;
  /** First error output of the cell, if any. */
  error?: { ename: string; evalue: string };
  /** First line of the source, for reports. */
  title: string;
  /** Problems seen after the cell ended (an unhandled promise rejection it started), for reports. */
  warnings?: string[];
}

export type NotebookStatus = "passed" | "failed" | "error";

export interface NotebookResult {
  /** The input file ("" for a notebook given as an object). */
  path: string;
  /** Where the executed copy was written, if it was. */
  outputPath?: string;
  /** "passed": every cell ran without an unexpected error; "failed": a cell failed, timed out or the kernel died;
   * "error": the notebook could not be run at all (malformed file, unknown kernel, kernel failed to start). */
  status: NotebookStatus;
  /** Why it failed: the cell and what happened, or the file problem. */
  message?: string;
  /** What went right but may not be what was meant (a parameter without effect, an unhandled rejection after a cell). */
  warnings?: string[];
  cells: CellResult[];
  durationMs: number;
  /** Static SVG images added to Plotly outputs by lib/tools/render (absent when it did not run). */
  staticFigures?: StaticFiguresSummary;
  /** The executed notebook (absent when status is "error" before execution). */
  notebook?: INotebookContent;
}

/** Progress events, for the CLI's display. */
export type ProgressEvent =
  | { type: "notebook-start"; path: string; cells: number }
  | { type: "cell-done"; path: string; cell: CellResult; done: number; cells: number }
  | { type: "notebook-done"; result: NotebookResult };

export interface NotebookExecuteOptions {
  /** Starts the kernel; default: createZmqKernel (tslab over zeromq). */
  kernelFactory?: KernelFactory;
  /** Default per-cell timeout in seconds (0 or undefined: none). A cell's metadata.dl4nlp.timeout or
   * metadata.execution.timeout (seconds) overrides it. */
  timeout?: number;
  /** Go on after a failing cell (each cell's error is kept as its output). */
  allowErrors?: boolean;
  /** Parameters injected after the cell tagged `parameters`. */
  parameters?: Record<string, ParameterValue>;
  /** The kernel's working folder; default: the notebook's folder (runNotebooks) or process.cwd(). */
  cwd?: string;
  /** Pause after a failed cell before the next request, to outlast tslab's ~200 ms abort window. Default 300. */
  abortWindowMs?: number;
  /** Cap each stream output at this many characters (head and tail kept, a marker between). Default: no cap. */
  maxOutputBytes?: number;
  /** Record execution timestamps in cell.metadata.execution (as nbclient's record_timing). Default false. */
  timing?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** Used in progress events and results. */
  path?: string;
}

import type { ICell, ICodeCell, IError, INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { executeCell, settle, unreachable } from "../execute/run-cell";
import type { ExecuteResult, KernelClient } from "../kernel/types";
import { createZmqKernel } from "../kernel/zmq-client";
import { sourceText } from "../nbformat/read";
import { cellTimeoutSeconds, cellTitle, raisesException, shouldExecute, timeoutWarnings } from "./cell-policy";
import { injectParameters, parameterWarnings } from "./parameters";
import { cellPasses } from "./statuses";
import type { CellResult, CellStatus, KernelFactory, NotebookExecuteOptions, NotebookResult } from "./types";

/** The default kernel factory: tslab (or jslab) started directly and driven over zeromq. */
export const zmqKernelFactory: KernelFactory = ({ kernelName, cwd }) => createZmqKernel({ kernelName, cwd });

/** The kernelspec name of a notebook; without one, "jslab" for JavaScript notebooks and "tslab" otherwise. */
export function kernelNameOf(nb: INotebookContent): string {
  const name = nb.metadata?.kernelspec?.name;
  if (typeof name === "string" && name !== "") return name;
  return nb.metadata?.language_info?.name === "javascript" ? "jslab" : "tslab";
}

/**
 * Executes a notebook in a fresh kernel, cell by cell, as nbclient does: outputs replaced, execution counts from
 * execute_reply, timing in metadata.execution; stops at the first unexpected error unless allowErrors. Unlike
 * nbclient (as papermill), the outputs of an earlier run are cleared from every cell to run first, so cells after a
 * failure show nothing rather than stale results. Never rejects
 * for problems of the notebook: they are in the result (status "failed"/"error", message naming the cell).
 */
export async function executeNotebook(input: INotebookContent, options: NotebookExecuteOptions = {}): Promise<NotebookResult> {
  const started = Date.now();
  const path = options.path ?? "";
  const nb = injectParameters(structuredClone(input), options.parameters ?? {});
  const warnings = [...parameterWarnings(input, options.parameters ?? {}), ...timeoutWarnings(nb.cells)];
  const cells: CellResult[] = nb.cells.map((cell, index) => ({
    cellNumber: index + 1,
    id: String(cell.id ?? ""),
    cellType: cell.cell_type as CellResult["cellType"],
    status: shouldExecute(cell) ? "not-run" : "skipped",
    executionCount: null,
    durationMs: 0,
    title: cellTitle(cell),
  }));
  // outputs and counts of an earlier run go: a cell this run never reaches (after a failure) shows nothing, not old results
  for (const [index, cell] of nb.cells.entries()) {
    if (cells[index].status !== "not-run") continue;
    (cell as ICodeCell).outputs = [];
    (cell as ICodeCell).execution_count = null;
  }
  const toRun = cells.filter((c) => c.status === "not-run").length;
  options.onProgress?.({ type: "notebook-start", path, cells: toRun });
  const finish = (status: NotebookResult["status"], message?: string): NotebookResult => {
    const lateWarnings = cells.flatMap((c) =>
      (c.warnings ?? []).map((w) => `cell ${c.cellNumber}${c.id ? ` (id ${c.id})` : ""}: ${w}`),
    );
    const all = [...warnings, ...lateWarnings];
    const result: NotebookResult = {
      path,
      status,
      message,
      ...(all.length ? { warnings: all } : {}),
      cells,
      durationMs: Date.now() - started,
      notebook: nb,
    };
    options.onProgress?.({ type: "notebook-done", result });
    return result;
  };

  let kernel: KernelClient;
  const kernelName = kernelNameOf(nb);
  try {
    kernel = await (options.kernelFactory ?? zmqKernelFactory)({ kernelName, cwd: options.cwd ?? process.cwd() });
  } catch (err) {
    return finish("error", `kernel "${kernelName}" did not start: ${(err as Error).message}`);
  }
  let dead = false;
  void kernel.died.then(() => {
    dead = true;
  });
  try {
    let failure: string | undefined;
    let done = 0;
    for (const [index, cell] of nb.cells.entries()) {
      if (cells[index].status !== "not-run") continue;
      const code = cell as ICodeCell;
      const timeout = cellTimeoutSeconds(cell, options.timeout);
      const diedBefore = dead;
      const result = await runCell(kernel, code, cells[index], timeout, options);
      const status = cellStatus(result, cell);
      Object.assign(cells[index], {
        status,
        executionCount: result.executionCount,
        durationMs: result.durationMs,
        error: firstError(result),
      });
      options.onProgress?.({ type: "cell-done", path, cell: cells[index], done: ++done, cells: toRun });
      await settle(result.status, options.abortWindowMs);
      if (cellPasses(status)) continue;
      const where = `cell ${index + 1}${cell.id ? ` (id ${cell.id})` : ""}`;
      const what = describeFailure(status, cells[index], timeout, diedBefore);
      failure ??= `${where}: ${what}`;
      if (status === "dead" || dead || !options.allowErrors) break;
    }
    return finish(failure ? "failed" : "passed", failure);
  } finally {
    await kernel.shutdown();
  }
}

/**
 * Executes one code cell through the shared execution core (abort-window retry, deadline, output cap) and writes its
 * outputs and execution count into it (timing only when asked). Output that arrives for the cell after it ended is
 * appended to its outputs and noted as a warning of the cell.
 */
async function runCell(
  kernel: KernelClient,
  cell: ICodeCell,
  report: CellResult,
  timeoutSeconds: number | undefined,
  options: NotebookExecuteOptions,
): Promise<ExecuteResult> {
  const result = await executeCell(kernel, sourceText(cell), {
    timeoutMs: timeoutSeconds !== undefined ? timeoutSeconds * 1000 : undefined,
    abortWindowMs: options.abortWindowMs,
    maxOutputBytes: options.maxOutputBytes,
    timing: options.timing,
    onLateOutput: (output) => {
      const warning = lateOutputWarning(output);
      if (warning) report.warnings = [...(report.warnings ?? []), warning];
    },
  });
  cell.outputs = result.outputs;
  cell.execution_count = result.executionCount;
  if (result.timing) {
    const previous = (cell.metadata.execution ?? {}) as Record<string, unknown>;
    const kept = typeof previous.timeout === "number" ? { timeout: previous.timeout } : {};
    cell.metadata = { ...cell.metadata, execution: { ...kept, ...result.timing } };
  }
  return result;
}

/** A warning for output that arrived after its cell ended: errors and stderr (an unhandled rejection), not prints. */
function lateOutputWarning(output: IOutput): string | undefined {
  if (output.output_type === "error") return `after the cell ended: ${output.ename}: ${String(output.evalue).split("\n")[0]}`;
  if (output.output_type === "stream" && output.name === "stderr") {
    const text = Array.isArray(output.text) ? output.text.join("") : String(output.text);
    return `after the cell ended, on stderr: ${text.trim().split("\n")[0]}`;
  }
  return undefined;
}

function cellStatus(result: ExecuteResult, cell: ICell): CellStatus {
  switch (result.status) {
    case "ok":
      return "ok";
    case "error":
    case "abort":
      return raisesException(cell) ? "expected-error" : "error";
    case "timeout":
    case "dead":
      return result.status;
    default:
      return unreachable(result.status);
  }
}

function firstError(result: ExecuteResult): CellResult["error"] {
  const e = result.outputs.find((o): o is IError => o.output_type === "error");
  return e ? { ename: e.ename, evalue: e.evalue } : undefined;
}

function describeFailure(status: CellStatus, cell: CellResult, timeout?: number, diedBefore = false): string {
  const err = cell.error ? `${cell.error.ename}: ${cell.error.evalue.split("\n")[0]}` : "";
  if (status === "timeout") return `timed out after ${timeout} s${err && !err.startsWith("CellTimeoutError") ? ` (${err})` : ""}`;
  if (status === "dead") {
    const how = deathInWords(cell.error?.evalue);
    return diedBefore ? `${how}, before this cell ran (a timer or callback of an earlier cell?)` : how;
  }
  return err || "failed";
}

/**
 * A kernel's death as the summary line says it, its exit code or signal first (the summary table cuts long lines),
 * with the call that most often causes it: "the kernel exited with code 0 (process.exit?)", "the kernel was killed by
 * SIGTERM (process.kill?)"; else the reason the kernel client gave.
 */
function deathInWords(evalue: string | undefined): string {
  const reason = (evalue ?? "").replace(/^Kernel died while executing this cell: /, "");
  const exit = /exited with code (\d+)/.exec(reason);
  if (exit) return `the kernel exited with code ${exit[1]} (process.exit?)`;
  const signal = /killed by (SIG[A-Z0-9]+)/.exec(reason)?.[1];
  if (signal) return `the kernel was killed by ${signal}${SENT_BY_CODE.has(signal) ? " (process.kill?)" : ""}`;
  return `the kernel died (${reason || "no reason known"})`;
}

/** Signals a cell's code sends its own process (`process.kill(process.pid)` sends SIGTERM), unlike a crash's. */
const SENT_BY_CODE = new Set(["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"]);

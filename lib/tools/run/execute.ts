import type { ICell, ICodeCell, IError, INotebookContent } from "@jupyterlab/nbformat";
import type { ExecuteResult, KernelClient } from "../kernel/types";
import { createZmqKernel } from "../kernel/zmq-client";
import { sourceText } from "../nbformat/read";
import { cellTimeoutSeconds, cellTitle, raisesException, shouldExecute } from "./cell-policy";
import { injectParameters } from "./parameters";
import type { CellResult, CellStatus, KernelFactory, NotebookExecuteOptions, NotebookResult } from "./types";

/** The default kernel factory: tslab (or jslab) started directly and driven over zeromq. */
export const zmqKernelFactory: KernelFactory = ({ kernelName, cwd }) => createZmqKernel({ kernelName, cwd });

/** The kernelspec name of a notebook; without one, "jslab" for JavaScript notebooks and "tslab" otherwise. */
export function kernelNameOf(nb: INotebookContent): string {
  const name = nb.metadata?.kernelspec?.name;
  if (typeof name === "string" && name !== "") return name;
  return nb.metadata?.language_info?.name === "javascript" ? "jslab" : "tslab";
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Executes a notebook in a fresh kernel, cell by cell, as nbclient does: outputs replaced, execution counts from
 * execute_reply, timing in metadata.execution; stops at the first unexpected error unless allowErrors. Never rejects
 * for problems of the notebook: they are in the result (status "failed"/"error", message naming the cell).
 */
export async function executeNotebook(input: INotebookContent, options: NotebookExecuteOptions = {}): Promise<NotebookResult> {
  const started = Date.now();
  const path = options.path ?? "";
  const nb = injectParameters(structuredClone(input), options.parameters ?? {});
  const cells: CellResult[] = nb.cells.map((cell, index) => ({
    index,
    id: String(cell.id ?? ""),
    cellType: cell.cell_type as CellResult["cellType"],
    status: shouldExecute(cell) ? "not-run" : "skipped",
    executionCount: null,
    durationMs: 0,
    title: cellTitle(cell),
  }));
  const toRun = cells.filter((c) => c.status === "not-run").length;
  options.onProgress?.({ type: "notebook-start", path, cells: toRun });
  const finish = (status: NotebookResult["status"], message?: string): NotebookResult => {
    const result: NotebookResult = { path, status, message, cells, durationMs: Date.now() - started, notebook: nb };
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
      let result = await runCell(kernel, code, timeout);
      if (result.status === "abort") {
        // tslab aborted it: a request arrived within its abort window after an error. Wait it out, run once more.
        await pause(options.abortWindowMs ?? 300);
        result = await runCell(kernel, code, timeout);
      }
      const status = cellStatus(result, cell);
      Object.assign(cells[index], {
        status,
        executionCount: result.executionCount,
        durationMs: result.durationMs,
        error: firstError(result),
      });
      options.onProgress?.({ type: "cell-done", path, cell: cells[index], done: ++done, cells: toRun });
      if (status === "ok" || status === "expected-error") {
        if (status === "expected-error") await pause(options.abortWindowMs ?? 300);
        continue;
      }
      const where = `cell ${index + 1}${cell.id ? ` (id ${cell.id})` : ""}`;
      const what = describeFailure(status, cells[index], timeout);
      failure ??= `${where}: ${what}`;
      if (status === "dead" || dead || !options.allowErrors) break;
      await pause(options.abortWindowMs ?? 300);
    }
    return finish(failure ? "failed" : "passed", failure);
  } finally {
    await kernel.shutdown();
  }
}

/** Executes one code cell and writes its outputs, execution count and timing into it. */
async function runCell(kernel: KernelClient, cell: ICodeCell, timeoutSeconds?: number): Promise<ExecuteResult> {
  const result = await kernel.execute(sourceText(cell), {
    timeoutMs: timeoutSeconds !== undefined ? timeoutSeconds * 1000 : undefined,
  });
  cell.outputs = result.outputs;
  cell.execution_count = result.executionCount;
  const previous = (cell.metadata.execution ?? {}) as Record<string, unknown>;
  const kept = typeof previous.timeout === "number" ? { timeout: previous.timeout } : {};
  cell.metadata = { ...cell.metadata, execution: { ...kept, ...(result.timing ?? {}) } };
  return result;
}

function cellStatus(result: ExecuteResult, cell: ICell): CellStatus {
  switch (result.status) {
    case "ok":
      return "ok";
    case "error":
    case "abort":
      return raisesException(cell) ? "expected-error" : "error";
    default:
      return result.status;
  }
}

function firstError(result: ExecuteResult): CellResult["error"] {
  const e = result.outputs.find((o): o is IError => o.output_type === "error");
  return e ? { ename: e.ename, evalue: e.evalue } : undefined;
}

function describeFailure(status: CellStatus, cell: CellResult, timeout?: number): string {
  const err = cell.error ? `${cell.error.ename}: ${cell.error.evalue.split("\n")[0]}` : "";
  if (status === "timeout") return `timed out after ${timeout} s${err && !err.startsWith("CellTimeoutError") ? ` (${err})` : ""}`;
  if (status === "dead") return `the kernel died (${cell.error?.evalue ?? "no reason known"})`;
  return err || "failed";
}

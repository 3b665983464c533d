import type { ExecuteOptions, ExecuteResult, KernelClient } from "../kernel/types";

/** tslab answers "abort" to requests that arrive within ~200 ms after a failed cell; 300 ms outlasts that window. */
export const ABORT_WINDOW_MS = 300;

/** Options of executeCell: the kernel's ExecuteOptions plus the retry and the overall deadline. */
export interface CellRunOptions extends ExecuteOptions {
  /** Pause before running an aborted cell once more. Default ABORT_WINDOW_MS. */
  abortWindowMs?: number;
  /**
   * An absolute deadline (Date.now() milliseconds) for the cell, retry included: each attempt's timeout is the smaller
   * of timeoutMs and the time left (at least minAttemptMs).
   */
  deadlineAt?: number;
  /** The shortest timeout an attempt gets under deadlineAt. Default 1000. */
  minAttemptMs?: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one cell on a kernel: the one call the runner and the grader use. If the kernel aborts the request (it arrived
 * within tslab's abort window after an earlier error), waits `abortWindowMs` and runs it once more. Never rejects for
 * errors of the code: they are in the result.
 */
export async function executeCell(kernel: KernelClient, code: string, options: CellRunOptions = {}): Promise<ExecuteResult> {
  const attempt = () => kernel.execute(code, { ...options, timeoutMs: attemptTimeout(options) });
  const result = await attempt();
  if (result.status !== "abort") return result;
  await pause(options.abortWindowMs ?? ABORT_WINDOW_MS);
  return attempt();
}

/**
 * How long to wait after a cell ended with `status` before sending the next request: 0 after success, one abort window
 * after an error or abort (tslab would abort the next request), three after a timeout (a late repeated SIGINT must not
 * hit the next cell).
 */
export function settleMs(status: ExecuteResult["status"], abortWindowMs = ABORT_WINDOW_MS): number {
  switch (status) {
    case "ok":
    case "dead":
      return 0;
    case "error":
    case "abort":
      return abortWindowMs;
    case "timeout":
      return 3 * abortWindowMs;
    default:
      return unreachable(status);
  }
}

/** Waits settleMs(status). */
export function settle(status: ExecuteResult["status"], abortWindowMs = ABORT_WINDOW_MS): Promise<void> {
  const ms = settleMs(status, abortWindowMs);
  return ms > 0 ? pause(ms).then(() => {}) : Promise.resolve();
}

function attemptTimeout(options: CellRunOptions): number | undefined {
  if (options.deadlineAt === undefined) return options.timeoutMs;
  const left = Math.max(options.minAttemptMs ?? 1000, options.deadlineAt - Date.now());
  return options.timeoutMs !== undefined && options.timeoutMs > 0 ? Math.min(options.timeoutMs, left) : left;
}

/** For exhaustive switches: a compile error when a case is missing, an Error naming the value at run time. */
export function unreachable(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

import type { IOutput } from "@jupyterlab/nbformat";

/**
 * KernelClient: one running kernel, as the runner sees it. Two implementations: a direct client that spawns tslab and
 * speaks the Jupyter messaging protocol over zeromq, and a client for kernels on a Jupyter server (@jupyterlab/services).
 */
export interface KernelClient {
  /** Kernel name and implementation, as reported by kernel_info_reply. */
  readonly info: KernelInfo;
  /**
   * Runs one cell. Resolves when the kernel is idle again after the request (or on timeout / death), never rejects
   * for errors in the code: those are in the result.
   */
  execute(code: string, options?: ExecuteOptions): Promise<ExecuteResult>;
  /** Sends an interrupt (interrupt_request or SIGINT, as the kernel spec says). */
  interrupt(): Promise<void>;
  /**
   * Ends the kernel (shutdown_request, then kill of its process group after a grace period; at once for a client made
   * with shutdownGraceMs 0). Idempotent.
   */
  shutdown(): Promise<void>;
  /** Resolves when the kernel dies unexpectedly (process exit, heartbeat lost), with what is known of why. */
  readonly died: Promise<KernelDeath>;
}

export interface KernelInfo {
  implementation: string;
  languageName: string;
  protocolVersion: string;
}

export interface ExecuteOptions {
  /** After this many milliseconds: interrupt, then kill if the kernel does not answer. */
  timeoutMs?: number;
  /** Called for each output as it arrives (stream, display_data, update_display_data, error). */
  onOutput?: (output: IOutput) => void;
  /**
   * Called for output that arrives for this request after its result was delivered (a timer's print, an unhandled
   * promise rejection reported by the launcher): it has been appended to the result's `outputs` array already.
   */
  onLateOutput?: (output: IOutput) => void;
  /** Cap each stream output at this many characters, keeping head and tail with a marker between. Default: no cap. */
  maxOutputBytes?: number;
  /** Record when the request's messages arrived (result.timing). Default false: results are reproducible. */
  timing?: boolean;
}

export interface ExecuteResult {
  /** "ok", "error" (the code failed), "abort" (tslab aborted it after an earlier error), "timeout", "dead" (kernel died). */
  status: "ok" | "error" | "abort" | "timeout" | "dead";
  /** msg_id of the execute_request (the last attempt's). */
  requestId: string;
  /** execution_count from execute_reply (tslab sends no execute_input). */
  executionCount: number | null;
  /** nbformat outputs in arrival order; tslab's stderr error text is turned into a proper `error` output. */
  outputs: IOutput[];
  /** Wall time of the cell in milliseconds. */
  durationMs: number;
  /**
   * When the messages of the request arrived (ISO 8601), keyed as nbclient keys cell.metadata.execution:
   * "iopub.status.busy", "iopub.execute_input" (only if the kernel sent one; tslab does not), "shell.execute_reply",
   * "iopub.status.idle". Only when ExecuteOptions.timing asked for it.
   */
  timing?: Record<string, string>;
}

export interface KernelDeath {
  exitCode: number | null;
  signal: string | null;
  reason: string;
}

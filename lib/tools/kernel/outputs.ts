import type { IDisplayData, IError, IOutput, IStream } from "@jupyterlab/nbformat";
import type { DisplayRegistry } from "../execute/displays";
import type { Message } from "./messages";
import { errorFromTslabText, isDiagnosticText } from "./tslab-errors";
import type { ExecuteResult, KernelDeath } from "./types";

/** What went wrong beyond the cell's own outputs, added as `error` outputs named as nbclient names them. */
export interface FinishInfo {
  /** The cell ran into its timeout (CellTimeoutError); `killed` when the interrupt did not help. */
  timeoutMs?: number;
  killed?: boolean;
  /** The kernel died during the cell (DeadKernelError). */
  death?: KernelDeath;
}

type Mime = IDisplayData["data"];

/**
 * The nbformat output of one iopub message (stream, display_data, execute_result, error), or undefined for the others.
 * An update_display_data is applied to every earlier output with its display id (through `displays`) and gives no new
 * output; a display_data with a display id is registered there. `transient` is dropped, as nbclient drops it.
 */
export function outputOf(msg: Message, displays: DisplayRegistry): IOutput | undefined {
  const c = msg.content as Record<string, unknown>;
  const type = msg.header.msg_type;
  const displayId = (c.transient as { display_id?: string } | undefined)?.display_id;
  if (type === "stream") {
    return { output_type: "stream", name: c.name as IStream["name"], text: String(c.text ?? "") };
  }
  if (type === "display_data" || type === "execute_result") {
    const out = {
      output_type: type,
      data: (c.data ?? {}) as Mime,
      metadata: (c.metadata ?? {}) as IDisplayData["metadata"],
      ...(type === "execute_result" ? { execution_count: (c.execution_count as number) ?? null } : {}),
    } as IOutput;
    if (displayId) displays.register(displayId, out);
    return out;
  }
  if (type === "update_display_data") {
    if (displayId) displays.update(displayId, (c.data ?? {}) as Mime, c.metadata as IDisplayData["metadata"]);
    return undefined;
  }
  if (type === "error") {
    return { output_type: "error", ename: String(c.ename), evalue: String(c.evalue), traceback: c.traceback as string[] };
  }
  return undefined;
}

/**
 * Turns one cell's iopub messages into nbformat outputs, as nbclient does: consecutive stream texts of the same name are
 * merged, update_display_data replaces every earlier output with the same display_id (in any cell of the session),
 * `transient` is dropped; and, as only a tslab client must, the stderr text of a failed cell becomes an `error` output.
 */
export class OutputCollector {
  /** Raw outputs in arrival order (streams not merged yet). */
  private readonly raw: IOutput[] = [];
  constructor(
    private readonly displays: DisplayRegistry,
    private readonly onOutput?: (output: IOutput) => void,
  ) {}

  add(msg: Message): void {
    const out = outputOf(msg, this.displays);
    if (out) {
      this.raw.push(out);
      this.onOutput?.(out);
    } else if (msg.header.msg_type === "update_display_data") {
      const c = msg.content as { data?: Mime; metadata?: IDisplayData["metadata"] };
      this.onOutput?.({ output_type: "update_display_data", data: c.data ?? {}, metadata: c.metadata ?? {} } as IOutput);
    }
  }

  /** The cell's nbformat outputs, given how it ended. */
  finish(status: ExecuteResult["status"], info: FinishInfo = {}): IOutput[] {
    let outputs = [...this.raw];
    const hasError = outputs.some((o) => o.output_type === "error");
    if ((status === "error" || status === "timeout") && !hasError) {
      outputs = convertTrailingStderr(outputs);
    }
    if (info.timeoutMs !== undefined) {
      const how = info.killed ? "the interrupt did not stop it, so the kernel was killed" : "the kernel was interrupted";
      outputs.push(note("CellTimeoutError", `Cell execution timed out after ${info.timeoutMs} ms; ${how}.`));
    }
    if (status === "dead" && !info.killed) {
      const reason = info.death?.reason ?? "the kernel died";
      outputs.push(note("DeadKernelError", `Kernel died while executing this cell: ${reason}`));
    }
    return mergeStreams(outputs);
  }
}

function note(ename: string, evalue: string): IError {
  return { output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/**
 * tslab writes a failed cell's error as the last stderr message (a runtime error), or one stderr message per TypeScript
 * diagnostic: those messages become one `error` output; earlier stderr (the cell's own console.error) stays a stream.
 */
export function convertTrailingStderr(outputs: IOutput[]): IOutput[] {
  const isStderr = (o: IOutput | undefined): o is IStream => o?.output_type === "stream" && o.name === "stderr";
  let start = outputs.length;
  while (start > 0 && isStderr(outputs[start - 1]) && isDiagnosticText(text(outputs[start - 1]))) start--;
  if (start === outputs.length && isStderr(outputs[start - 1])) start--;
  if (start === outputs.length) return outputs;
  const errorText = outputs.slice(start).map(text).join("");
  return [...outputs.slice(0, start), errorFromTslabText(errorText)];
}

function text(o: IOutput): string {
  const t = (o as IStream).text;
  return Array.isArray(t) ? t.join("") : String(t);
}

/** Consecutive stream outputs of the same name become one (as nbclient and JupyterLab show them). */
export function mergeStreams(outputs: IOutput[]): IOutput[] {
  const merged: IOutput[] = [];
  for (const o of outputs) {
    const last = merged[merged.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
      merged[merged.length - 1] = { ...last, text: text(last) + text(o) };
    } else {
      merged.push(o);
    }
  }
  return merged;
}

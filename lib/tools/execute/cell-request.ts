import type { IOutput, IStream } from "@jupyterlab/nbformat";
import type { ExecuteReplyContent, Message } from "../kernel/messages";
import { OutputCollector, outputOf } from "../kernel/outputs";
import type { ExecuteOptions, ExecuteResult, KernelDeath } from "../kernel/types";
import type { DisplayRegistry } from "./displays";
import { capStreams } from "./output-cap";

/** What a request needs from its kernel client: how to interrupt the kernel and how to end it. */
export interface KernelControls {
  /** Interrupts the running cell (SIGINT, or interrupt_request through a server). */
  interrupt(): Promise<void> | void;
  /** Repeat the interrupt this often until the reply arrives or the kernel is killed; 0 or absent: once. */
  repeatInterruptMs?: number;
  /** Ends the kernel after a timeout whose interrupt did not help; the client then calls ExecutionSession.die. */
  kill(reason: string): void;
}

/** Timings of the request lifecycle, in milliseconds. */
export interface RequestTimings {
  /** After the deadline's interrupt, wait this long before killing the kernel. */
  graceMs: number;
  /**
   * After execute_reply, wait this long for the `idle` status (and the trailing output before it), then finish anyway:
   * a kernel that lost its idle message must not hold the notebook (nbclient's iopub_timeout after the reply). Output
   * that still arrives for the request later is appended to its cell (see CellRequest.late).
   */
  replyGraceMs: number;
}

/**
 * One execute_request from send to result: collects its iopub output, finishes on execute_reply + idle (or reply +
 * replyGraceMs when the idle is lost), enforces the deadline (interrupt, repeated, then kill after graceMs), caps the
 * streams, and afterwards keeps taking output that arrives late for it (timers, unhandled rejections).
 */
export class CellRequest {
  readonly result: Promise<ExecuteResult>;
  private resolve!: (r: ExecuteResult) => void;
  private readonly collector: OutputCollector;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly started = Date.now();
  private readonly timing: Record<string, string> = {};
  private reply?: ExecuteReplyContent;
  private idle = false;
  private timedOut = false;
  private killed = false;
  private outputs?: IOutput[];

  constructor(
    readonly id: string,
    private readonly options: ExecuteOptions,
    private readonly displays: DisplayRegistry,
    private readonly controls: KernelControls,
    private readonly timings: RequestTimings,
  ) {
    this.collector = new OutputCollector(displays, options.onOutput);
    this.result = new Promise((resolve) => {
      this.resolve = resolve;
    });
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
      this.timers.push(setTimeout(() => this.deadline(), options.timeoutMs));
    }
  }

  /** Whether the result has been delivered. */
  get done(): boolean {
    return this.outputs !== undefined;
  }

  /** An iopub message whose parent is this request. */
  iopub(msg: Message): void {
    if (this.done) {
      this.late(msg);
      return;
    }
    const type = msg.header.msg_type;
    if (type === "status") {
      const state = (msg.content as { execution_state?: string }).execution_state;
      if (state === "busy" || state === "idle") this.stamp(`iopub.status.${state}`);
      if (state === "idle") {
        this.idle = true;
        if (this.reply) this.finish(replyStatus(this.reply));
      }
      return;
    }
    if (type === "execute_input") this.stamp("iopub.execute_input");
    else this.collector.add(msg);
  }

  /** The execute_reply of this request. */
  replied(content: ExecuteReplyContent): void {
    if (this.done || this.reply) return;
    this.stamp("shell.execute_reply");
    this.reply = content;
    if (this.idle) this.finish(replyStatus(content));
    else this.timers.push(setTimeout(() => this.finish(replyStatus(content)), this.timings.replyGraceMs));
  }

  /** The kernel died (or was killed after the deadline). */
  died(death: KernelDeath): void {
    this.finish("dead", death);
  }

  private deadline(): void {
    if (this.done) return;
    this.timedOut = true;
    void Promise.resolve(this.controls.interrupt()).catch(() => {});
    if (this.controls.repeatInterruptMs) {
      const again = setInterval(
        () => void Promise.resolve(this.controls.interrupt()).catch(() => {}),
        this.controls.repeatInterruptMs,
      );
      this.timers.push(again);
    }
    this.timers.push(
      setTimeout(() => {
        if (this.done) return;
        this.killed = true;
        this.controls.kill(`the cell ran past its ${this.options.timeoutMs} ms timeout and ignored the interrupt`);
      }, this.timings.graceMs),
    );
  }

  private finish(status: ExecuteResult["status"], death?: KernelDeath): void {
    if (this.done) return;
    for (const t of this.timers) clearTimeout(t);
    const final = this.timedOut ? "timeout" : status;
    const outputs = capStreams(
      this.collector.finish(status === "dead" ? "dead" : final, {
        timeoutMs: this.timedOut ? this.options.timeoutMs : undefined,
        killed: this.killed,
        death,
      }),
      this.options.maxOutputBytes,
    );
    this.outputs = outputs;
    this.resolve({
      status: final,
      requestId: this.id,
      executionCount: this.reply?.execution_count ?? null,
      outputs,
      durationMs: Date.now() - this.started,
      ...(this.options.timing ? { timing: this.timing } : {}),
    });
  }

  /** Output for this request after its result was delivered: appended to the same outputs array, and reported. */
  private late(msg: Message): void {
    const out = outputOf(msg, this.displays);
    if (!out || !this.outputs) return;
    const last = this.outputs[this.outputs.length - 1];
    if (out.output_type === "stream" && last?.output_type === "stream" && last.name === out.name) {
      (last as IStream).text = streamText(last as IStream) + streamText(out as IStream);
    } else {
      this.outputs.push(out);
    }
    this.options.onLateOutput?.(out);
  }

  private stamp(key: string): void {
    if (this.options.timing) this.timing[key] ??= new Date().toISOString();
  }
}

function streamText(o: IStream): string {
  return Array.isArray(o.text) ? o.text.join("") : String(o.text);
}

/** The status of an execute_reply ("aborted" is what some kernels send for "abort"). */
export function replyStatus(reply: { status?: string } | undefined): ExecuteResult["status"] {
  const s = reply?.status;
  if (s === "ok" || s === "error") return s;
  if (s === "abort" || s === "aborted") return "abort";
  return "error";
}

import type { ExecuteReplyContent, Message } from "../kernel/messages";
import type { ExecuteOptions, ExecuteResult, KernelDeath } from "../kernel/types";
import { CellRequest, type KernelControls, type RequestTimings } from "./cell-request";
import { DisplayRegistry } from "./displays";

/** How many finished requests keep taking late output (the most recent ones). */
const KEEP_FINISHED = 200;

/**
 * The execution state of one kernel connection, shared by every kernel client (zeromq, Jupyter server): requests in
 * flight and recently finished (by msg_id), the display ids of the session, and whether the kernel died. A client
 * feeds it every iopub message and every execute_reply it receives, and calls `die` when the kernel is gone; `start`
 * gives the result of one request.
 */
export class ExecutionSession {
  /** Every display id shown in this session, so a later cell or a timer can update an earlier cell's output. */
  readonly displays = new DisplayRegistry();
  private readonly requests = new Map<string, CellRequest>();
  private death?: KernelDeath;
  private readonly timings: RequestTimings;

  constructor(
    private readonly controls: KernelControls,
    timings: Partial<RequestTimings> = {},
  ) {
    this.timings = { graceMs: timings.graceMs ?? 2000, replyGraceMs: timings.replyGraceMs ?? 1000 };
  }

  /** Whether the kernel is known dead. */
  get dead(): boolean {
    return this.death !== undefined;
  }

  /** Registers request `id` (call before sending it); resolves with its result, never rejects. */
  start(id: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (this.death) {
      return Promise.resolve({ status: "dead", requestId: id, executionCount: null, outputs: [], durationMs: 0 });
    }
    const request = new CellRequest(id, options, this.displays, this.controls, this.timings);
    this.requests.set(id, request);
    this.forgetOld();
    return request.result;
  }

  /** Any iopub message of the kernel: routed to its request (running or finished); display updates apply anyway. */
  iopub(msg: Message): void {
    const request = this.requests.get(msg.parent_header.msg_id ?? "");
    if (request) request.iopub(msg);
    else if (msg.header.msg_type === "update_display_data") {
      const c = msg.content as {
        data?: Record<string, unknown>;
        metadata?: Record<string, unknown>;
        transient?: { display_id?: string };
      };
      const id = c.transient?.display_id;
      if (id) this.displays.update(id, (c.data ?? {}) as never, (c.metadata ?? {}) as never);
    }
  }

  /** A shell (or control) reply; execute_reply finishes its request. */
  reply(msg: Message): void {
    if (msg.header.msg_type !== "execute_reply") return;
    this.requests.get(msg.parent_header.msg_id ?? "")?.replied(msg.content as unknown as ExecuteReplyContent);
  }

  /** The kernel is gone: every request in flight ends with status "dead". */
  die(death: KernelDeath): void {
    this.death ??= death;
    for (const r of this.requests.values()) if (!r.done) r.died(this.death);
  }

  private forgetOld(): void {
    if (this.requests.size <= KEEP_FINISHED) return;
    for (const [id, r] of this.requests) {
      if (this.requests.size <= KEEP_FINISHED) break;
      if (r.done) this.requests.delete(id);
    }
  }
}

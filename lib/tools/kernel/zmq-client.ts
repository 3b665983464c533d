import { randomUUID } from "node:crypto";
import type * as zmqTypes from "zeromq";
import { createConnectionFile, endpoint } from "./connection";
import { type KernelProcess, startTslab } from "./kernel-process";
import type { ExecuteReplyContent, ExecuteRequestContent, KernelInfoReplyContent, Message } from "./messages";
import { OutputCollector } from "./outputs";
import type { ExecuteOptions, ExecuteResult, KernelClient, KernelDeath, KernelInfo } from "./types";
import { decode, encode, newMessage } from "./wire";

/** Options of createZmqKernel. */
export interface ZmqKernelOptions {
  /** Kernelspec name: "tslab" or "dl4nlp" start tslab (TypeScript), "jslab" starts tslab --js. Default "tslab". */
  kernelName?: string;
  /** Working folder of the kernel (the notebook's folder). Default: process.cwd(). */
  cwd?: string;
  /** Give up starting after this many milliseconds. Default 30000. */
  startTimeoutMs?: number;
  /** After an interrupt (or a shutdown request), wait this long before killing the process group. Default 2000. */
  graceMs?: number;
  /** Path of tslab's bin script; default: this package's tslab. */
  tslabBin?: string;
  env?: NodeJS.ProcessEnv;
}

/** The kernelspec names this client can start, and whether they mean jslab. */
export const KNOWN_KERNELS: Record<string, { js: boolean }> = {
  tslab: { js: false },
  dl4nlp: { js: false },
  typescript: { js: false },
  jslab: { js: true },
  javascript: { js: true },
};

type Socket = zmqTypes.Dealer | zmqTypes.Subscriber | zmqTypes.Request;

/** zeromq sockets refuse a send while one is pending (EBUSY): queue the sends of one socket. */
function serialSender(socket: zmqTypes.Dealer) {
  let last: Promise<void> = Promise.resolve();
  return (frames: Buffer[]) => {
    last = last.then(() => socket.send(frames)).catch(() => {});
    return last;
  };
}

/** A request in flight: its collector and how to finish it. */
interface Pending {
  collector: OutputCollector;
  timing: Record<string, string>;
  reply?: ExecuteReplyContent;
  idle: boolean;
  finish(status: ExecuteResult["status"]): void;
}

/**
 * Starts tslab (or jslab) with a fresh connection file on 127.0.0.1 in its own process group and connects to it over
 * zeromq (shell, control, stdin: DEALER; iopub: SUB; heartbeat: REQ), HMAC-SHA256 signed. Resolves once iopub delivers
 * (kernel_info_request is repeated until then: PUB/SUB slow joiner).
 */
export async function createZmqKernel(options: ZmqKernelOptions = {}): Promise<KernelClient> {
  const kernelName = options.kernelName ?? "tslab";
  const known = KNOWN_KERNELS[kernelName];
  if (!known) {
    throw new Error(`kernel "${kernelName}": unknown; this runner starts ${Object.keys(KNOWN_KERNELS).join(", ")}`);
  }
  const zmq: typeof zmqTypes = require("zeromq");
  const graceMs = options.graceMs ?? 2000;
  const conn = await createConnectionFile();
  const proc = startTslab({
    connectionFile: conn.path,
    js: known.js,
    cwd: options.cwd ?? process.cwd(),
    tslabBin: options.tslabBin,
    env: options.env,
  });
  const session = randomUUID();
  const key = conn.info.key;
  const shell = new zmq.Dealer({ linger: 0 });
  const control = new zmq.Dealer({ linger: 0 });
  const stdin = new zmq.Dealer({ linger: 0 });
  const iopub = new zmq.Subscriber({ linger: 0 });
  const sockets: Socket[] = [shell, control, stdin, iopub];
  shell.connect(endpoint(conn.info, conn.info.shell_port));
  control.connect(endpoint(conn.info, conn.info.control_port));
  stdin.connect(endpoint(conn.info, conn.info.stdin_port));
  iopub.connect(endpoint(conn.info, conn.info.iopub_port));
  iopub.subscribe();
  const sendShell = serialSender(shell);
  const sendControl = serialSender(control);

  const pending = new Map<string, Pending>();
  const replyWaiters = new Map<string, (msg: Message) => void>();
  const iopubSeen = new Set<string>();
  let closed = false;
  let shuttingDown = false;

  const onShell = (msg: Message) => {
    const parent = msg.parent_header.msg_id ?? "";
    replyWaiters.get(parent)?.(msg);
    const p = pending.get(parent);
    if (p && msg.header.msg_type === "execute_reply") {
      p.timing["shell.execute_reply"] = new Date().toISOString();
      p.reply = msg.content as unknown as ExecuteReplyContent;
      if (p.idle) p.finish(p.reply.status);
    }
  };
  const onIopub = (msg: Message) => {
    const parent = msg.parent_header.msg_id ?? "";
    iopubSeen.add(parent);
    const p = pending.get(parent);
    if (!p) return;
    if (msg.header.msg_type === "execute_input") p.timing["iopub.execute_input"] = new Date().toISOString();
    if (msg.header.msg_type === "status") {
      const state = (msg.content as { execution_state?: string }).execution_state;
      if (state === "busy") p.timing["iopub.status.busy"] = new Date().toISOString();
      if (state === "idle") {
        p.timing["iopub.status.idle"] = new Date().toISOString();
        p.idle = true;
        if (p.reply) p.finish(p.reply.status);
      }
      return;
    }
    p.collector.add(msg);
  };
  const readLoop = async (socket: zmqTypes.Dealer | zmqTypes.Subscriber, handle: (m: Message) => void) => {
    try {
      for await (const frames of socket) {
        try {
          handle(decode(key, frames));
        } catch {
          // a message we cannot read (bad signature): ignore it, as Jupyter clients do
        }
      }
    } catch {
      // socket closed
    }
  };
  void readLoop(shell, onShell);
  void readLoop(control, onShell);
  void readLoop(iopub, onIopub);

  let death: KernelDeath | undefined;
  // Resolves only for an unexpected exit, never after shutdown().
  const died = new Promise<KernelDeath>((resolve) => {
    void proc.exited.then((d) => {
      if (shuttingDown) return;
      death = { ...d, reason: `${d.reason}${lastLog(proc)}` };
      for (const p of pending.values()) p.finish("dead");
      proc.killGroup();
      resolve(death);
    });
  });

  const closeAll = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.close();
    proc.killGroup();
    await conn.remove();
  };

  // Wait until the kernel answers on shell AND iopub delivers to us.
  const info = await new Promise<KernelInfo>((resolve, reject) => {
    let settled = false;
    const ids: string[] = [];
    let reply: KernelInfoReplyContent | undefined;
    const stop = (err?: Error, value?: KernelInfo) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      for (const id of ids) replyWaiters.delete(id);
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const check = () => {
      if (reply && ids.some((id) => iopubSeen.has(id))) {
        stop(undefined, {
          implementation: reply.implementation,
          languageName: reply.language_info.name,
          protocolVersion: reply.protocol_version,
        });
      }
    };
    const ask = () => {
      const msg = newMessage("kernel_info_request", session, {});
      ids.push(msg.header.msg_id);
      replyWaiters.set(msg.header.msg_id, (m) => {
        reply = m.content as unknown as KernelInfoReplyContent;
        check();
      });
      void sendShell(encode(key, msg));
      check();
    };
    const poll = setInterval(ask, 200);
    const timer = setTimeout(
      () => stop(new Error(`kernel "${kernelName}" did not answer within ${options.startTimeoutMs ?? 30000} ms${lastLog(proc)}`)),
      options.startTimeoutMs ?? 30000,
    );
    void proc.exited.then((d) => stop(new Error(`kernel "${kernelName}" died while starting: ${d.reason}${lastLog(proc)}`)));
    ask();
  }).catch(async (err) => {
    await closeAll();
    throw err;
  });

  const interrupt = async () => {
    // tslab's kernelspec has no interrupt_mode, so it is "signal": tslab handles SIGINT (interrupt_request is unknown to it).
    proc.signal("SIGINT");
  };

  const execute = (code: string, opts: ExecuteOptions = {}): Promise<ExecuteResult> => {
    const started = Date.now();
    if (death || closed) {
      return Promise.resolve({ status: "dead", executionCount: null, outputs: [], durationMs: 0 });
    }
    const content: ExecuteRequestContent = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    const msg = newMessage("execute_request", session, content);
    const id = msg.header.msg_id;
    return new Promise<ExecuteResult>((resolve) => {
      let timedOut = false;
      let killed = false;
      const timers: NodeJS.Timeout[] = [];
      const intervals: NodeJS.Timeout[] = [];
      const p: Pending = {
        collector: new OutputCollector(opts.onOutput),
        timing: {},
        idle: false,
        finish: (status) => {
          if (!pending.has(id)) return;
          pending.delete(id);
          for (const t of timers) clearTimeout(t);
          for (const t of intervals) clearInterval(t);
          const final = timedOut ? "timeout" : status;
          resolve({
            status: final,
            executionCount: p.reply?.execution_count ?? null,
            outputs: p.collector.finish(status === "dead" ? "dead" : final, {
              timeoutMs: timedOut ? opts.timeoutMs : undefined,
              killed,
              death: status === "dead" ? death : undefined,
            }),
            durationMs: Date.now() - started,
            timing: p.timing,
          });
        },
      };
      pending.set(id, p);
      if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
        timers.push(
          setTimeout(() => {
            timedOut = true;
            // SIGINT only breaks a cell that is running; one that arrives while tslab still compiles is lost, so it is
            // repeated until the reply comes or the grace period ends.
            void interrupt();
            const again = setInterval(() => void interrupt(), 250);
            timers.push(
              setTimeout(() => {
                clearInterval(again);
                killed = true;
                proc.killGroup();
              }, graceMs),
            );
            intervals.push(again);
          }, opts.timeoutMs),
        );
      }
      void sendShell(encode(key, msg));
    });
  };

  const shutdown = async () => {
    if (closed) return;
    shuttingDown = true;
    if (proc.alive()) {
      void sendControl(encode(key, newMessage("shutdown_request", session, { restart: false })));
      const timer = new Promise((r) => setTimeout(r, graceMs));
      await Promise.race([proc.exited, timer]);
    }
    await closeAll();
  };

  return { info, execute, interrupt, shutdown, died };
}

function lastLog(proc: KernelProcess): string {
  const log = proc.log().trim();
  return log ? `; its last output: ${log.slice(-600)}` : "";
}

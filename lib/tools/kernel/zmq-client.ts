import { randomUUID } from "node:crypto";
import type * as zmqTypes from "zeromq";
import { createConnectionFile, endpoint } from "./connection";
import { type KernelProcess, startTslab } from "./kernel-process";
import { ExecutionSession } from "../execute/session";
import type { ExecuteRequestContent, KernelInfoReplyContent, Message } from "./messages";
import type { ExecuteOptions, ExecuteResult, KernelClient, KernelDeath, KernelInfo } from "./types";
import { decode, encode, newMessage } from "./wire";

/** Options of createZmqKernel. */
export interface ZmqKernelOptions {
  /** Kernelspec name: "tslab" or "dl4nlp" start tslab (TypeScript), "jslab" starts tslab --js. Default "tslab". */
  kernelName?: string;
  /** Working folder of the kernel (the notebook's folder). Default: process.cwd(). */
  cwd?: string;
  /** Give up starting after this many milliseconds. Default 60000 (tslab compiles its TypeScript at start: slow on a busy machine). */
  startTimeoutMs?: number;
  /** After an interrupt (or a shutdown request), wait this long before killing the process group. Default 2000. */
  graceMs?: number;
  /**
   * shutdown() waits this long for the kernel to exit after its shutdown_request before killing its process group.
   * Default graceMs. 0: no request, the group is killed at once (a kernel whose state is thrown away, e.g. a graded one:
   * a submission's timer would otherwise keep it alive for the whole grace period).
   */
  shutdownGraceMs?: number;
  /** After execute_reply, wait this long for the idle status before finishing the cell anyway. Default 1000. */
  replyGraceMs?: number;
  /** Script started as `node SCRIPT kernel --config-path FILE [--js]`; default: the project's kernel launcher. */
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

/** Settles with `p`, or after `ms` if that comes first; the timer is cleared, so it never keeps the process alive. */
function orAfter(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((r) => {
    timer = setTimeout(r, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type Socket = zmqTypes.Dealer | zmqTypes.Subscriber | zmqTypes.Request;

/** zeromq sockets refuse a send while one is pending (EBUSY): queue the sends of one socket. */
function serialSender(socket: zmqTypes.Dealer) {
  let last: Promise<void> = Promise.resolve();
  return (frames: Buffer[]) => {
    last = last.then(() => socket.send(frames)).catch(() => {});
    return last;
  };
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
  const shutdownGraceMs = options.shutdownGraceMs ?? graceMs;
  const conn = await createConnectionFile();
  const proc = startTslab({
    connectionFile: conn.path,
    js: known.js,
    cwd: options.cwd ?? process.cwd(),
    tslabBin: options.tslabBin,
    env: options.env,
  });
  const sessionId = randomUUID();
  const key = conn.info.key;
  const shell = new zmq.Dealer({ linger: 0 });
  const control = new zmq.Dealer({ linger: 0 });
  const stdin = new zmq.Dealer({ linger: 0 });
  // no receive high-water mark: a flood of output queues here instead of being dropped
  const iopub = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 0 });
  const sockets: Socket[] = [shell, control, stdin, iopub];
  shell.connect(endpoint(conn.info, conn.info.shell_port));
  control.connect(endpoint(conn.info, conn.info.control_port));
  stdin.connect(endpoint(conn.info, conn.info.stdin_port));
  iopub.connect(endpoint(conn.info, conn.info.iopub_port));
  iopub.subscribe();
  const sendShell = serialSender(shell);
  const sendControl = serialSender(control);

  const replyWaiters = new Map<string, (msg: Message) => void>();
  const iopubSeen = new Set<string>();
  let closed = false;
  let shuttingDown = false;
  // tslab's kernelspec has no interrupt_mode, so it is "signal": tslab handles SIGINT (interrupt_request is unknown to
  // it). SIGINT only breaks a cell that is running; one that arrives while tslab still compiles is lost, so the session
  // repeats it until the reply comes or the grace period ends.
  const interrupt = async () => {
    proc.signal("SIGINT");
  };
  const session = new ExecutionSession(
    { interrupt, repeatInterruptMs: 250, kill: () => proc.killGroup() },
    { graceMs, replyGraceMs: options.replyGraceMs },
  );

  const onShell = (msg: Message) => {
    replyWaiters.get(msg.parent_header.msg_id ?? "")?.(msg);
    session.reply(msg);
  };
  const onIopub = (msg: Message) => {
    iopubSeen.add(msg.parent_header.msg_id ?? "");
    session.iopub(msg);
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

  // Resolves only for an unexpected exit, never after shutdown().
  const died = new Promise<KernelDeath>((resolve) => {
    void proc.exited.then((d) => {
      if (shuttingDown) return;
      const death = { ...d, reason: `${d.reason}${lastLog(proc)}` };
      session.die(death);
      proc.killGroup();
      resolve(death);
    });
  });

  const closeAll = async () => {
    if (closed) return;
    closed = true;
    session.die({ exitCode: null, signal: null, reason: "the kernel was shut down" });
    for (const s of sockets) s.close();
    proc.killGroup();
    // wait until the process is reaped, so that it is gone when shutdown resolves
    await orAfter(proc.exited, graceMs);
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
      const msg = newMessage("kernel_info_request", sessionId, {});
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
      () => stop(new Error(`kernel "${kernelName}" did not answer within ${options.startTimeoutMs ?? 60000} ms${lastLog(proc)}`)),
      options.startTimeoutMs ?? 60000,
    );
    void proc.exited.then((d) => stop(new Error(`kernel "${kernelName}" died while starting: ${d.reason}${lastLog(proc)}`)));
    ask();
  }).catch(async (err) => {
    await closeAll();
    throw err;
  });

  const execute = (code: string, opts: ExecuteOptions = {}): Promise<ExecuteResult> => {
    const content: ExecuteRequestContent = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    const msg = newMessage("execute_request", sessionId, content);
    const result = session.start(msg.header.msg_id, opts);
    if (!session.dead) void sendShell(encode(key, msg));
    return result;
  };

  const shutdown = async () => {
    if (closed) return;
    shuttingDown = true;
    if (proc.alive() && shutdownGraceMs > 0) {
      void sendControl(encode(key, newMessage("shutdown_request", sessionId, { restart: false })));
      await orAfter(proc.exited, shutdownGraceMs);
    }
    await closeAll();
  };

  return { info, execute, interrupt, shutdown, died };
}

function lastLog(proc: KernelProcess): string {
  const log = proc.log().trim();
  return log ? `; its last output: ${log.slice(-600)}` : "";
}

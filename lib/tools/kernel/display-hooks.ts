/**
 * The kernel's side of the display hooks (lib/display/kernel-hooks.ts): what the launcher does with the display code a
 * notebook has loaded.
 *
 * - **A figure as a cell's last value is shown**, not printed as an object dump: tslab prints the last value with its
 *   executor's `console.log`; here that log asks the display first.
 * - **A cell's outputs are complete when it replies.** When a cell's code ends, live charts draw their held-back
 *   epochs; before its execute_reply the kernel waits (at most SETTLE_MS, cut short by an interrupt) for the static
 *   images still being rendered; images a cut-short wait gave up are not waited for again. nbclient (nbconvert --execute, papermill) reads only the running cell's messages and
 *   stops reading after its reply, so an image sent later is lost: the last cell's figures always were. The next cell
 *   does not wait for this: JupyterLab sends its requests at once and they run while this one settles.
 * - **Shutdown and restart**: before the shutdown_reply the same wait (at most SHUTDOWN_SETTLE_MS, under
 *   jupyter_client's 5 s before it kills the kernel), for anything started after the last reply.
 */
import { kernelHooks } from "../../display/kernel-hooks";

/** Longest wait for a cell's static images before its reply (the first starts Chromium: many seconds on 2 loaded cores). */
export const SETTLE_MS = 30_000;
/** Longest wait for static images before the shutdown reply. */
export const SHUTDOWN_SETTLE_MS = 4_000;

/** Draws what the display holds back (live charts' last epochs) and starts delayed renders; never throws. */
export function flushDisplays(): void {
  try {
    kernelHooks()?.flush();
  } catch {
    // a display fault must not fail the cell that has already run
  }
}

/** The waits an interrupt ends: one SIGINT listener for all of them (Run All settles many cells at once). */
const interruptible = new Set<() => void>();
function onSigint(): void {
  for (const end of interruptible) end();
  interruptible.clear();
  process.off("SIGINT", onSigint);
}

/**
 * Waits at most `timeoutMs` for the static images being rendered; an interrupt (SIGINT) ends the wait at once. Images
 * given up by an interrupted or timed-out wait are not waited for again by the next cells (a hung render would
 * otherwise hold every later cell's reply for `timeoutMs`); they still land if they come.
 */
export async function settleDisplays(timeoutMs: number): Promise<void> {
  const hooks = kernelHooks();
  if (!hooks) return;
  const abort = new AbortController();
  let end: (() => void) | undefined;
  const interrupted = new Promise<void>((resolve) => {
    end = () => {
      abort.abort();
      resolve();
    };
  });
  if (end) {
    if (interruptible.size === 0) process.on("SIGINT", onSigint);
    interruptible.add(end);
  }
  try {
    await Promise.race([hooks.settle(timeoutMs, abort.signal), interrupted]);
  } catch {
    // as flushDisplays
  } finally {
    if (end) interruptible.delete(end);
    if (interruptible.size === 0) process.off("SIGINT", onSigint);
  }
}

/** tslab's executor factory: `console.log` prints a cell's last value. */
interface ExecutorModule {
  createExecutor(rootDir: string, convs: unknown, console: { log(...a: unknown[]): void; error(...a: unknown[]): void }): unknown;
}

/** Makes tslab's executor show a cell's last value through the display when it has a display for it (a figure). */
export function patchLastValue(executor: ExecutorModule): void {
  const create = executor.createExecutor;
  executor.createExecutor = (rootDir, convs, console) =>
    create(rootDir, convs, {
      ...console,
      log: (...args: unknown[]) => {
        // the executor logs only the last value, as one argument
        if (args.length === 1 && showValue(args[0])) return;
        console.log(...args);
      },
    });
}

function showValue(value: unknown): boolean {
  try {
    return kernelHooks()?.displayValue(value) === true;
  } catch {
    return false;
  }
}

/** The msg_type of a message as tslab's sockets deliver it (identities, "<IDS|MSG>", signature, header, ...). */
export function messageType(frames: unknown[]): string | undefined {
  const at = frames.findIndex((f) => String(f) === "<IDS|MSG>");
  if (at < 0 || at + 2 >= frames.length) return undefined;
  try {
    return (JSON.parse(String(frames[at + 2])) as { msg_type?: string }).msg_type;
  } catch {
    return undefined;
  }
}

/** What tslab's ZmqServer looks like to patchShutdown. */
interface ShellServer {
  prototype: { handleShellMessage(sock: unknown, ...frames: unknown[]): Promise<void> };
}

/** Waits for pending static images (at most SHUTDOWN_SETTLE_MS) before tslab answers a shutdown_request and closes. */
export function patchShutdown(server: ShellServer): void {
  const proto = server.prototype;
  const handle = proto.handleShellMessage;
  proto.handleShellMessage = async function (this: unknown, sock, ...frames) {
    if (messageType(frames) === "shutdown_request") await settleDisplays(SHUTDOWN_SETTLE_MS);
    return handle.call(this, sock, ...frames);
  };
}

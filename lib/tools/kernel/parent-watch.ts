/**
 * Kernels that die with the dl4nlp tool that started them, even when the tool is killed by SIGKILL (which runs no exit
 * handler). Linux would do it with PR_SET_PDEATHSIG, which Node does not offer; instead the tool starts the kernel with
 * its stdin a pipe it keeps open and the environment variable DL4NLP_EXIT_WITH_STDIN=1. When the tool dies, however it
 * dies, the kernel reads end-of-file on that pipe and SIGKILLs its own process group (the kernel and whatever its cells
 * started). Kernels started otherwise (by Jupyter through the kernelspec) are not asked and behave as before.
 *
 * Where the watcher runs: in the project's kernel launcher (launcher.ts) on a worker thread (parent-watch-worker.ts),
 * so a cell that never returns (a busy loop blocks the main thread) does not stop it; in the grader's sandbox launcher
 * (../grade/sandbox-launcher.ts), which stays outside the sandbox, on its own event loop (no student code runs there),
 * killing bubblewrap's tree with it. Code inside the sandbox cannot reach that launcher (another PID namespace) nor its
 * stdin (the sandbox's stdin is /dev/null).
 */
import { readFileSync } from "node:fs";
import { Socket } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** The environment variable by which a dl4nlp tool asks its kernel to exit when stdin (a pipe from the tool) ends. */
export const EXIT_WITH_STDIN_ENV = "DL4NLP_EXIT_WITH_STDIN";

/**
 * Whether this process was asked to watch its stdin (EXIT_WITH_STDIN_ENV is "1"). The variable is removed from the
 * environment, so the processes this one starts (a cell's child processes, a nested tool) do not inherit the request.
 */
export function takeExitWithStdinRequest(): boolean {
  const asked = process.env[EXIT_WITH_STDIN_ENV] === "1";
  delete process.env[EXIT_WITH_STDIN_ENV];
  return asked;
}

/**
 * Calls `gone` once when stdin, a pipe from the parent, reaches end-of-file or fails: the parent has ended (every copy
 * of the pipe's writing end is closed). Nothing is read from the pipe's content. Throws when stdin is not a pipe or
 * socket.
 */
export function onStdinClosed(gone: () => void): void {
  const pipe = new Socket({ fd: 0, readable: true, writable: false });
  let told = false;
  const tell = () => {
    if (told) return;
    told = true;
    gone();
  };
  pipe.on("data", () => {});
  pipe.once("end", tell);
  pipe.once("close", tell);
  pipe.on("error", tell);
}

/** The process group of this process (field 5 of /proc/self/stat). */
function ownProcessGroup(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

/**
 * SIGKILLs this process's process group when this process leads it (a kernel the tools start is detached: its own
 * group), else this process alone.
 */
export function killOwnProcessGroup(): void {
  try {
    if (ownProcessGroup() === process.pid) process.kill(-process.pid, "SIGKILL");
  } catch {
    // not allowed or gone: this process at least
  }
  process.kill(process.pid, "SIGKILL");
}

/**
 * In the kernel launcher: when asked (takeExitWithStdinRequest), starts the watcher thread that kills this process
 * group when stdin ends. The thread does not keep the process alive.
 */
export function exitWithParentIfAsked(): void {
  if (!takeExitWithStdinRequest()) return;
  const worker = new Worker(join(__dirname, "parent-watch-worker.js"));
  worker.on("error", (err) => process.stderr.write(`dl4nlp kernel: the parent watcher failed: ${err.message}\n`));
  worker.unref();
}

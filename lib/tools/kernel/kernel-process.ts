import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join, sep } from "node:path";
import { EXIT_WITH_STDIN_ENV } from "./parent-watch";
import { tslabNodeArgs } from "./snapshot";
import type { KernelDeath } from "./types";

/** A kernel's operating-system process, started in its own process group so the whole group can be killed. */
export interface KernelProcess {
  readonly pid: number;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<KernelDeath>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Sends a signal to the kernel process itself (SIGINT interrupts a tslab cell). */
  signal(sig: NodeJS.Signals): void;
  /** Sends SIGKILL to the whole process group. */
  killGroup(): void;
  /** The last few kilobytes the process wrote to its own stdout/stderr (outside cells): shown when it dies. */
  log(): string;
}

/** Options for startTslab. */
export interface TslabProcessOptions {
  /** The connection file written by createConnectionFile. */
  connectionFile: string;
  /** true starts jslab (JavaScript), false tslab (TypeScript). */
  js?: boolean;
  /** Working folder of the kernel: the notebook's folder. */
  cwd: string;
  /** Script started with `kernel --config-path FILE [--js]`; default: the project's kernel launcher (kernelLauncher()). */
  tslabBin?: string;
  env?: NodeJS.ProcessEnv;
}

/** Process groups of the kernels this process started and that still run. */
const live = new Set<number>();
let exitHooked = false;

/**
 * SIGKILLs the process groups of every kernel this process started that still runs. Kernels run detached (their own
 * process group), so they would outlive a runner that is stopped with Ctrl-C or killed: this runs on process exit, and
 * the CLI calls it on SIGINT/SIGTERM.
 */
export function killAllKernels(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** The tslab executable of this project's node_modules (bin/tslab, a node script). */
export function tslabBin(): string {
  return join(dirname(require.resolve("tslab/package.json")), "bin", "tslab");
}

/**
 * The project's kernel launcher (launcher.ts, compiled): tslab with a high-water-mark-free, serialised iopub, batched
 * streams and complete error replies. It takes the arguments of `tslab kernel`. From the TypeScript sources (tests),
 * the compiled copy in lib/dist is used.
 */
export function kernelLauncher(): string {
  const compiled = __dirname.includes(`${sep}dist${sep}`) ? __dirname : join(__dirname, "..", "..", "dist", "tools", "kernel");
  return join(compiled, "launcher.js");
}

/**
 * Spawns `node LAUNCHER kernel --config-path FILE [--js]` detached (own process group). LAUNCHER is the project's kernel
 * launcher unless options.tslabBin names another script taking the same arguments (tslab's bin, the grader's sandbox
 * launcher). Its stdin is a pipe this process holds open and never writes, with DL4NLP_EXIT_WITH_STDIN=1: the
 * launchers kill their process group when it ends, so the kernel dies with this process even when this one is killed
 * by SIGKILL and its exit handler (killAllKernels) does not run (parent-watch.ts).
 */
export function startTslab(options: TslabProcessOptions): KernelProcess {
  const bin = options.tslabBin ?? kernelLauncher();
  // the script, or a start-up snapshot of it (snapshot/index.ts: the same kernel, about 1.7 s less CPU to start)
  const start = tslabNodeArgs({ tslabBin: bin, cwd: options.cwd, env: options.env ?? process.env });
  const args = [...start, "kernel", "--config-path", options.connectionFile, ...(options.js ? ["--js"] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...(options.env ?? process.env), [EXIT_WITH_STDIN_ENV]: "1" },
  });
  // never written: its end-of-file tells the kernel this process is gone; a kernel that is gone cannot break us
  child.stdin?.on("error", () => {});
  let logText = "";
  const keep = (chunk: Buffer) => {
    logText = (logText + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let running = true;
  const exited = new Promise<KernelDeath>((resolve) => {
    child.once("error", (err) => {
      running = false;
      resolve({ exitCode: null, signal: null, reason: `could not start ${bin}: ${err.message}` });
    });
    child.once("exit", (code, sig) => {
      running = false;
      const how = sig !== null ? `killed by ${sig}` : `exited with code ${code}`;
      resolve({ exitCode: code, signal: sig, reason: `kernel process ${how}` });
    });
  });
  if (child.pid === undefined) {
    return { pid: -1, exited, alive: () => false, signal: () => {}, killGroup: () => {}, log: () => logText };
  }
  const pid = child.pid;
  live.add(pid);
  if (!exitHooked) {
    exitHooked = true;
    process.on("exit", killAllKernels);
  }
  void exited.then(() => live.delete(pid));
  return {
    pid,
    exited,
    alive: () => running,
    signal: (sig) => {
      if (running) child.kill(sig);
    },
    killGroup: () => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // the group is already gone
      }
    },
    log: () => logText,
  };
}

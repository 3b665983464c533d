/**
 * The sandbox launcher: the program the grader starts in place of tslab's bin script (createZmqKernel's tslabBin), as
 * `node sandbox-launcher.js kernel --config-path FILE`. It stays outside the sandbox, in the grader's network
 * namespace, and runs the confined kernel (the argv that sandbox.ts builds) as its child. The kernel cannot reach the
 * host's 127.0.0.1, so it listens on Unix sockets (zeromq ipc, in the bound socket folder) and this launcher forwards
 * the five TCP ports of the grader's connection file to them, counting the iopub bytes: past the output cap it kills
 * the kernel. It passes SIGINT (the runner's interrupt) to the kernel process inside the sandbox (the child of bwrap's
 * init, whose pid bwrap tells on --info-fd 3) and exits when the kernel exits, with a line on stderr saying why (the runner shows the launcher's
 * last output as the death reason).
 *
 * Configuration: the environment variable DL4NLP_SANDBOX, JSON of SandboxConfig.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { constants as osConstants } from "node:os";
import { join } from "node:path";
import { killOwnProcessGroup, onStdinClosed, takeExitWithStdinRequest } from "../kernel/parent-watch";

/** What the launcher runs and watches. */
export interface SandboxConfig {
  /** Folder for the Unix sockets and the kernel's connection file (created; removed at the end). */
  socketDir: string;
  /** The confined kernel's command; "{connection}" stands for the kernel's connection file. */
  argv: string[];
  /** V8 heap limit (MB), for the out-of-memory message. */
  heapMb: number;
  /** Bytes of iopub traffic after which the kernel is killed. */
  outputCapBytes: number;
  /** Owner of the socket folder (the sandbox user when the grader is root). */
  uid?: number;
}

/** The launcher's line when the kernel it is asked to interrupt is suspended (SIGSTOP): it cannot take the interrupt. */
export const KERNEL_SUSPENDED_LINE = "dl4nlp sandbox: the kernel process is suspended (stopped by SIGSTOP or SIGTSTP)";

/** Exit codes of the launcher that mean a limit, so the grader can name it. */
export const OUTPUT_CAP_EXIT = 86;
export const OUT_OF_MEMORY_EXIT = 87;

function main(): void {
  const config = JSON.parse(process.env.DL4NLP_SANDBOX ?? "null") as SandboxConfig | null;
  const at = process.argv.indexOf("--config-path");
  const connFile = at >= 0 ? process.argv[at + 1] : undefined;
  if (!config || !connFile) {
    process.stderr.write("dl4nlp-sandbox: DL4NLP_SANDBOX or --config-path missing\n");
    process.exit(2);
  }
  const watchParent = takeExitWithStdinRequest();
  const conn = JSON.parse(readFileSync(connFile, "utf8")) as Record<string, unknown>;
  mkdirSync(config.socketDir, { recursive: true, mode: 0o700 });
  if (config.uid !== undefined) chownSync(config.socketDir, config.uid, config.uid);
  const base = join(config.socketDir, "k");
  const childConn = join(config.socketDir, "connection.json");
  writeFileSync(childConn, JSON.stringify({ ...conn, transport: "ipc", ip: base }), { mode: 0o600 });
  if (config.uid !== undefined) chownSync(childConn, config.uid, config.uid);

  const ports = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"].map((k) => Number(conn[k]));
  const iopubPort = Number(conn.iopub_port);
  let child: ChildProcess | undefined;
  let innerPid: number | undefined;
  let outputBytes = 0;
  let capHit = false;
  const sockets = new Set<Socket>();
  const servers: Server[] = [];

  const finish = (code: number, why: string) => {
    for (const s of servers) s.close();
    for (const s of sockets) s.destroy();
    try {
      rmSync(config.socketDir, { recursive: true, force: true });
    } catch {
      // best effort: the grader removes its temporary folder anyway
    }
    process.stderr.write(`\ndl4nlp-sandbox: ${why}\n`);
    process.exit(code);
  };

  for (const port of ports) {
    const server = createServer((client) => {
      sockets.add(client);
      client.pause();
      const path = `${base}:${port}`;
      const attempt = (left: number) => {
        const kernel = connect(path);
        kernel.once("connect", () => {
          sockets.add(kernel);
          if (port === iopubPort) {
            kernel.on("data", (chunk: Buffer) => {
              outputBytes += chunk.length;
              if (outputBytes > config.outputCapBytes && !capHit) {
                capHit = true;
                child?.kill("SIGKILL");
              }
            });
          }
          client.pipe(kernel);
          kernel.pipe(client);
          client.resume();
          const close = () => {
            client.destroy();
            kernel.destroy();
          };
          client.once("close", close);
          kernel.once("close", close);
          client.on("error", close);
          kernel.on("error", close);
        });
        kernel.once("error", () => {
          kernel.destroy();
          if (left > 0 && !client.destroyed) setTimeout(() => attempt(left - 1), 50);
          else client.destroy();
        });
      };
      attempt(600);
      client.on("error", () => client.destroy());
    });
    server.listen(port, String(conn.ip ?? "127.0.0.1"));
    servers.push(server);
  }

  const argv = config.argv.map((a) => (a === "{connection}" ? childConn : a));
  child = spawn(argv[0], argv.slice(1), {
    cwd: process.cwd(),
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
    stdio: ["ignore", "inherit", "pipe", "pipe"],
  });
  // bwrap --info-fd 3: {"child-pid": N}, the pid of the sandbox's init as seen from here; the kernel is its child
  let info = "";
  const infoStream = child.stdio[3];
  infoStream?.on("data", (chunk: Buffer) => {
    info += chunk.toString();
    const m = /"child-pid"\s*:\s*(\d+)/.exec(info);
    if (m) innerPid = Number(m[1]);
  });
  // The kernel's stderr passes through; V8's "heap out of memory" report is remembered (its stack trace follows it and
  // would push it out of the few lines the runner keeps).
  let oom = false;
  let tail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString()).slice(-2000);
    if (/heap limit|heap out of memory|Allocation failed|bad_alloc|out of memory/i.test(tail)) oom = true;
  });
  let suspendedTold = false;
  process.on("SIGINT", () => {
    try {
      const kernels =
        innerPid === undefined
          ? []
          : readFileSync(`/proc/${innerPid}/task/${innerPid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      if (kernels.length > 0) for (const pid of kernels) process.kill(pid, "SIGINT");
      else child?.kill("SIGINT");
      // a suspended kernel keeps the interrupt pending: say so once, for the grader's message
      if (!suspendedTold && kernels.some(isSuspended)) {
        suspendedTold = true;
        process.stderr.write(`\n${KERNEL_SUSPENDED_LINE}\n`);
      }
    } catch {
      // already gone
    }
  });
  process.on("SIGTERM", () => child?.kill("SIGKILL"));
  // the grader's pipe on stdin ends when the grader dies, even by SIGKILL: bwrap's tree goes with this launcher
  // (bwrap's init is killed, and with it the sandbox's PID namespace; parent-watch.ts)
  if (watchParent) {
    onStdinClosed(() => {
      child?.kill("SIGKILL");
      killOwnProcessGroup();
    });
  }
  child.once("error", (err) => finish(2, `could not start the kernel: ${err.message}`));
  child.once("exit", (code, signal) => {
    if (capHit)
      finish(
        OUTPUT_CAP_EXIT,
        `output cap exceeded: the kernel sent more than ${config.outputCapBytes} bytes of output and was killed`,
      );
    else if (oom) finish(OUT_OF_MEMORY_EXIT, `out of memory: the kernel reached its memory limit (${config.heapMb} MB heap)`);
    else if (signal) {
      const hint = signal === "SIGKILL" || signal === "SIGABRT" || signal === "SIGSEGV" ? " (a memory limit, or killed)" : "";
      finish(128 + (osConstants.signals[signal] ?? 0), `kernel killed by ${signal}${hint}`);
    } else if (code !== null && code > 128) {
      const name = Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0];
      finish(code, name ? `kernel killed by ${name}` : `kernel exited with code ${code}`);
    } else finish(code ?? 1, `kernel exited with code ${code}`);
  });
}

/** Whether a process is suspended: state T (stopped by a signal) or t (stopped by a tracer) in /proc/PID/stat. */
function isSuspended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return false;
  }
}

if (require.main === module) main();

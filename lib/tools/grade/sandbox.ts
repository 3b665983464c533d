/**
 * The OS confinement of a graded kernel, by bubblewrap (`bwrap`, Debian package bubblewrap, installed by
 * kernel-setup/setup.sh) with `prlimit` for resource limits. Chosen over hand-made unshare/setpriv chains because
 * bwrap builds the whole view in one well-kept, widely used tool (Flatpak's): new PID, network, IPC and UTS
 * namespaces, a filesystem made only of what is bound into it, and it works both as root and, through user namespaces,
 * as an ordinary user. The kernel sees:
 * - read-only: /usr (and the /bin, /lib... links), the node binary's folder, the project's node_modules and the dl4nlp
 *   package; nothing else of the host (no /etc/shadow, no home, no master notebook, no other submission);
 * - private, size-capped tmpfs: its working folder /home/student (with node_modules/dl4nlp linked), /tmp, /var/tmp,
 *   /dev/shm; they vanish with the kernel;
 * - one read-write folder of the grader's: the kernel's sockets (zeromq over ipc://, since TCP loopback does not cross
 *   the empty network namespace; the launcher forwards the connection file's TCP ports to them);
 * - no network, its own PID namespace (bwrap's init is PID 1: kill(-1) reaches only the sandbox), a clean environment
 *   (no token of the grader or a server), its own uid when the grader is root (61000 + job slot);
 * - limits: address space (heap + 3 GB), CPU seconds, file size, open files, processes.
 * Works in a private clone (mode 700 folders on the way): bwrap, run by the grader, binds the needed folders at the
 * same paths into a fresh root where the folders above them are open.
 */
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { tslabBin } from "../kernel/kernel-process";
import type { KernelClient } from "../kernel/types";
import { createZmqKernel } from "../kernel/zmq-client";
import type { SandboxConfig } from "./sandbox-launcher";

/** Limits of one graded kernel. */
export interface SandboxLimits {
  /** V8 heap (MB); the address space gets heap + 3 GB (V8 reserves much virtual memory for itself). */
  memoryMb: number;
  /** Output cap in bytes (all iopub traffic of the kernel). */
  outputCapBytes: number;
  /** Size of each private tmpfs (working folder, /tmp, /var/tmp, /dev/shm) and the largest file, in MB. Default 64. */
  diskMb?: number;
  /** CPU seconds of the kernel process (RLIMIT_CPU). Default 600. */
  cpuSeconds?: number;
  /** Run without any confinement (trusted submissions only: --no-sandbox). */
  unconfined?: boolean;
}

/** Where a graded kernel's working folder is inside the sandbox. */
const SANDBOX_HOME = "/home/student";
/** First uid of sandbox users (one per job slot) when the grader is root. */
export const SANDBOX_UID = 61000;

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The project's folders a kernel needs, read-only: tslab's node_modules and the dl4nlp package (real paths). */
function projectMounts(packageRoot: string): string[] {
  const tslab = realpathSync(tslabBin());
  const nodeModules = tslab.slice(0, tslab.lastIndexOf(`${"/"}node_modules${"/"}`) + "/node_modules".length);
  return [...new Set([nodeModules, realpathSync(packageRoot)])];
}

/**
 * Binds of host folders at their own paths, read-only or not, with every folder above them created open (0755):
 * bwrap would otherwise create them closed to the sandbox user, and the host's may be closed (a private clone).
 */
function bindsWithOpenParents(paths: { path: string; writable: boolean }[]): string[] {
  const dirs = new Set<string>();
  const args: string[] = [];
  for (const { path } of paths) {
    for (let d = dirname(path); d !== "/" && d !== "."; d = dirname(d)) dirs.add(d);
  }
  for (const d of [...dirs].sort((a, b) => a.length - b.length)) args.push("--perms", "0755", "--dir", d);
  for (const { path, writable } of paths) args.push(writable ? "--bind" : "--ro-bind", path, path);
  return args;
}

/** The few host files node needs (OpenSSL's configuration among them); nothing else of /etc. */
const HOST_FILES = ["/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/ssl/openssl.cnf"];

/** /bin, /lib... as the host has them: a link into /usr is recreated, a real folder is bound read-only. */
function systemMounts(): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    if (!existsSync(top)) continue;
    const st = lstatSync(top);
    if (st.isSymbolicLink()) args.push("--symlink", readlinkSync(top), top);
    else args.push("--ro-bind", top, top);
  }
  const nodeDir = dirname(realpathSync(process.execPath));
  if (!nodeDir.startsWith("/usr/")) args.push("--ro-bind", dirname(nodeDir), dirname(nodeDir));
  return args;
}

/**
 * The command (argv) that runs `node --max-old-space-size … tslab kernel --config-path CONN` confined. `socketDir` is
 * bound read-write at the same path (the connection file and the ipc sockets live there).
 */
export function sandboxCommand(options: {
  socketDir: string;
  connectionFile: string;
  limits: SandboxLimits;
  slot: number;
  packageRoot: string;
}): string[] {
  const { limits } = options;
  const diskMb = limits.diskMb ?? 64;
  const size = String(diskMb * 1024 * 1024);
  const root = isRoot();
  const uid = SANDBOX_UID + options.slot;
  const tmpfs = (path: string) => ["--size", size, "--perms", "1777", "--tmpfs", path];
  const rlimits = [
    `--as=${(limits.memoryMb + 3072) * 1024 * 1024}`,
    `--cpu=${limits.cpuSeconds ?? 600}`,
    `--fsize=${diskMb * 1024 * 1024}`,
    "--nofile=1024",
    "--core=0",
    ...(root ? ["--nproc=256"] : []),
  ];
  const bwrap = [
    "bwrap",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    ...(root ? [] : ["--unshare-user"]),
    "--die-with-parent",
    ...["--info-fd", "3"],
    "--hostname",
    "sandbox",
    "--clearenv",
    ...["--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", SANDBOX_HOME, "--setenv", "TMPDIR", "/tmp"],
    ...["--setenv", "LANG", "C.UTF-8", "--setenv", "NODE_ENV", "production"],
    ...systemMounts(),
    ...["--proc", "/proc", "--dev", "/dev"],
    ...tmpfs("/tmp"),
    ...tmpfs("/var/tmp"),
    ...tmpfs("/dev/shm"),
    ...["--size", size, "--perms", "0777", "--tmpfs", SANDBOX_HOME],
    ...["--dir", `${SANDBOX_HOME}/node_modules`],
    ...["--symlink", realpathSync(options.packageRoot), `${SANDBOX_HOME}/node_modules/dl4nlp`],
    ...bindsWithOpenParents([
      ...HOST_FILES.filter((f) => existsSync(f)).map((path) => ({ path, writable: false })),
      ...projectMounts(options.packageRoot).map((path) => ({ path, writable: false })),
      { path: options.socketDir, writable: true },
    ]),
    "--chdir",
    SANDBOX_HOME,
    "--",
  ];
  const user = root ? ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--"] : [];
  const node = [
    process.execPath,
    `--max-old-space-size=${limits.memoryMb}`,
    realpathSync(tslabBin()),
    "kernel",
    "--config-path",
    options.connectionFile,
  ];
  return ["prlimit", ...rlimits, "--", ...bwrap, ...user, ...node];
}

/** What this machine allows, checked once by running the confinement itself on `true`. */
export interface SandboxSupport {
  works: boolean;
  /** Why not, in one line (for the error message). */
  problem?: string;
}

let support: SandboxSupport | undefined;

export function sandboxSupport(packageRoot: string): SandboxSupport {
  if (support) return support;
  if (process.platform !== "linux") {
    support = { works: false, problem: `the grading sandbox needs Linux (bubblewrap); this is ${process.platform}` };
    return support;
  }
  const dir = resolve(packageRoot);
  const argv = sandboxCommand({
    socketDir: dir,
    connectionFile: "/dev/null",
    limits: { memoryMb: 256, outputCapBytes: 0 },
    slot: 0,
    packageRoot,
  });
  // the same confinement on a check that the sandbox user can read tslab and the package
  const at = argv.indexOf(process.execPath);
  const fd = argv.indexOf("--info-fd");
  const confine = argv.slice(0, at).filter((_, i) => i !== fd && i !== fd + 1);
  const probe = [
    ...confine,
    "/bin/sh",
    "-c",
    `test -r "$1" && test -r "$2"`,
    "sh",
    realpathSync(tslabBin()),
    join(dir, "package.json"),
  ];
  try {
    execFileSync(probe[0], probe.slice(1), { stdio: ["ignore", "ignore", "pipe"], timeout: 20_000 });
    support = { works: true };
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? "")
      .trim()
      .split("\n")[0];
    support = {
      works: false,
      problem:
        `the grading sandbox (bubblewrap) does not work here: ${stderr || (e as Error).message}. Install it ` +
        "(kernel-setup/setup.sh does: apt-get install bubblewrap); as an ordinary user it needs user namespaces. " +
        "Or pass --no-sandbox to grade trusted notebooks without confinement.",
    };
  }
  return support;
}

/** The compiled launcher (lib/dist/tools/grade/sandbox-launcher.js). */
function launcherPath(): string {
  const here = join(__dirname, "sandbox-launcher.js");
  return existsSync(here) ? here : join(__dirname, "..", "..", "dist", "tools", "grade", "sandbox-launcher.js");
}

/**
 * Starts a tslab kernel confined as sandboxCommand says, through the sandbox launcher (which forwards the ports and
 * counts output). `workDir` is a private folder of the grader for this kernel (sockets); removed by the caller.
 */
export async function createSandboxKernel(options: {
  workDir: string;
  limits: SandboxLimits;
  slot: number;
  packageRoot: string;
  startTimeoutMs?: number;
}): Promise<KernelClient> {
  const socketDir = resolve(options.workDir, "sockets");
  mkdirSync(options.workDir, { recursive: true, mode: 0o700 });
  if (options.limits.unconfined) {
    mkdirSync(join(options.workDir, "node_modules"), { recursive: true });
    symlinkSync(realpathSync(options.packageRoot), join(options.workDir, "node_modules", "dl4nlp"));
  }
  const config: SandboxConfig = {
    socketDir,
    outputCapBytes: options.limits.outputCapBytes,
    heapMb: options.limits.memoryMb,
    uid: isRoot() && !options.limits.unconfined ? SANDBOX_UID + options.slot : undefined,
    argv: options.limits.unconfined
      ? [
          process.execPath,
          `--max-old-space-size=${options.limits.memoryMb}`,
          realpathSync(tslabBin()),
          "kernel",
          "--config-path",
          "{connection}",
        ]
      : sandboxCommand({
          socketDir,
          connectionFile: "{connection}",
          limits: options.limits,
          slot: options.slot,
          packageRoot: options.packageRoot,
        }),
  };
  return createZmqKernel({
    kernelName: "tslab",
    cwd: options.workDir,
    tslabBin: launcherPath(),
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    graceMs: 1500,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", DL4NLP_SANDBOX: JSON.stringify(config) },
  });
}

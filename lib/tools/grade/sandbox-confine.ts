/**
 * The OS confinement of a graded kernel, by bubblewrap (`bwrap`, Debian package bubblewrap, installed by
 * kernel-setup/setup.sh) with `prlimit` for resource limits. Chosen over hand-made unshare/setpriv chains because
 * bwrap builds the whole view in one well-kept, widely used tool (Flatpak's): new PID, network, IPC and UTS
 * namespaces, a filesystem made only of what is bound into it, and it works both as root and, through user namespaces,
 * as an ordinary user. The kernel sees:
 * - read-only: /usr (and the /bin, /lib... links), the node binary's folder, the project's node_modules and the dl4nlp
 *   package, four files of /etc node reads, and the start-up snapshot file alone at /opt/dl4nlp (not its host folder);
 *   nothing else of the host (no /etc/shadow, no home, no cache, no master notebook, no other submission);
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
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { tslabBin } from "../kernel/kernel-process";

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

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The project's folders a kernel needs, read-only: tslab's node_modules and the dl4nlp package (real paths). */
function projectMounts(packageRoot: string): string[] {
  const tslab = realpathSync(tslabBin());
  const nodeModules = tslab.slice(0, tslab.lastIndexOf(`${"/"}node_modules${"/"}`) + "/node_modules".length);
  return [...new Set([nodeModules, realpathSync(packageRoot)])];
}

/**
 * Binds of host paths (at their own paths, or at `inside`), read-only or not, with every folder above them created open
 * (0755): bwrap would otherwise create them closed to the sandbox user, and the host's may be closed (a private clone).
 */
function bindsWithOpenParents(paths: { path: string; writable: boolean; inside?: string }[]): string[] {
  const dirs = new Set<string>();
  const args: string[] = [];
  for (const { path, inside } of paths) {
    for (let d = dirname(inside ?? path); d !== "/" && d !== "."; d = dirname(d)) dirs.add(d);
  }
  for (const d of [...dirs].sort((a, b) => a.length - b.length)) args.push("--perms", "0755", "--dir", d);
  for (const { path, writable, inside } of paths) args.push(writable ? "--bind" : "--ro-bind", path, inside ?? path);
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

/** What confine() builds: the sandbox's view and limits, without the program run in it. */
export interface ConfineOptions {
  /** Host paths bound read-write at their own paths (the kernel's socket folder). */
  writable: string[];
  /**
   * Host files bound read-only at another path inside (a start-up snapshot at SNAPSHOT_INSIDE): the host's folders
   * above the file (the grader's home and cache) are not in the sandbox at all.
   */
  readOnlyAt?: { host: string; inside: string }[];
  limits: SandboxLimits;
  slot: number;
  packageRoot: string;
  /** false: stay the grader's user inside (the grader's own trusted snapshot build); default true. */
  asSandboxUser?: boolean;
  /** Extra environment inside (after --clearenv). */
  env?: Record<string, string>;
}

/**
 * The confinement as a command prefix (`prlimit … -- bwrap … -- [setpriv … --]`): the program and its arguments follow.
 * sandboxCommand puts the kernel after it; the support probe and the snapshot build (sandbox-snapshot.ts) other programs.
 */
export function confine(options: ConfineOptions): string[] {
  const { limits } = options;
  const diskMb = limits.diskMb ?? 64;
  const size = String(diskMb * 1024 * 1024);
  const root = isRoot();
  const dropUser = root && options.asSandboxUser !== false;
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
  const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ["--setenv", k, v]);
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
    ...env,
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
      ...(options.readOnlyAt ?? []).map(({ host, inside }) => ({ path: host, inside, writable: false })),
      ...options.writable.map((path) => ({ path, writable: true })),
    ]),
    "--chdir",
    SANDBOX_HOME,
    "--",
  ];
  const user = dropUser ? ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--"] : [];
  return ["prlimit", ...rlimits, "--", ...bwrap, ...user];
}

/** The working folder of a graded kernel inside the sandbox (what a snapshot for it is built in). */
export const SANDBOX_WORKDIR = SANDBOX_HOME;
/** Where a graded kernel finds its start-up snapshot inside the sandbox (the host's cache path stays outside). */
export const SNAPSHOT_INSIDE = "/opt/dl4nlp/kernel-snapshot.blob";

/**
 * The command (argv) that runs `node --max-old-space-size … tslab kernel --config-path CONN` confined. `socketDir` is
 * bound read-write at the same path (the connection file and the ipc sockets live there). With `snapshot` (a start-up
 * snapshot built for this sandbox, sandbox-snapshot.ts) the kernel starts from it (`--snapshot-blob`, the file alone
 * bound read-only at SNAPSHOT_INSIDE) instead of loading tslab's script.
 */
export function sandboxCommand(options: {
  socketDir: string;
  connectionFile: string;
  limits: SandboxLimits;
  slot: number;
  packageRoot: string;
  snapshot?: string;
}): string[] {
  const prefix = confine({
    writable: [options.socketDir],
    readOnlyAt: options.snapshot ? [{ host: options.snapshot, inside: SNAPSHOT_INSIDE }] : [],
    limits: options.limits,
    slot: options.slot,
    packageRoot: options.packageRoot,
  });
  const program = options.snapshot ? ["--snapshot-blob", SNAPSHOT_INSIDE] : [gradedKernelPath()];
  const node = [
    process.execPath,
    ...kernelNodeFlags(options.limits),
    ...program,
    "kernel",
    "--config-path",
    options.connectionFile,
  ];
  return [...prefix, ...node];
}

/** The graded kernel's program (graded-kernel.ts, compiled: lib/dist/tools/grade/graded-kernel.js), a real path. */
export function gradedKernelPath(): string {
  const here = join(__dirname, "graded-kernel.js");
  return realpathSync(existsSync(here) ? here : join(__dirname, "..", "..", "dist", "tools", "grade", "graded-kernel.js"));
}

/** The node flags of a graded kernel (a snapshot for it is built with the same: V8 checks them). */
export function kernelNodeFlags(limits: SandboxLimits): string[] {
  return [`--max-old-space-size=${limits.memoryMb}`];
}

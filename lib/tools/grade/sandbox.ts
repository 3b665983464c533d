import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
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
  /** Run the kernel as user nobody when the grader is root. Default true. */
  dropUser?: boolean;
}

/** What this machine allows: each confinement the launcher can apply, checked once by running it. */
export interface SandboxSupport {
  noNetwork: boolean;
  addressSpace: boolean;
  dropUser: boolean;
  /** One line per missing confinement, for the report. */
  notes: string[];
}

let support: SandboxSupport | undefined;

function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Detects (once) whether `unshare --net`, `prlimit --as` and `setpriv` work here. */
export function sandboxSupport(): SandboxSupport {
  if (support) return support;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const noNetwork = process.platform === "linux" && works("unshare", ["--net", "--", "true"]);
  const addressSpace = process.platform === "linux" && works("prlimit", ["--as=4294967296", "--", "true"]);
  const dropUser = isRoot && works("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "true"]);
  const notes: string[] = [];
  if (!noNetwork) notes.push("network NOT isolated: `unshare --net` does not work here (needs root or user namespaces)");
  if (!addressSpace) notes.push("no address-space limit: `prlimit --as` does not work here (heap limit only)");
  if (!dropUser) notes.push(isRoot ? "kernels run as root: `setpriv` does not work" : "kernels run as the grader's user");
  support = { noNetwork, addressSpace, dropUser, notes };
  return support;
}

/**
 * Null when the user `uid` can read what a sandboxed kernel loads (tslab, the launcher inside the dl4nlp package),
 * else a message naming the first file it cannot read and the usual cause: a folder on the way closed to other users
 * (mode 700, as `mktemp -d` makes them). Checked with `setpriv … test -r` (works()), once per uid and file list;
 * only meaningful as root.
 */
export function sandboxUserCannotRead(uid: number, files: readonly string[] = [tslabBin(), launcherPath()]): string | null {
  const key = `${uid}\0${files.join("\0")}`;
  const cached = readable.get(key);
  if (cached !== undefined) return cached;
  let problem: string | null = null;
  for (const file of files) {
    if (!works("setpriv", [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--", "test", "-r", file])) {
      problem =
        `kernels run as uid ${uid} and it cannot read ${file}: a folder on the way is closed to other users ` +
        "(mode 700, as mktemp -d makes them). Open the way (chmod o+x on each folder above the project, o+rX on the " +
        "project), or grade as a user other than root: kernels then run as that user.";
      break;
    }
  }
  readable.set(key, problem);
  return problem;
}
const readable = new Map<string, string | null>();

/** The compiled launcher (lib/dist/tools/grade/sandbox-launcher.js). */
export function launcherPath(): string {
  const here = join(__dirname, "sandbox-launcher.js");
  return existsSync(here) ? here : join(__dirname, "..", "..", "dist", "tools", "grade", "sandbox-launcher.js");
}

/**
 * Starts a tslab kernel confined by the sandbox launcher: cwd the submission's private folder, its own process group
 * (the runner's client kills the whole group at the end), limits from `limits`, sockets under `socketDir`.
 */
export async function createSandboxKernel(options: {
  cwd: string;
  socketDir: string;
  limits: SandboxLimits;
  /** The uid (and gid) the kernel runs as when the grader is root; default 65534 (nobody). */
  uid?: number;
  startTimeoutMs?: number;
}): Promise<KernelClient> {
  const s = sandboxSupport();
  const drop = s.dropUser && options.limits.dropUser !== false;
  const unreadable = drop ? sandboxUserCannotRead(options.uid ?? 65534) : null;
  if (unreadable) throw new Error(`grading sandbox: ${unreadable}`);
  const config: SandboxConfig = {
    socketDir: resolve(options.socketDir),
    tslabBin: tslabBin(),
    heapMb: options.limits.memoryMb,
    addressSpaceMb: s.addressSpace ? options.limits.memoryMb + 3072 : 0,
    outputCapBytes: options.limits.outputCapBytes,
    noNetwork: s.noNetwork,
    uid: drop ? (options.uid ?? 65534) : undefined,
    gid: drop ? (options.uid ?? 65534) : undefined,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: options.cwd,
      TMPDIR: options.cwd,
      LANG: "C.UTF-8",
      NODE_ENV: "production",
    },
  };
  return createZmqKernel({
    kernelName: "tslab",
    cwd: options.cwd,
    tslabBin: launcherPath(),
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    graceMs: 1500,
    env: { ...process.env, DL4NLP_SANDBOX: JSON.stringify(config) },
  });
}

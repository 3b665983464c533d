/**
 * Graded kernels in the OS confinement of sandbox-confine.ts (bubblewrap + prlimit; what the kernel sees and may do is
 * described there): whether the confinement works on this machine (sandboxSupport), and a confined tslab kernel
 * started through the sandbox launcher (createSandboxKernel), from the sandbox's start-up snapshot when there is one
 * (sandbox-snapshot.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { tslabBin } from "../kernel/kernel-process";
import type { KernelClient } from "../kernel/types";
import { createZmqKernel } from "../kernel/zmq-client";
import { confine, isRoot, SANDBOX_UID, type SandboxLimits, sandboxCommand } from "./sandbox-confine";
import type { SandboxConfig } from "./sandbox-launcher";
import { buildSandboxSnapshot, discardSandboxSnapshot, sandboxSnapshot } from "./sandbox-snapshot";

export { confine, kernelNodeFlags, SANDBOX_UID, SANDBOX_WORKDIR, type SandboxLimits, sandboxCommand } from "./sandbox-confine";

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
  // the same confinement on a check that the sandbox user can read tslab and the package
  const confined = confine({ writable: [dir], limits: { memoryMb: 256, outputCapBytes: 0 }, slot: 0, packageRoot });
  const fd = confined.indexOf("--info-fd");
  const prefix = confined.filter((_, i) => i !== fd && i !== fd + 1);
  const probe = [
    ...prefix,
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

/** Whether this process has started a background build of the sandbox snapshot (one per process at most). */
let snapshotBuildStarted = false;

/**
 * Starts a tslab kernel confined as sandboxCommand says, through the sandbox launcher (which forwards the ports and
 * counts output). `workDir` is a private folder of the grader for this kernel (sockets); removed by the caller.
 * A confined kernel starts from the sandbox's start-up snapshot when one is ready (sandbox-snapshot.ts); when none is,
 * one is built in the background for the next kernels. A kernel that fails to start from a snapshot is started again
 * at once the ordinary way, and the snapshot is removed: a bad cache never becomes a grader error.
 */
export async function createSandboxKernel(options: {
  workDir: string;
  limits: SandboxLimits;
  slot: number;
  packageRoot: string;
  startTimeoutMs?: number;
}): Promise<KernelClient> {
  const snapshot = options.limits.unconfined ? undefined : sandboxSnapshot(options.packageRoot, options.limits);
  if (!options.limits.unconfined && snapshot === undefined && !snapshotBuildStarted) {
    snapshotBuildStarted = true;
    void buildSandboxSnapshot(options.packageRoot, options.limits, { background: true }).catch(() => {});
  }
  if (snapshot === undefined) return startSandboxKernel(options);
  try {
    return await startSandboxKernel({ ...options, snapshot, workDir: join(options.workDir, "s") });
  } catch {
    discardSandboxSnapshot(snapshot);
    return startSandboxKernel(options);
  }
}

async function startSandboxKernel(options: {
  workDir: string;
  limits: SandboxLimits;
  slot: number;
  packageRoot: string;
  startTimeoutMs?: number;
  snapshot?: string;
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
          snapshot: options.snapshot,
        }),
  };
  const client = await createZmqKernel({
    kernelName: "tslab",
    cwd: options.workDir,
    tslabBin: launcherPath(),
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    graceMs: 1500,
    // a graded kernel is never reused and its files are private tmpfs: killed at once, no shutdown request to wait on
    shutdownGraceMs: 0,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", DL4NLP_SANDBOX: JSON.stringify(config) },
  });
  // the launcher, killed with it, cannot remove the socket folder (the kernel's connection file and key): done here
  const shutdown = async () => {
    await client.shutdown();
    rmSync(socketDir, { recursive: true, force: true });
  };
  return { ...client, shutdown };
}

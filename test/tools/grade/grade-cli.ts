import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");

/** The real `dl4nlp grade --key MASTER CLASS_DIR --out OUT [options]`, as a grader types it (the built CLI). */
export function gradeCli(master: string, classDir: string, out: string, options: string[] = [], env?: NodeJS.ProcessEnv) {
  return spawnSync(
    process.execPath,
    [join(root, "lib/bin/dl4nlp.js"), "grade", "--key", master, classDir, "--out", out, ...options],
    { encoding: "utf8", timeout: 900_000, env: env ? { ...process.env, ...env } : process.env },
  );
}

/**
 * Processes of a sandbox user (uid SANDBOX_UID + slot) that no grader holds any more: no ancestor is a grader
 * (`dl4nlp.js`) or a test worker (vitest). Grading tests of other files running beside use the same uids, and their
 * kernels are held; a kernel left behind by a grader that exited is not.
 */
export function leftSandboxProcesses(sandboxUid: number): string[] {
  const table = new Map(
    execFileSync("ps", ["-eo", "pid=,ppid=,uid=,args="], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const [pid, ppid, uid, ...args] = l.trim().split(/\s+/);
        return [Number(pid), { ppid: Number(ppid), uid: Number(uid), args: args.join(" ") }] as const;
      }),
  );
  const held = (pid: number): boolean => {
    for (let p = table.get(pid)?.ppid; p !== undefined && p > 1; p = table.get(p)?.ppid) {
      const args = table.get(p)?.args ?? "";
      if (args.includes("dl4nlp.js") || args.includes("vitest")) return true;
    }
    return false;
  };
  return [...table]
    .filter(([pid, p]) => p.uid >= sandboxUid && p.uid < sandboxUid + 64 && !held(pid))
    .map(([pid, p]) => `${pid} uid ${p.uid}: ${p.args}`);
}

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ancestors, isSandboxUid, processTable } from "./process-table";

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
  const table = processTable();
  const held = (pid: number): boolean =>
    ancestors(table, pid).some((p) => {
      const args = table.get(p)?.args ?? "";
      return args.includes("dl4nlp.js") || args.includes("vitest");
    });
  return [...table]
    .filter(([pid, p]) => isSandboxUid(p.uid, sandboxUid) && !held(pid))
    .map(([pid, p]) => `${pid} uid ${p.uid}: ${p.args}`);
}

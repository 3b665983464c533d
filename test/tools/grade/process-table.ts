import { execFileSync } from "node:child_process";

/** One process as `ps` shows it. */
export interface ProcessRow {
  ppid: number;
  uid: number;
  /** The command line. */
  args: string;
}

/**
 * Every process on the machine, pid → its parent, uid and command line, read once from `ps` (the one reader of the
 * process table the grading tests share).
 */
export function processTable(): Map<number, ProcessRow> {
  return new Map(
    execFileSync("ps", ["-eo", "pid=,ppid=,uid=,args="], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const [pid, ppid, uid, ...args] = l.trim().split(/\s+/);
        return [Number(pid), { ppid: Number(ppid), uid: Number(uid), args: args.join(" ") }] as const;
      }),
  );
}

/** The ancestors of `pid` in `table`, its parent first, up to (not including) init. */
export function ancestors(table: Map<number, ProcessRow>, pid: number): number[] {
  const out: number[] = [];
  for (let p = table.get(pid)?.ppid; p !== undefined && p > 1 && !out.includes(p); p = table.get(p)?.ppid) out.push(p);
  return out;
}

/** Whether `uid` is a sandbox user's: SANDBOX_UID + a job slot (64 slots at most). */
export function isSandboxUid(uid: number, sandboxUid: number): boolean {
  return uid >= sandboxUid && uid < sandboxUid + 64;
}

// CPU seconds (user + system) of a command and every process it starts, counted by polling /proc (Linux).
//
// Why not descendants_cpu.py (RUSAGE_CHILDREN of a subreaper): a process's time reaches its parent's RUSAGE_CHILDREN
// only when that parent waits for it, and the grader kills its sandboxed kernels' process groups at once (bwrap's
// init and the kernel inside it are then reaped inside a dying PID namespace): their CPU was lost, a run of six
// submissions "cost" 1.7 s. Here every process seen in the tree is remembered with the last utime + stime read for it
// (every `everyMs`), so at most one interval of each process's end is missed. Elsewhere (no /proc) cpu is null.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS = 100; // USER_HZ: /proc/PID/stat counts clock ticks of 1/100 s on Linux

/** pid -> { ppid, ticks, key } of every process now; key = pid and start time (a pid may be reused). */
function table() {
  const out = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), key: `${d}:${f[19]}` });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Runs `cmd args` and resolves to { status, stdout, stderr, wallMs, cpu (seconds, or null without /proc) }. */
export function runCounted(cmd, args, { env = process.env, everyMs = 25 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    const linux = process.platform === "linux";
    /** key -> the last ticks read, for every process of the tree seen so far */
    const ticks = new Map();
    const poll = () => {
      const now = table();
      const ours = (pid) => pid === child.pid || ticks.has(now.get(pid)?.key);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [pid, p] of now) {
          if (!ticks.has(p.key) && (pid === child.pid || (now.has(p.ppid) && ours(p.ppid)))) {
            ticks.set(p.key, p.ticks);
            grew = true;
          }
        }
      }
      for (const p of now.values()) if (ticks.has(p.key)) ticks.set(p.key, p.ticks);
    };
    const timer = linux ? setInterval(poll, everyMs) : undefined;
    if (linux) poll();
    child.on("close", (status) => {
      clearInterval(timer);
      const wallMs = performance.now() - started;
      const cpu = linux ? [...ticks.values()].reduce((a, b) => a + b, 0) / TICKS : null;
      resolve({ status, stdout, stderr, wallMs, cpu });
    });
  });
}

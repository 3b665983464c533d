#!/usr/bin/env node
// The memory benchmark (issue 18): peak resident memory (VmRSS, sampled every 100 ms from /proc) of one tslab kernel
// running notebook 09 (`dl4nlp run` of that notebook: its kernel's peak), and of `dl4nlp run notebooks --jobs 2`
// (the runner process, its largest kernel, and the peak of the whole process tree at once). Each beside its peer: the
// same run with kernels started without the start-up snapshot (DL4NLP_KERNEL_CACHE=off).
//   node test/bench/memory.bench.mjs   (after npm run build; Linux only: reads /proc)
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const bin = join(root, "lib", "bin", "dl4nlp.js");
const notebooks = join(root, "notebooks");
const load0 = loadavg()[0];

/** VmRSS in MB of pid, or 0 when it is gone. */
function rss(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pids of pid's descendants (kernels run in their own process groups but stay children of the runner). */
function descendants(pid) {
  const children = new Map();
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    for (const c of children.get(todo.pop()) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

/** Runs `dl4nlp run files --jobs N`, sampling memory; peaks in MB. */
function measure(files, jobs, env) {
  const out = mkdtempSync(join(tmpdir(), "dl4nlp-memory-bench-"));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "run", ...files, "--out", out, "--jobs", String(jobs)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: "ignore",
    });
    const peak = { runner: 0, kernel: 0, total: 0 };
    const timer = setInterval(() => {
      const r = rss(child.pid);
      const kernels = descendants(child.pid).map(rss);
      peak.runner = Math.max(peak.runner, r);
      peak.kernel = Math.max(peak.kernel, ...kernels, 0);
      peak.total = Math.max(peak.total, r + kernels.reduce((a, b) => a + b, 0));
    }, 100);
    child.on("exit", (code) => {
      clearInterval(timer);
      rmSync(out, { recursive: true, force: true });
      resolve({ ...peak, code });
    });
  });
}

const nb09 = readdirSync(notebooks).find((f) => f.startsWith("09"));
const all = readdirSync(notebooks)
  .filter((f) => f.endsWith(".ipynb"))
  .map((f) => join(notebooks, f));
if (!nb09 || !existsSync(bin)) {
  console.error("memory bench: notebooks/09-*.ipynb or lib/bin/dl4nlp.js missing");
  process.exit(1);
}
const variants = [
  ["snapshot", {}],
  ["no snapshot", { DL4NLP_KERNEL_CACHE: "off" }],
];
const results = {};
for (const [name, env] of variants) results[`09 ${name}`] = await measure([join(notebooks, nb09)], 1, env);
for (const [name, env] of variants) results[`all ${name}`] = await measure(all, 2, env);
const row = (c, pick) => {
  const r = { case: c, unit: "MB", "with snapshot": pick(results[`${c.startsWith("notebook 09") ? "09" : "all"} snapshot`]) };
  r["without snapshot"] = pick(results[`${c.startsWith("notebook 09") ? "09" : "all"} no snapshot`]);
  r["×without"] = r["with snapshot"] / r["without snapshot"];
  return r;
};
const rows = [
  row("notebook 09: kernel peak RSS", (x) => x.kernel),
  row(`run --jobs 2 (${all.length} notebooks): runner peak RSS`, (x) => x.runner),
  row("run --jobs 2: largest kernel peak RSS", (x) => x.kernel),
  row("run --jobs 2: whole tree peak RSS", (x) => x.total),
];
for (const r of rows) console.log(`BENCH_ROW ${JSON.stringify(r)}`);
console.log(
  `exit codes: ${Object.entries(results)
    .map(([k, v]) => `${k} ${v.code}`)
    .join(", ")}`,
);
console.log(`load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);

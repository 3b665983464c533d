#!/usr/bin/env node
// The start of a kernel Jupyter starts (issue 18): the kernelspec "dl4nlp" as kernel-setup/install.mjs writes it
// (kernel.sh: the launcher from its start-up snapshot when a valid one exists) beside the same launcher started the
// ordinary way (the kernelspec's form on Windows, and what every platform ran before), each started by jupyter_client's
// KernelManager in notebooks/ as JupyterLab, Notebook 7 and nbconvert start it (lib/jupyter_kernel_start.py). Rounds
// interleave the two (BENCH_RUNS, default 3); medians of: wall time to the first reply and to the reply of
// `import … from "dl4nlp"`, and the kernel's own CPU at both. The snapshot selector (select.js, run by kernel.sh
// before each start, a process of its own) is timed alone: its CPU is part of each snapshot start.
//
//   node test/bench/jupyter-kernel.bench.mjs            (after npm run build)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchRow, ordinaryVsSnapshotRows } from "./lib/ordinary-vs-snapshot.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const notebooks = join(root, "notebooks");

const { findJupyter } = await import(join(root, "kernel-setup", "jupyter.mjs"));
const { kernelJson, launcherCommand } = await import(join(root, "kernel-setup", "install.mjs"));
const jupyter = findJupyter();
const prefix = mkdtempSync(join(tmpdir(), "dl4nlp-jupyter-start-"));
const kernels = join(prefix, "share", "jupyter", "kernels");
const launcher = launcherCommand();
const specs = {
  snapshot: kernelJson(launcher),
  ordinary: kernelJson(launcher, process.execPath, { platform: "win32" }),
};
for (const [name, spec] of Object.entries(specs)) {
  mkdirSync(join(kernels, `dl4nlp-${name}`), { recursive: true });
  writeFileSync(join(kernels, `dl4nlp-${name}`, "kernel.json"), JSON.stringify(spec));
}
const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") };
delete env.DL4NLP_KERNEL_CACHE;

console.log(`load average ${loadavg()[0].toFixed(1)} at the start; rounds: ${runs}`);
try {
  // the snapshot a student's kernel meets after the first one (built once per library build)
  const { buildSnapshot, usableSnapshot } = require(join(root, "lib", "dist", "tools", "kernel", "snapshot", "index.js"));
  const options = { tslabBin: launcher, cwd: notebooks, env };
  if (usableSnapshot(options) === null) {
    const built = await buildSnapshot(options);
    console.log(built.file ? `start-up snapshot built: ${built.file}` : `no start-up snapshot: ${built.log}`);
  }
  const samples = { snapshot: [], ordinary: [] };
  for (let round = 0; round < runs; round++) {
    for (const name of round % 2 === 0 ? ["ordinary", "snapshot"] : ["snapshot", "ordinary"]) {
      const r = spawnSync(jupyter.python, [join(here, "lib", "jupyter_kernel_start.py"), `dl4nlp-${name}`, notebooks], {
        env,
        encoding: "utf8",
        timeout: 600_000,
      });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr.slice(-2000)}`);
      const s = JSON.parse(r.stdout.trim().split("\n").at(-1));
      if (s.snapshot !== (name === "snapshot"))
        console.log(`round ${round + 1}, ${name}: started ${s.snapshot ? "from" : "without"} the snapshot`);
      samples[name].push(s);
      console.log(`round ${round + 1}, ${name}: ${JSON.stringify(s)}`);
    }
  }
  ordinaryVsSnapshotRows(samples, [
    ["Jupyter kernel start: wall to the first reply", "ms", "ready"],
    ['Jupyter kernel start: wall to the reply of import … from "dl4nlp"', "ms", "imported"],
    ["Jupyter kernel: its CPU at its first cell", "ms", "cpuFirst"],
    ['Jupyter kernel: its CPU after import … from "dl4nlp"', "ms", "cpuImport"],
  ]);
  // the selector alone, as kernel.sh runs it (its CPU: the children's usage of a shell running it five times)
  const select = join(dirname(launcher), "snapshot", "select.js");
  const r = spawnSync("bash", ["-c", `for i in 1 2 3 4 5; do "$0" "$1" > /dev/null; done; times`, process.execPath, select], {
    cwd: notebooks,
    env,
    encoding: "utf8",
  });
  const children = r.stdout.trim().split("\n").at(-1) ?? "";
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  benchRow({ case: "snapshot selector (select.js) per kernel start, CPU", unit: "ms", snapshot: Math.round((cpu / 5) * 1000) });
} finally {
  rmSync(prefix, { recursive: true, force: true });
}
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);

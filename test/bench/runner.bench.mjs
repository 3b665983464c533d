#!/usr/bin/env node
// The runner benchmark (issue 3): kernel cold start, and one notebook set executed by `dl4nlp run --jobs 2` (and
// --jobs 1), by `jupyter nbconvert --to notebook --execute` (kernelspec dl4nlp + kernel-setup's config, via
// kernel-setup/jupyter.mjs) and by papermill, wall time of each whole command and the ratio to nbconvert.
// All executors run the same notebooks with errors allowed where they can (papermill cannot: it stops at the first error),
// static figures off (the others render none). Each figure is the median of BENCH_RUNS runs (default 1; 3 for a
// careful measurement). The load average at the start is printed: on a shared machine the figures move with it.
//
//   node test/bench/runner.bench.mjs                   (after npm run build)
//   BENCH_NOTEBOOKS="a.ipynb b.ipynb" BENCH_RUNS=3 node test/bench/runner.bench.mjs
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const runs = Number(process.env.BENCH_RUNS ?? 1);
const bin = join(root, "lib", "bin", "dl4nlp.js");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function notebookSet() {
  if (process.env.BENCH_NOTEBOOKS)
    return { name: "BENCH_NOTEBOOKS", files: process.env.BENCH_NOTEBOOKS.split(/\s+/).filter(Boolean) };
  const course = join(root, "notebooks");
  const files = existsSync(course)
    ? readdirSync(course)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
    : [];
  if (files.length > 0) return { name: `course notebooks (${files.length})`, files: files.map((f) => join(course, f)) };
  const fx = join(root, "test", "fixtures", "notebooks");
  return { name: "test fixtures (4)", files: ["outputs", "params", "tags", "errors"].map((n) => join(fx, `${n}.ipynb`)) };
}

/** Wall time in seconds of one command; its exit code is reported, not asserted. */
function timed(command, args, env = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, status: r.status, tail: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-3).join(" | ") };
}

async function kernelColdStart() {
  const { createZmqKernel } = require(join(root, "lib", "dist", "tools", "kernel", "zmq-client.js"));
  const start = [];
  const firstCell = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    const t0 = performance.now();
    const k = await createZmqKernel({ cwd: root });
    const t1 = performance.now();
    await k.execute("1 + 1");
    const t2 = performance.now();
    await k.shutdown();
    start.push(t1 - t0);
    firstCell.push(t2 - t1);
  }
  return { start: median(start), firstCell: median(firstCell) };
}

function row(values) {
  console.log(`BENCH_ROW ${JSON.stringify(values)}`);
}

const [l1] = loadavg();
console.log(`load average ${l1.toFixed(1)} on this machine at the start; runs per figure: ${runs}`);
const cold = await kernelColdStart();
row({ case: "tslab kernel cold start (spawn -> iopub ready)", unit: "ms", dl4nlp: Math.round(cold.start) });
row({ case: "first cell round trip (1 + 1)", unit: "ms", dl4nlp: Math.round(cold.firstCell) });

const set = notebookSet();
console.log(`notebook set: ${set.name}`);
const results = {};
const measure = (name, once) => {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = once();
    times.push(last.seconds);
  }
  results[name] = { seconds: median(times), status: last.status, tail: last.tail };
  console.log(`${name}: ${median(times).toFixed(1)} s (exit ${last.status}) ${last.tail.slice(0, 200)}`);
};
const outRoot = mkdtempSync(join(tmpdir(), "dl4nlp-bench-run-"));
for (const jobs of [2, 1]) {
  measure(`dl4nlp run -j${jobs}`, () =>
    timed(process.execPath, [
      bin,
      "run",
      "--jobs",
      String(jobs),
      "--allow-errors",
      "--no-static-figures",
      "-q",
      "--out",
      join(outRoot, `ours${jobs}`),
      ...set.files,
    ]),
  );
}
let jupyter;
try {
  const mod = await import(join(root, "kernel-setup", "jupyter.mjs"));
  jupyter = { mod, found: mod.findJupyter() };
} catch (err) {
  console.log(`nbconvert/papermill skipped: ${err.message}`);
}
if (jupyter) {
  const { env, cleanup } = jupyter.mod.jupyterEnv();
  try {
    const nb = jupyter.mod.nbconvertCommand(jupyter.found, set.files, { outDir: join(outRoot, "nbconvert"), allowErrors: true });
    measure("nbconvert", () => timed(nb.command, nb.args, env));
    if (jupyter.found.papermill) {
      measure("papermill", () => {
        let seconds = 0;
        let status = 0;
        let tail = "";
        for (const f of set.files) {
          const pm = jupyter.mod.papermillCommand(jupyter.found, f, { outDir: join(outRoot, "papermill") });
          mkdirSync(join(outRoot, "papermill"), { recursive: true });
          const r = timed(pm.command, pm.args, env);
          seconds += r.seconds;
          status = status || r.status;
          tail = r.tail;
        }
        return { seconds, status, tail };
      });
    }
  } finally {
    cleanup();
  }
}
const wall = { case: `${set.name}: wall time`, unit: "s" };
for (const [name, r] of Object.entries(results)) wall[name] = Number(r.seconds.toFixed(2));
row(wall);
if (results.nbconvert) {
  const ratio = { case: "speed-up over nbconvert (target >= 2)", unit: "x" };
  for (const [name, r] of Object.entries(results))
    if (name !== "nbconvert") ratio[name] = Number((results.nbconvert.seconds / r.seconds).toFixed(2));
  row(ratio);
}
mkdirSync(join(root, "build", "bench"), { recursive: true });
writeFileSync(
  join(root, "build", "bench", "runner.json"),
  `${JSON.stringify({ date: new Date().toISOString(), loadavg: l1, runs, set: set.name, cold, results }, null, 2)}\n`,
);
rmSync(outRoot, { recursive: true, force: true });

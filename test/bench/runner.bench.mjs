#!/usr/bin/env node
// The runner benchmark (issues 3, 18): a kernel's start (ordinary and from the start-up snapshot: wall time, and the
// kernel's own CPU time at its first reply and after `import dl4nlp`), and one notebook set executed by `dl4nlp run`
// (--jobs 2 and 1; with and without static SVG figures, which nbconvert does not render; with the snapshot turned off),
// by `jupyter nbconvert --to notebook --execute` (kernelspec dl4nlp + kernel-setup's config, via
// kernel-setup/jupyter.mjs) and, with BENCH_PAPERMILL=1, by papermill: wall and CPU time (the command and everything it
// waited for) of each whole command and the ratio to nbconvert. All executors run the same notebooks with errors
// allowed where they can (papermill cannot: it stops at the first error). Rounds interleave every case (this machine
// is shared; its speed swings), BENCH_RUNS rounds (default 1; 3 for a careful measurement), figures are medians. The
// start-up snapshot is built before the first round (steady state: a course run meets one that exists). The load
// average at the start and at the end is printed: on a shared machine the figures move with it.
//
//   node test/bench/runner.bench.mjs                   (after npm run build)
//   BENCH_NOTEBOOKS="a.ipynb b.ipynb" BENCH_RUNS=3 node test/bench/runner.bench.mjs
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchRow as row, ordinaryVsSnapshotRows } from "./lib/ordinary-vs-snapshot.mjs";
import { median } from "./lib/workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const runs = Number(process.env.BENCH_RUNS ?? 1);
const bin = join(root, "lib", "bin", "dl4nlp.js");

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

/** A Python for lib/descendants_cpu.py (the project's venv, else python3), or null: then bash's `times` counts. */
const reaperPython = [process.env.DL4NLP_PYTHON, join(root, ".venv", "bin", "python"), "python3"].find(
  (p) => p && spawnSync(p, ["-c", "import ctypes, resource"], { stdio: "ignore" }).status === 0,
);

/**
 * Wall time in seconds of one command, and the CPU seconds of it and of every process it started (lib/descendants_cpu.py:
 * the kernels a runner or Jupyter started, and the figure renderers and Chromium a kernel leaves running detached,
 * which bash's `times` never counted); its exit code is reported, not asserted.
 */
function timed(command, args, env = process.env) {
  const t0 = process.hrtime.bigint();
  const outFile = join(tmpdir(), `dl4nlp-bench-out-${process.pid}.txt`);
  const options = { cwd: root, env: { ...env, DL4NLP_BENCH_OUT: outFile }, encoding: "utf8", maxBuffer: 64 << 20 };
  let cpu = 0;
  let status;
  if (reaperPython) {
    const r = spawnSync(reaperPython, [join(here, "lib", "descendants_cpu.py"), command, ...args], options);
    const line = JSON.parse((r.stdout ?? "").trim().split("\n").at(-1) || "{}");
    cpu = Number(line.cpu ?? Number.NaN);
    status = line.status ?? r.status;
  } else {
    const script = '"$@" > "$DL4NLP_BENCH_OUT" 2>&1; s=$?; times; exit $s';
    const r = spawnSync("bash", ["-c", script, "bash", command, ...args], options);
    // `times` prints the shell's user/system time, then its children's: "0m1.250s 0m0.120s"
    const children = (r.stdout ?? "").trim().split("\n").at(-1) ?? "";
    cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    status = r.status;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let out = "";
  try {
    out = readFileSync(outFile, "utf8");
    rmSync(outFile, { force: true });
  } catch {
    // no output
  }
  return { seconds, cpu, status, tail: out.trim().split("\n").slice(-3).join(" | ") };
}

/** One kernel: wall time to start, and its own CPU time (ms) at its first reply and after the notebooks' import cell. */
async function kernelStart(env) {
  const { createZmqKernel } = require(join(root, "lib", "dist", "tools", "kernel", "zmq-client.js"));
  const cpuMs = "((u) => (u.user + u.system) / 1000)(process.cpuUsage())";
  const t0 = performance.now();
  const k = await createZmqKernel({ cwd: join(root, "notebooks"), env });
  const start = performance.now() - t0;
  try {
    const value = async (code) => {
      const r = await k.execute(code, { timeoutMs: 120_000 });
      // tslab shows a cell's last value as printed text
      const out = r.outputs.find((o) => o.output_type === "stream" && o.name === "stdout");
      return Number(String(out?.text ?? "").trim());
    };
    const atFirstReply = await value(cpuMs);
    await k.execute('import { Tensor, matmul, softmax } from "dl4nlp";', { timeoutMs: 120_000 });
    const afterImport = await value(cpuMs);
    return { start, atFirstReply, afterImport };
  } finally {
    await k.shutdown();
  }
}

const [l1] = loadavg();
console.log(`load average ${l1.toFixed(1)} on this machine at the start; rounds: ${runs}`);
const snapshotEnv = { ...process.env };
delete snapshotEnv.DL4NLP_KERNEL_CACHE;
const ordinaryEnv = { ...process.env, DL4NLP_KERNEL_CACHE: "off" };
{
  // the snapshot a course run meets (built once per library build, in the background of the first kernel)
  const { buildSnapshot, usableSnapshot } = require(join(root, "lib", "dist", "tools", "kernel", "snapshot", "index.js"));
  const { kernelLauncher } = require(join(root, "lib", "dist", "tools", "kernel", "kernel-process.js"));
  const options = { tslabBin: kernelLauncher(), cwd: join(root, "notebooks"), env: snapshotEnv };
  if (usableSnapshot(options) === null) {
    const built = await buildSnapshot(options);
    console.log(built.file ? `start-up snapshot built: ${built.file}` : `no start-up snapshot: ${built.log}`);
  }
}
const kernels = { ordinary: [], snapshot: [] };
for (let i = 0; i < Math.max(3, runs); i++) {
  kernels.ordinary.push(await kernelStart(ordinaryEnv));
  kernels.snapshot.push(await kernelStart(snapshotEnv));
}
const cold = ordinaryVsSnapshotRows(kernels, [
  ["kernel start (spawn -> ready), wall", "ms", "start"],
  ["kernel CPU at its first reply (start + one trivial cell)", "ms", "atFirstReply"],
  ['kernel CPU after the import cell (import { … } from "dl4nlp")', "ms", "afterImport"],
]);

const set = notebookSet();
console.log(`notebook set: ${set.name}`);
const outRoot = mkdtempSync(join(tmpdir(), "dl4nlp-bench-run-"));
/** The cases, each a function giving one timed run; every round runs each once, starting one further on each round. */
const cases = [];
const ours = (name, jobs, { figures = false, env = snapshotEnv } = {}) =>
  cases.push({
    name,
    once: () =>
      timed(
        process.execPath,
        [
          bin,
          "run",
          "--jobs",
          String(jobs),
          "--allow-errors",
          ...(figures ? [] : ["--no-static-figures"]),
          "-q",
          "--out",
          join(outRoot, name.replace(/\W+/g, "-")),
          ...set.files,
        ],
        env,
      ),
  });
ours("dl4nlp run -j2", 2);
ours("dl4nlp run -j1", 1);
ours("dl4nlp run -j2, static figures", 2, { figures: true });
ours("dl4nlp run -j2, no snapshot", 2, { env: ordinaryEnv });
let jupyter;
try {
  const mod = await import(join(root, "kernel-setup", "jupyter.mjs"));
  jupyter = { mod, found: mod.findJupyter() };
} catch (err) {
  console.log(`nbconvert/papermill skipped: ${err.message}`);
}
const jupyterSetup = jupyter?.mod.jupyterEnv();
if (jupyter) {
  const nb = jupyter.mod.nbconvertCommand(jupyter.found, set.files, { outDir: join(outRoot, "nbconvert"), allowErrors: true });
  cases.push({ name: "nbconvert", once: () => timed(nb.command, nb.args, jupyterSetup.env) });
  // the kernel's own static figure images (a headless Chromium per kernel) left out: the peer of `dl4nlp run` without
  // static figures; the share of nbconvert's time that its figures take
  const plain = jupyter.mod.nbconvertCommand(jupyter.found, set.files, {
    outDir: join(outRoot, "nbconvert-plain"),
    allowErrors: true,
  });
  const plainEnv = { ...jupyterSetup.env, DL4NLP_LIVE_STATIC_FIGURES: "0" };
  cases.push({ name: "nbconvert, no static figures", once: () => timed(plain.command, plain.args, plainEnv) });
  if (jupyter.found.papermill && process.env.BENCH_PAPERMILL === "1") {
    cases.push({
      name: "papermill",
      once: () => {
        let seconds = 0;
        let cpu = 0;
        let status = 0;
        let tail = "";
        for (const f of set.files) {
          const pm = jupyter.mod.papermillCommand(jupyter.found, f, { outDir: join(outRoot, "papermill") });
          mkdirSync(join(outRoot, "papermill"), { recursive: true });
          const r = timed(pm.command, pm.args, jupyterSetup.env);
          seconds += r.seconds;
          cpu += r.cpu;
          status = status || r.status;
          tail = r.tail;
        }
        return { seconds, cpu, status, tail };
      },
    });
  }
}
const samples = Object.fromEntries(cases.map((c) => [c.name, []]));
try {
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + round) % cases.length];
      const r = c.once();
      samples[c.name].push(r);
      console.log(
        `round ${round + 1}, ${c.name}: ${r.seconds.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU (exit ${r.status}) ${r.tail.slice(0, 160)}`,
      );
    }
  }
} finally {
  jupyterSetup?.cleanup();
}
const results = {};
for (const [name, rs] of Object.entries(samples)) {
  results[name] = { seconds: median(rs.map((r) => r.seconds)), cpu: median(rs.map((r) => r.cpu)), status: rs.at(-1).status };
}
const wall = { case: `${set.name}: wall time`, unit: "s" };
const cpu = { case: `${set.name}: CPU time (the command and all it waited for)`, unit: "s" };
for (const [name, r] of Object.entries(results)) {
  wall[name] = Number(r.seconds.toFixed(2));
  cpu[name] = Number(r.cpu.toFixed(2));
}
row(wall);
row(cpu);
if (results.nbconvert) {
  const ratio = { case: "speed-up over nbconvert, wall (target >= 2)", unit: "x" };
  const ratioCpu = { case: "CPU of nbconvert / CPU of this", unit: "x" };
  for (const [name, r] of Object.entries(results))
    if (name !== "nbconvert") {
      ratio[name] = Number((results.nbconvert.seconds / r.seconds).toFixed(2));
      ratioCpu[name] = Number((results.nbconvert.cpu / r.cpu).toFixed(2));
    }
  row(ratio);
  row(ratioCpu);
}
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
mkdirSync(join(root, "build", "bench"), { recursive: true });
writeFileSync(
  join(root, "build", "bench", "runner.json"),
  `${JSON.stringify({ date: new Date().toISOString(), loadavg: l1, runs, set: set.name, cold, results }, null, 2)}\n`,
);
rmSync(outRoot, { recursive: true, force: true });

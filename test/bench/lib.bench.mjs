#!/usr/bin/env node
// The library benchmark (issue 2): dl4nlp side by side with @tensorflow/tfjs on its pure-JS CPU backend and on its
// WebAssembly backend, and numpy where a python3 with numpy is present. Same data, same starting weights; each figure
// is the median of several runs, in CPU seconds of the candidate's process (robust when other jobs share the cores;
// wall-clock figures are in build/bench/lib.json too). tfjs-wasm runs in its own process: once a process grows
// WebAssembly memory, V8 slows every typed-array loop in it. So does every other peer, to keep them apart.
//
//   node test/bench/lib.bench.mjs   (after npm run build; BENCH_RUNS=5 runs per figure, BENCH_ROUNDS=3 rounds,
//                                    BENCH_ONLY=ours,dl4nlp-js,numpy for a subset: the others' last figures are reused)
//
// Columns ×X: how many times faster dl4nlp is than X (above 1: dl4nlp is faster). dl4nlp-js is dl4nlp itself with its
// WebAssembly kernels switched off (DL4NLP_WASM=0), in its own process: its column is what WebAssembly SIMD buys.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchIris, benchMatmul, benchMnist, makeInputs, wasmKernelAvailable } from "./lib/ours.mjs";
import { median } from "./lib/workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const outDir = join(root, "build", "bench");
mkdirSync(outDir, { recursive: true });
const runs = Number(process.env.BENCH_RUNS ?? 3);
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",") : null;
const wanted = (name) => !only || only.includes(name);

const inputsFile = join(outDir, "lib-inputs.json");
writeFileSync(inputsFile, JSON.stringify(makeInputs()));

const results = {};
const notes = [];
const loadBefore = loadavg();
// With BENCH_ONLY, the other candidates' figures are taken from the previous build/bench/lib.json (dated).
const previous = only && existsSync(join(outDir, "lib.json")) ? JSON.parse(readFileSync(join(outDir, "lib.json"), "utf8")) : null;
// Rounds: the fast candidates (dl4nlp, dl4nlp-js, numpy) are measured once per round, one after the other, so a
// slow spell of the machine (this VM's speed swings by up to 2× for seconds at a time) hits all of them alike; each
// figure is the median over the rounds. The tfjs peers take minutes and run in the first round only.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const perRound = {};
const keep = (name, result) => {
  perRound[name] ??= [];
  perRound[name].push(result);
};
const python = findPython();
if (!python) notes.push("numpy: no python3 with numpy found (tried .venv/bin/python, python3)");
const oneThread = { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
const peerScript = join(here, "lib", "tfjs-peer.mjs");
for (let round = 1; round <= rounds; round++) {
  console.log(`round ${round} of ${rounds}`);
  if (wanted("ours")) {
    console.log("dl4nlp ...");
    keep("dl4nlp", {
      matmul: benchMatmul(runs),
      iris: benchIris(makeInputs(), runs),
      mnist: benchMnist(makeInputs(), runs),
      mnistOneThread: benchMnist(makeInputs(), runs, true),
    });
  }
  peer("dl4nlp-js", process.execPath, [join(here, "lib", "ours-javascript-peer.mjs"), inputsFile, String(runs)], {
    DL4NLP_WASM: "0",
  });
  if (round === 1) {
    peer("tfjs-cpu", process.execPath, [peerScript, "cpu", inputsFile, String(runs)]);
    peer("tfjs-wasm", process.execPath, [peerScript, "wasm", inputsFile, String(runs)]);
  }
  if (python) peer("numpy", python, [join(here, "lib", "numpy_peer.py"), inputsFile, String(runs)], oneThread);
}
if (wanted("ours")) {
  notes.push(
    wasmKernelAvailable()
      ? "dl4nlp: products on the WebAssembly SIMD kernels (lib/tensor/kernels/gemm.wat)"
      : "dl4nlp: WebAssembly kernels NOT available here: every product in JavaScript",
  );
}
for (const [name, list] of Object.entries(perRound)) {
  results[name] = { ...medianOf(list), measuredAt: new Date().toISOString(), rounds: list.length };
  if (name !== "dl4nlp") writeFileSync(join(outDir, `peer-${name}.json`), `${JSON.stringify(results[name])}\n`);
  if (list.length > 1) notes.push(`${name}: Iris per round ${list.map((r) => r.iris?.seconds?.toFixed(3)).join(", ")} s`);
}

/** The median of every number over results of the same structure (one per round). */
function medianOf(list) {
  const first = list[0];
  if (typeof first === "number") return median(list);
  if (Array.isArray(first)) return first.map((_, i) => medianOf(list.map((r) => r[i])));
  if (first && typeof first === "object") {
    return Object.fromEntries(Object.keys(first).map((k) => [k, medianOf(list.map((r) => r[k]))]));
  }
  return first;
}

function peer(name, command, args, env = {}) {
  if (!wanted(name)) return;
  console.log(`${name} ...`);
  const r = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const line = (r.stdout ?? "").trim().split("\n").pop();
  try {
    if (r.status !== 0) throw new Error(`exit ${r.status}`);
    keep(name, JSON.parse(line));
  } catch (e) {
    const why = `${name}: failed (${e.message}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`;
    console.error(why);
    notes.push(why);
  }
}

if (only) {
  // figures of candidates not run now: the newest of the previous lib.json and build/bench/peer-<name>.json
  // (a peer's own output, also usable when a peer was run by hand: node lib/tfjs-peer.mjs wasm inputs.json 3 > …)
  const earlier = {};
  for (const [name, r] of Object.entries(previous?.results ?? {}))
    earlier[name] = { ...r, measuredAt: r.measuredAt ?? previous.date };
  for (const name of ["dl4nlp-js", "tfjs-cpu", "tfjs-wasm", "numpy"]) {
    const file = join(outDir, `peer-${name}.json`);
    if (!existsSync(file)) continue;
    try {
      const r = JSON.parse(readFileSync(file, "utf8"));
      r.measuredAt ??= statSync(file).mtime.toISOString();
      if (!earlier[name] || r.measuredAt > earlier[name].measuredAt) earlier[name] = r;
    } catch {
      notes.push(`${name}: ${file} is not a finished result`);
    }
  }
  for (const [name, r] of Object.entries(earlier)) {
    if (results[name] || wanted(name === "dl4nlp" ? "ours" : name)) continue;
    results[name] = r;
    notes.push(`${name}: figures from the earlier run of ${r.measuredAt}`);
  }
}
const now = new Date().toISOString();
for (const r of Object.values(results)) r.measuredAt ??= now;

// ---- table
const order = ["dl4nlp", "dl4nlp-js", "tfjs-cpu", "tfjs-wasm", "numpy"];
const candidates = Object.keys(results).sort((a, b) => order.indexOf(a) - order.indexOf(b));
const rows = [];
const row = (name, unit, pick, higherIsBetter) => {
  const r = { case: name, unit };
  for (const c of candidates) r[c] = pick(results[c]);
  const ours = r.dl4nlp;
  if (typeof ours === "number" && higherIsBetter !== null) {
    for (const c of candidates) {
      if (c === "dl4nlp" || typeof r[c] !== "number") continue;
      r[`×${c}`] = higherIsBetter ? ours / r[c] : r[c] / ours;
    }
  }
  rows.push(r);
};
for (const [k, n] of [4, 64, 256, 1024].entries()) {
  if (n === 4) row("matmul 4×4", "ns/call", (x) => x.matmul?.[k]?.seconds * 1e9, false);
  else row(`matmul ${n}×${n}`, "GFLOP/s", (x) => (2 * n ** 3) / x.matmul?.[k]?.seconds / 1e9, true);
}
row("Iris 4-16-3, 2,000 epochs", "s", (x) => x.iris?.seconds, false);
row("  loss after training", "", (x) => x.iris?.finalLoss, null);
row("784-128-10, 1 epoch, batch 64", "s", (x) => x.mnist?.seconds, false);
row("  loss after training", "", (x) => x.mnist?.finalLoss, null);
row("784-128-10, 1 epoch, wall-clock", "s", (x) => x.mnist?.wall, false);
{
  // the epoch is matmul-bound: dl4nlp with its helper threads and on one thread, CPU and wall-clock, beside numpy (which
  // runs with one BLAS thread, OPENBLAS_NUM_THREADS=1: its CPU and wall-clock times are the same work)
  const ours = results.dl4nlp;
  const np = results.numpy?.mnist;
  if (ours?.mnistOneThread) {
    const r = {
      case: "784-128-10 epoch: threads vs one thread (numpy: one thread)",
      unit: "s",
      "dl4nlp CPU": ours.mnist.seconds,
      "dl4nlp wall": ours.mnist.wall,
      "dl4nlp 1 thread CPU": ours.mnistOneThread.seconds,
      "dl4nlp 1 thread wall": ours.mnistOneThread.wall,
      "×1 thread, wall": ours.mnistOneThread.wall / ours.mnist.wall,
    };
    if (np) Object.assign(r, { "numpy CPU": np.seconds, "numpy wall": np.wall, "×numpy, wall": np.wall / ours.mnist.wall });
    rows.push(r);
  }
}

// same data: checksums of the products agree to float32 precision
for (const [k, n] of [4, 64, 256, 1024].entries()) {
  const sums = candidates.map((c) => results[c].matmul?.[k]?.checksum).filter((v) => typeof v === "number");
  const spread = Math.max(...sums) - Math.min(...sums);
  if (sums.length > 1 && spread > 1e-3 * Math.max(1, Math.abs(sums[0]))) notes.push(`matmul ${n}: checksums differ: ${sums}`);
}

for (const r of rows) console.log(`BENCH_ROW ${JSON.stringify(r)}`);
const out = {
  date: new Date().toISOString(),
  runs,
  timing: "median CPU seconds of the candidate's process; median over rounds (tfjs: one round)",
  node: process.version,
  cpus: cpus().length,
  // the machine's 1-minute load average before and after this run: figures from a busy machine are low
  loadavg: [loadBefore[0], loadavg()[0]],
  rows,
  results,
  notes,
};
writeFileSync(join(outDir, "lib.json"), `${JSON.stringify(out, null, 2)}\n`);
for (const n of notes) console.log(`note: ${n}`);
console.log(`load average ${loadBefore[0].toFixed(1)} -> ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
console.log(`written ${join("build", "bench", "lib.json")}`);

function findPython() {
  for (const p of [join(root, ".venv", "bin", "python"), "python3"]) {
    const r = spawnSync(p, ["-c", "import numpy"], { encoding: "utf8" });
    if (r.status === 0) return p;
  }
  return null;
}

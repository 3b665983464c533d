#!/usr/bin/env node
// The library benchmark (issue 2): dl4nlp side by side with @tensorflow/tfjs on its pure-JS CPU backend and on its
// WebAssembly backend, and numpy where a python3 with numpy is present. Same data, same starting weights; each figure
// is the median of several runs, in CPU seconds of the candidate's process (robust when other jobs share the cores;
// wall-clock figures are in build/bench/lib.json too). tfjs-wasm runs in its own process: once a process grows
// WebAssembly memory, V8 slows every typed-array loop in it. So does every other peer, to keep them apart.
//
//   node test/bench/lib.bench.mjs          (after npm run build; BENCH_RUNS=5 for more runs, BENCH_ONLY=ours,numpy)
//
// Columns ×X: how many times faster dl4nlp is than X (above 1: dl4nlp is faster).
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchIris, benchMatmul, benchMnist, makeInputs } from "./lib/ours.mjs";

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
if (wanted("ours")) {
  console.log("dl4nlp ...");
  results.dl4nlp = { matmul: benchMatmul(runs), iris: benchIris(makeInputs(), runs), mnist: benchMnist(makeInputs(), runs) };
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
    results[name] = { ...JSON.parse(line), measuredAt: new Date().toISOString() };
    writeFileSync(join(outDir, `peer-${name}.json`), `${JSON.stringify(results[name])}\n`);
  } catch (e) {
    const why = `${name}: failed (${e.message}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`;
    console.error(why);
    notes.push(why);
  }
}

const peerScript = join(here, "lib", "tfjs-peer.mjs");
peer("tfjs-cpu", process.execPath, [peerScript, "cpu", inputsFile, String(runs)]);
peer("tfjs-wasm", process.execPath, [peerScript, "wasm", inputsFile, String(runs)]);
const python = findPython();
if (python) {
  const oneThread = { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  peer("numpy", python, [join(here, "lib", "numpy_peer.py"), inputsFile, String(runs)], oneThread);
} else notes.push("numpy: no python3 with numpy found (tried .venv/bin/python, python3)");

if (only) {
  // figures of candidates not run now: the newest of the previous lib.json and build/bench/peer-<name>.json
  // (a peer's own output, also usable when a peer was run by hand: node lib/tfjs-peer.mjs wasm inputs.json 3 > …)
  const earlier = {};
  for (const [name, r] of Object.entries(previous?.results ?? {}))
    earlier[name] = { ...r, measuredAt: r.measuredAt ?? previous.date };
  for (const name of ["tfjs-cpu", "tfjs-wasm", "numpy"]) {
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
const order = ["dl4nlp", "tfjs-cpu", "tfjs-wasm", "numpy"];
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
  timing: "median CPU seconds of the candidate's process",
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

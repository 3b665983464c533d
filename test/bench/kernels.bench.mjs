#!/usr/bin/env node
// The kernel benchmark (issue 18): dl4nlp's matrix products on one thread and split over the cores, beside numpy
// (one BLAS thread and all), and the f64x2 ceilings of this CPU as V8 runs WebAssembly (lib/ceiling.wat, and
// lib/ceiling-fma.wat for the fused multiply-add kernel), so the one-thread kernel's share of its ceiling can be read
// off, and the packed kernel alone (no copies) in both variants. Also the plain JavaScript typed-array loop before any
// product, after one-thread products and after threaded ones (the "detach effect": a process that ever detached an
// ArrayBuffer runs such loops ~2.4× slower; the kernels must never cause it). And a training step's products
// (784-128-10 at batches of 64-256) on one thread and split, with the busiest thread's CPU time (Linux). And the
// optimizer step of 784-128-10 on the update kernels beside the JavaScript loops.
//
// Rounds interleave every candidate (this machine is shared; its speed swings), figures are medians over rounds.
// GFLOP/s in wall-clock time (threads: CPU time would add the threads up) and, for one thread, in CPU time too.
//   node test/bench/kernels.bench.mjs   (after npm run build; BENCH_ROUNDS=5 rounds by default)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { busiestThread, threadTimes } from "./lib/thread-times.mjs";
import { matA, matB, median } from "./lib/workloads.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const load0 = loadavg()[0];

// ---- the typed-array loop, before anything of dl4nlp ran in this process
const loopData = new Float64Array(1 << 16).map((_, i) => Math.sin(i));
function typedLoop() {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 15; r++) {
    const t0 = process.hrtime.bigint();
    let s = 0;
    for (let rep = 0; rep < 40; rep++) for (let i = 0; i < loopData.length; i++) s += loopData[i] * loopData[(i * 7) & 65535];
    const ns = Number(process.hrtime.bigint() - t0);
    if (s === 42) console.log(s);
    best = Math.min(best, ns / (40 * loopData.length));
  }
  return best; // ns per element, best of 15 (the loop's speed, not the machine's load)
}
const loopBefore = typedLoop();

const d = require(join(root, "lib", "dist", "index.js"));
const wasm = require(join(root, "lib", "dist", "tensor", "kernels", "gemm-wasm.js"));
const threads = require(join(root, "lib", "dist", "tensor", "kernels", "gemm-threads.js"));

// ---- the ceiling microkernels: separate multiplies and adds (ceiling.wat), and fused multiply-adds (ceiling-fma.wat,
// where the runtime takes relaxed SIMD: dl4nlp's Node entry, loaded above, sets the flag Node 20 needs)
const wabt = await wabtInit();
function ceilingOf(file, features) {
  const watFile = join(here, "lib", file);
  const mod = wabt.parseWat(watFile, readFileSync(watFile, "utf8"), { simd: true, ...features });
  const bytes = mod.toBinary({}).buffer;
  mod.destroy();
  if (!WebAssembly.validate(bytes)) return null;
  const { peak, flopsPerStep } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  // many calls: V8 compiles a WebAssembly function with its baseline compiler first and swaps in the optimised code
  // for later calls only (no on-stack replacement), so the first calls warm up and the timed ones are short
  for (let i = 0; i < 30; i++) peak(200_000);
  return () => {
    const steps = 1_000_000;
    const calls = 20;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) peak(steps);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cu = process.cpuUsage(c0);
    const cpu = (cu.user + cu.system) / 1e6;
    const flops = flopsPerStep.value * steps * calls;
    return { wall: flops / wall / 1e9, cpu: flops / cpu / 1e9 };
  };
}
const ceilings = { "mul+add": ceilingOf("ceiling.wat", {}), fma: ceilingOf("ceiling-fma.wat", { relaxed_simd: true }) };
const fused = wasm.kernelBlockSizes().fma;

// ---- the packed kernel alone (no copies in or out: one memory, operands in place), both variants of gemm.wat
const bytes = require(join(root, "lib", "dist", "tensor", "kernels", "gemm-wasm-bytes.js"));
const kernelMemory = new WebAssembly.Memory({ initial: 500, maximum: 500 }); // 32 MiB: 1024² operands + buffers
const variants = { "mul+add": bytes.GEMM_WASM_BASE64, fma: bytes.GEMM_FMA_WASM_BASE64 };
const kernels = {};
for (const [name, base64] of Object.entries(variants)) {
  const b = Buffer.from(base64, "base64");
  if (WebAssembly.validate(b)) {
    kernels[name] = new WebAssembly.Instance(new WebAssembly.Module(b), { env: { memory: kernelMemory } }).exports;
  }
}
function measureKernel(exports, n) {
  const mem = new Float64Array(kernelMemory.buffer);
  // C padded to whole tiles of the kernel (MR×NR), the bias row to np columns; A's packing buffer MR×KC doubles
  const np = Math.ceil(n / exports.NR.value) * exports.NR.value;
  const [a, b, c] = [0, n * n, 2 * n * n];
  const bias = c + Math.ceil(n / exports.MR.value) * exports.MR.value * np;
  const [pa, pb] = [bias + np, bias + np + exports.MR.value * exports.KC.value];
  for (let i = 0; i < n * n; i++) [mem[a + i], mem[b + i]] = [matA(Math.floor(i / n), i % n), matB(Math.floor(i / n), i % n)];
  mem.fill(0, bias, bias + n);
  const run = () => exports.gemm(n, n, n, 0, n, 1, b * 8, n, 1, c * 8, pa * 8, pb * 8, bias * 8);
  run();
  const calls = Math.max(1, Math.round(4e8 / (2 * n ** 3)));
  const c0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) run();
  const cu = process.cpuUsage(c0);
  return { cpu: (2 * n ** 3 * calls) / ((cu.user + cu.system) / 1e6) / 1e9 };
}

// ---- products
function fill(n, f) {
  const t = new d.Tensor([n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t.data[i * n + j] = f(i, j);
  return t;
}
const sizes = [256, 1024];
const operands = Object.fromEntries(sizes.map((n) => [n, [fill(n, matA), fill(n, matB)]]));
function measureProduct(n, threaded) {
  if (threaded) threads.registerProductThreads({ DL4NLP_THREADS: String(availableParallelism()) });
  else wasm.setProductThreads(null);
  const [A, B] = operands[n];
  d.matmul(A, B);
  // at least three products and ~1 GFLOP per figure: one 1024² product (~0.1 s) swung by ±30 % between rounds
  const calls = Math.max(3, Math.round(1e9 / (2 * n ** 3)));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let c;
  for (let i = 0; i < calls; i++) c = d.matmul(A, B);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9 / calls;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6 / calls;
  return { wall: (2 * n ** 3) / wall / 1e9, cpu: (2 * n ** 3) / cpu / 1e9, result: c };
}

// ---- a training step's products (784-128-10, batches of 64 to 256): the forward X·W and the weight gradient Xᵀ·G,
// one thread vs threads; wall µs per product and the busiest thread's CPU µs (what the wall time approaches on an
// idle machine: on a busy one a split product's wall time says little)
const stepShapes = [
  // name, m, k, n (of the batch X: m×k, the layer: k inputs, n outputs), and the product
  ["64×784·784×128", 64, 784, 128, "forward"],
  ["784×64·64×128 (Xᵀ·G)", 64, 784, 128, "gradient"],
  ["128×784·784×128", 128, 784, 128, "forward"],
  ["256×784·784×128", 256, 784, 128, "forward"],
];
const stepOperands = stepShapes.map(([, m, k, n, kind]) => {
  const x = new d.Tensor([m, k]);
  for (let i = 0; i < x.data.length; i++) x.data[i] = matA(Math.floor(i / k), i % k);
  // the forward's W is k×n; the gradient's G is m×n (Xᵀ·G is k×n)
  const rows = kind === "forward" ? k : m;
  const other = new d.Tensor([rows, n]);
  for (let i = 0; i < other.data.length; i++) other.data[i] = matB(Math.floor(i / n), i % n);
  return [x, other];
});
function measureStep(index, threaded) {
  const [, m, k, n, kind] = stepShapes[index];
  const [x, other] = stepOperands[index];
  const op = kind === "forward" ? () => d.matmul(x, other) : () => d.matmulTransposeA(x, other);
  if (threaded) threads.registerProductThreads({ DL4NLP_THREADS: String(availableParallelism()) });
  else wasm.setProductThreads(null);
  op();
  const calls = Math.max(3, Math.round(2e8 / (2 * m * k * n)));
  const t0 = process.hrtime.bigint();
  const tt0 = threadTimes();
  for (let i = 0; i < calls; i++) op();
  const busiest = busiestThread(tt0, threadTimes());
  const wall = Number(process.hrtime.bigint() - t0) / 1e3 / calls;
  return { wall, busiest: busiest === null ? undefined : (busiest * 1e6) / calls };
}

// ---- the optimizer step of 784-128-10 (101,770 values, gradients set by hand): the update kernels of update.wat beside
// the JavaScript loops they replace, CPU time per step(); both give the same values to the bit (the tests check)
const updates = require(join(root, "lib", "dist", "tensor", "kernels", "update-wasm.js"));
const updateParams = [
  [784, 128],
  [1, 128],
  [128, 10],
  [1, 10],
].map(([r, c], k) => {
  const p = d.param(new d.Tensor([r, c]));
  p.grad = new d.Tensor([r, c]);
  for (let i = 0; i < p.value.data.length; i++) {
    p.value.data[i] = matA(k, i) * 0.1;
    p.grad.data[i] = matB(i, k) * 1e-6;
  }
  return p;
});
const updateOptimizers = ["sgd", "adam"];
function measureUpdate(name, minimum) {
  const before = updates.setUpdateKernelMinimum(minimum);
  const opt = d.optimizers[name]({ lr: 1e-3 });
  opt.step(updateParams);
  const calls = 200;
  const c0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) opt.step(updateParams);
  const c = process.cpuUsage(c0);
  updates.setUpdateKernelMinimum(before);
  return { cpu: (c.user + c.system) / calls };
}

// start the helpers (the first large product runs on one thread while they start) on a memory for the largest product,
// so no later product waits for a new memory's helpers, and check the results agree
threads.registerProductThreads({ DL4NLP_THREADS: String(availableParallelism()) });
d.matmul(...operands[Math.max(...sizes)]);
for (let i = 0; i < 100 && threads.productThreadStats().ready === 0; i++) await new Promise((r) => setTimeout(r, 50));
const helpers = threads.productThreadStats().ready;
const oneThreadLoop = [];
const agree = [];
const per = {};
const keep = (k, v) => {
  per[k] ??= [];
  per[k].push(v);
};
const python = [join(root, ".venv", "bin", "python"), "python3"].find(
  (p) => spawnSync(p, ["-c", "import numpy"], { encoding: "utf8" }).status === 0,
);
for (let round = 1; round <= rounds; round++) {
  console.log(`round ${round} of ${rounds}`);
  for (const [name, measure] of Object.entries(ceilings)) if (measure) keep(`ceiling ${name}`, measure());
  for (const n of sizes)
    for (const [name, exports] of Object.entries(kernels)) keep(`kernel ${name} ${n}`, measureKernel(exports, n));
  for (const n of sizes) {
    const one = measureProduct(n, false);
    const all = measureProduct(n, true);
    keep(`one ${n}`, one);
    keep(`all ${n}`, all);
    if (round === 1) agree.push(one.result.data.reduce((m, v, i) => Math.max(m, Math.abs(v - all.result.data[i])), 0));
  }
  for (const i of stepShapes.keys()) {
    keep(`step one ${i}`, measureStep(i, false));
    keep(`step all ${i}`, measureStep(i, true));
  }
  for (const name of updateOptimizers) {
    keep(`update ${name} kernels`, measureUpdate(name, undefined));
    keep(`update ${name} js`, measureUpdate(name, null));
  }
  if (round === 1) oneThreadLoop.push(typedLoop());
  if (python) {
    for (const [name, env] of [
      ["numpy 1", { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }],
      ["numpy all", {}],
    ]) {
      const r = spawnSync(python, [join(here, "lib", "numpy_matmul.py"), ...sizes.map(String)], {
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
      if (r.status !== 0) continue;
      const out = JSON.parse(r.stdout.trim().split("\n").pop());
      for (const n of sizes)
        keep(`${name} ${n}`, { wall: (2 * n ** 3) / out[n].wall / 1e9, cpu: (2 * n ** 3) / out[n].cpu / 1e9 });
    }
  }
}
const loopAfter = typedLoop();
const med = (k, f) => (per[k] ? median(per[k].map((x) => x[f])) : undefined);

const rows = [];
for (const n of sizes) {
  const r = {
    case: `matmul ${n}, wall`,
    unit: "GFLOP/s",
    "dl4nlp threads": med(`all ${n}`, "wall"),
    "dl4nlp 1 thread": med(`one ${n}`, "wall"),
    "numpy all": med(`numpy all ${n}`, "wall"),
    "numpy 1": med(`numpy 1 ${n}`, "wall"),
  };
  r["×1 thread"] = r["dl4nlp threads"] / r["dl4nlp 1 thread"];
  if (r["numpy all"]) r["×numpy all"] = r["dl4nlp threads"] / r["numpy all"];
  rows.push(r);
}
for (const n of sizes) {
  const r = {
    case: `matmul ${n}, one thread, CPU`,
    unit: "GFLOP/s",
    "dl4nlp 1 thread": med(`one ${n}`, "cpu"),
    "numpy 1": med(`numpy 1 ${n}`, "cpu"),
  };
  if (r["numpy 1"]) r["×numpy 1"] = r["dl4nlp 1 thread"] / r["numpy 1"];
  r.kernel = fused ? "fma" : "mul+add";
  r["f64x2 ceiling"] = med(`ceiling ${r.kernel}`, "cpu");
  r["share of ceiling"] = r["dl4nlp 1 thread"] / r["f64x2 ceiling"];
  rows.push(r);
}
for (const n of sizes) {
  // the packed kernel without copies, each variant beside its own ceiling
  const r = { case: `packed kernel alone ${n}, one thread, CPU`, unit: "GFLOP/s" };
  for (const name of Object.keys(kernels)) {
    r[name] = med(`kernel ${name} ${n}`, "cpu");
    r[`${name} ceiling`] = med(`ceiling ${name}`, "cpu");
    r[`${name} share`] = r[name] / r[`${name} ceiling`];
  }
  if (r.fma) r["fma ×mul+add"] = r.fma / r["mul+add"];
  rows.push(r);
}
for (const [i, [name]] of stepShapes.entries()) {
  const r = {
    case: `${name}, µs per product`,
    unit: "µs",
    "1 thread wall": med(`step one ${i}`, "wall"),
    "threads wall": med(`step all ${i}`, "wall"),
    "threads, busiest thread CPU": med(`step all ${i}`, "busiest"),
  };
  r["×1 thread, wall"] = r["1 thread wall"] / r["threads wall"];
  if (r["threads, busiest thread CPU"]) r["×1 thread, busiest thread"] = r["1 thread wall"] / r["threads, busiest thread CPU"];
  rows.push(r);
}
for (const name of updateOptimizers) {
  const r = {
    case: `optimizer step 784-128-10 (101,770 values), ${name}`,
    unit: "µs CPU",
    "update kernels": med(`update ${name} kernels`, "cpu"),
    "JavaScript loops": med(`update ${name} js`, "cpu"),
  };
  r["×JavaScript"] = r["JavaScript loops"] / r["update kernels"];
  rows.push(r);
}
rows.push({
  case: "JS typed-array loop",
  unit: "ns/elem",
  "before dl4nlp": loopBefore,
  "after 1-thread products": oneThreadLoop[0],
  "after threaded products": loopAfter,
  "×before": loopBefore / loopAfter,
});
for (const r of rows) console.log(`BENCH_ROW ${JSON.stringify(r)}`);
console.log(`helper threads ready: ${helpers}; threaded vs one-thread results, largest difference: ${agree.join(", ")}`);
console.log(`load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);

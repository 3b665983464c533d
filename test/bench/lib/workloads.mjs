// The workloads of the library benchmark, defined so every candidate (dl4nlp, tfjs on CPU and on WebAssembly, numpy)
// computes exactly the same thing from the same numbers. Values come from integer formulas (reproduced verbatim in
// numpy_peer.py) or from a JSON file of starting weights written once by lib.bench.mjs.

/** Matrix sizes: 4 is timed in ns per call, the others in GFLOP/s (2·n³ flops per product). */
export const MATMUL_SIZES = [4, 64, 256, 1024];

/** Entry (i, j) of the left / right benchmark matrix of size n: deterministic values in [−0.5, 0.5). */
export function matA(i, j) {
  return ((i * 31 + j * 17) % 97) / 97 - 0.5;
}
export function matB(i, j) {
  return ((i * 13 + j * 7) % 89) / 89 - 0.5;
}

/** The synthetic "MNIST-like" set: 60,000 samples of 784 values in [0, 1), labels 0..9. */
export const MNIST = { n: 60000, d: 784, hidden: 128, k: 10, batch: 64, lr: 0.1 };
export function mnistX(i, j) {
  return ((i * 7919 + j * 104729) % 1000) / 1000;
}
export function mnistY(i) {
  return (i * 7 + (i >> 4)) % 10;
}

/** Iris: 4-16-3, ReLU then softmax cross-entropy (mean over the batch), plain SGD, full batch. */
export const IRIS = { hidden: 16, epochs: 2000, lr: 0.1 };

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** CPU seconds used by this process so far (user + system): robust when other processes share the cores. */
export function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Wall-clock seconds. */
export function wallSeconds() {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Runs f `runs` times after `warmup` untimed runs; returns median CPU and wall seconds per run. */
export function timeRuns(f, { runs = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) f();
  const cpu = [];
  const wall = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const c0 = cpuSeconds();
    const w0 = wallSeconds();
    last = f();
    wall.push(wallSeconds() - w0);
    cpu.push(cpuSeconds() - c0);
  }
  return { cpu: median(cpu), wall: median(wall), result: last };
}

/** How many calls of f fill about `seconds`, measured once. */
export function callsFor(f, seconds) {
  let n = 1;
  for (;;) {
    const t0 = cpuSeconds();
    for (let i = 0; i < n; i++) f();
    const dt = cpuSeconds() - t0;
    if (dt >= seconds / 4 || n >= 1 << 26) return Math.max(1, Math.ceil((n * seconds) / Math.max(dt, 1e-6)));
    n *= 4;
  }
}

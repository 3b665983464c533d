// The tfjs candidate of the library benchmark: node tfjs-peer.mjs <cpu|wasm> <inputs.json> <runs>
// Prints one JSON line {backend, matmul, iris, mnist}. Run each backend in its own process (see lib.bench.mjs).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { IRIS, MATMUL_SIZES, MNIST, callsFor, matA, matB, mnistX, mnistY, timeRuns } from "./workloads.mjs";

const require = createRequire(import.meta.url);
const [backend, inputsFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));

// tfjs prints a hint about tfjs-node on load; keep stdout for the result line
const log = console.log;
console.log = (...a) => console.error(...a);
const tf = require("@tensorflow/tfjs");
if (backend === "wasm") {
  const wasm = require("@tensorflow/tfjs-backend-wasm");
  const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  wasm.setWasmPaths(`${dist}/`);
}
await tf.setBackend(backend);
await tf.ready();
if (tf.getBackend() !== backend) throw new Error(`tfjs backend is ${tf.getBackend()}, wanted ${backend}`);

function fill(n, f) {
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = f(i, j);
  return tf.tensor2d(a, [n, n]);
}

const matmul = [];
for (const n of MATMUL_SIZES) {
  const A = fill(n, matA);
  const B = fill(n, matB);
  const once = () => tf.matMul(A, B).dispose();
  const calls = callsFor(once, n >= 1024 ? 0.5 : 0.25);
  const t = timeRuns(
    () => {
      for (let i = 0; i < calls; i++) once();
    },
    { runs: n >= 1024 ? Math.max(3, runs - 2) : runs },
  );
  const C = tf.matMul(A, B);
  const checksum = C.sum().dataSync()[0];
  tf.dispose([A, B, C]);
  matmul.push({ size: n, seconds: t.cpu / calls, wall: t.wall / calls, checksum });
}

function train(X, Y, init, { epochs, batch, lr, rows }) {
  const v = {
    W1: tf.variable(tf.tensor2d(init.W1)),
    b1: tf.variable(tf.tensor1d(init.b1)),
    W2: tf.variable(tf.tensor2d(init.W2)),
    b2: tf.variable(tf.tensor1d(init.b2)),
  };
  const opt = tf.train.sgd(lr);
  const n = rows;
  const batches = [];
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    batches.push(m === n ? [X, Y] : [X.slice([s, 0], [m, -1]), Y.slice([s, 0], [m, -1])]);
  }
  const lossOf = (xb, yb) => {
    const h = tf.relu(tf.add(tf.matMul(xb, v.W1), v.b1));
    const logits = tf.add(tf.matMul(h, v.W2), v.b2);
    return tf.losses.softmaxCrossEntropy(yb, logits);
  };
  for (let e = 0; e < epochs; e++) {
    for (let b = 0; b < batches.length; b++) {
      const [xb, yb] = batches[b];
      opt.minimize(() => lossOf(xb, yb), false, [v.W1, v.b1, v.W2, v.b2]);
    }
  }
  tf.dispose(batches.flat().filter((t) => t !== X && t !== Y));
  opt.dispose();
  return { v, lossOf };
}

/** Mean loss over the whole set with the trained weights (untimed), then frees the weights. */
function finalLoss({ v, lossOf }, X, Y) {
  const value = tf.tidy(() => lossOf(X, Y).dataSync()[0]);
  tf.dispose([v.W1, v.b1, v.W2, v.b2]);
  return value;
}

// Iris
const iris = (() => {
  const X = tf.tensor2d(inputs.iris.X);
  const Y = tf.oneHot(tf.tensor1d(inputs.iris.y, "int32"), 3).toFloat();
  const opts = { epochs: IRIS.epochs, batch: X.shape[0], lr: IRIS.lr, rows: X.shape[0] };
  finalLoss(train(X, Y, inputs.iris.init, { ...opts, epochs: 200 }), X, Y);
  const results = [];
  const t = timeRuns(() => results.push(train(X, Y, inputs.iris.init, opts)), { runs, warmup: 0 });
  for (const r of results.slice(0, -1)) tf.dispose(Object.values(r.v));
  const losses = [finalLoss(results[results.length - 1], X, Y)];
  tf.dispose([X, Y]);
  return { seconds: t.cpu, wall: t.wall, finalLoss: losses[losses.length - 1] };
})();

// MNIST-like
const mnist = (() => {
  const { n, d } = MNIST;
  const xs = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xs[i * d + j] = mnistX(i, j);
  const X = tf.tensor2d(xs, [n, d]);
  const Y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => mnistY(i)),
        "int32",
      ),
      MNIST.k,
    )
    .toFloat();
  const opts = { epochs: 1, batch: MNIST.batch, lr: MNIST.lr, rows: n };
  tf.dispose(Object.values(train(X, Y, inputs.mnist.init, { ...opts, rows: MNIST.batch * 40 }).v));
  const results = [];
  const t = timeRuns(() => results.push(train(X, Y, inputs.mnist.init, opts)), { runs, warmup: 0 });
  for (const r of results.slice(0, -1)) tf.dispose(Object.values(r.v));
  const losses = [finalLoss(results[results.length - 1], X, Y)];
  tf.dispose([X, Y]);
  return { seconds: t.cpu, wall: t.wall, finalLoss: losses[losses.length - 1] };
})();

log(JSON.stringify({ backend: `tfjs-${backend}`, matmul, iris, mnist }));

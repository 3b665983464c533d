// The dl4nlp candidate of the library benchmark: the library's own mlp, fit and sgd, as a notebook would use them.
import { createRequire } from "node:module";
import { IRIS, MATMUL_SIZES, MNIST, callsFor, matA, matB, mnistX, mnistY, timeRuns } from "./workloads.mjs";

const require = createRequire(import.meta.url);
const d = require("../../../lib/dist/index.js");
const wasm = require("../../../lib/dist/tensor/kernels/gemm-wasm.js");
const threads = require("../../../lib/dist/tensor/kernels/gemm-threads.js");

/** Whether dl4nlp's products run on its WebAssembly SIMD kernels in this process. */
export const wasmKernelAvailable = () => d.wasmKernelAvailable();

function fill(n, f) {
  const t = new d.Tensor([n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t.data[i * n + j] = f(i, j);
  return t;
}

/** matmul rows: {size, nsPerCall | gflops, checksum}. */
export function benchMatmul(runs) {
  const out = [];
  for (const n of MATMUL_SIZES) {
    const A = fill(n, matA);
    const B = fill(n, matB);
    const once = () => d.matmul(A, B);
    const calls = callsFor(once, n >= 1024 ? 0.5 : 0.25);
    const t = timeRuns(
      () => {
        let r;
        for (let i = 0; i < calls; i++) r = once();
        return r;
      },
      { runs: n >= 1024 ? Math.max(3, runs - 2) : runs },
    );
    const checksum = d.sum(t.result);
    out.push({ size: n, seconds: t.cpu / calls, wall: t.wall / calls, checksum });
  }
  return out;
}

/** A network with the given starting weights (in×out W, 1×out b). */
function network(sizes, weights) {
  const net = d.mlp(sizes, { activations: ["relu", "identity"], init: "zeros" });
  net.setWeights(0, d.Tensor.from(weights.W1), d.Tensor.from(weights.b1));
  net.setWeights(1, d.Tensor.from(weights.W2), d.Tensor.from(weights.b2));
  return net;
}

/** 2,000 full-batch SGD epochs on Iris: median CPU seconds and the last epoch's loss. */
export function benchIris(inputs, runs) {
  const X = d.Tensor.from(inputs.iris.X);
  const y = inputs.iris.y;
  const train = (epochs) => {
    const net = network([4, IRIS.hidden, 3], inputs.iris.init);
    d.fit(
      net,
      { x: X, y },
      {
        epochs,
        batchSize: X.rows,
        optimizer: d.sgd({ lr: IRIS.lr }),
        loss: d.softmaxCrossEntropy(),
        metrics: [],
      },
    );
    return net;
  };
  train(200); // warm-up
  const t = timeRuns(() => train(IRIS.epochs), { runs, warmup: 0 });
  return { seconds: t.cpu, wall: t.wall, finalLoss: finalLoss(t.result, X, y) };
}

/**
 * One epoch of 784-128-10, mini-batch 64, in order, over the 60,000 synthetic samples; with oneThread, every product
 * on this thread (as DL4NLP_THREADS=1 does), else large ones split over the helper threads.
 */
export function benchMnist(inputs, runs, oneThread = false) {
  if (!oneThread) return epochs(inputs, runs);
  wasm.setProductThreads(null);
  try {
    return epochs(inputs, runs);
  } finally {
    threads.registerProductThreads();
  }
}

function epochs(inputs, runs) {
  const { n, d: dim } = MNIST;
  const X = new d.Tensor([n, dim]);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) X.data[i * dim + j] = mnistX(i, j);
  const y = Array.from({ length: n }, (_, i) => mnistY(i));
  const train = (rows) => {
    const net = network([dim, MNIST.hidden, MNIST.k], inputs.mnist.init);
    const x = rows === n ? X : new d.Tensor([rows, dim], X.data.subarray(0, rows * dim));
    d.fit(
      net,
      { x, y: y.slice(0, rows) },
      {
        epochs: 1,
        batchSize: MNIST.batch,
        shuffle: false,
        optimizer: d.sgd({ lr: MNIST.lr }),
        loss: d.softmaxCrossEntropy(),
        metrics: [],
      },
    );
    return net;
  };
  train(MNIST.batch * 40); // warm-up
  const t = timeRuns(() => train(n), { runs, warmup: 0 });
  return { seconds: t.cpu, wall: t.wall, finalLoss: finalLoss(t.result, X, y) };
}

/** Mean softmax cross-entropy over the whole set with the trained weights (untimed): the candidates must agree. */
function finalLoss(net, X, y) {
  return d.evaluate(net, { x: X, y }, { loss: d.softmaxCrossEntropy() }).loss;
}

/** Starting weights, from the library's seeded Xavier initialiser, shared with every candidate. */
export function makeInputs() {
  const init = (sizes, seed) => {
    const net = d.mlp(sizes, { activations: ["relu", "identity"], init: "xavier", rng: new d.Rng(seed) });
    const [l1, l2] = net.layers;
    return { W1: l1.W.value.to2D(), b1: l1.b.value.to2D()[0], W2: l2.W.value.to2D(), b2: l2.b.value.to2D()[0] };
  };
  const iris = d.iris();
  return {
    iris: { X: iris.X.to2D(), y: iris.y, init: init([4, IRIS.hidden, 3], 42) },
    mnist: { init: init([MNIST.d, MNIST.hidden, MNIST.k], 43) },
  };
}

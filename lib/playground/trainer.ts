import { input } from "../autograd/var";
import { binaryCrossEntropy, softmaxCrossEntropy } from "../losses/cross-entropy";
import type { Loss } from "../losses/loss";
import { lossOp } from "../losses/loss-op";
import { mse } from "../losses/regression";
import { type MLP, mlp } from "../nn/mlp";
import { adam } from "../optim/adam";
import { momentum } from "../optim/momentum";
import type { Optimizer } from "../optim/optimizer";
import { sgd } from "../optim/sgd";
import { Rng } from "../tensor/rng";
import { Tensor } from "../tensor/tensor";
import { evaluate } from "../train/evaluate";
import { type PreparedData, prepareData } from "../train/targets";
import { makeData, type PlaygroundData } from "./data";
import { layerSizes, OUTPUTS, type PlaygroundSettings } from "./settings";

/** The loss of the settings' output. */
export function lossOf(s: PlaygroundSettings): Loss {
  const name = OUTPUTS[s.output].loss;
  return name === "mse" ? mse : name === "binaryCrossEntropy" ? binaryCrossEntropy : softmaxCrossEntropy;
}

/** The optimizer of the settings (L2 λ as weight decay). */
export function optimizerOf(s: PlaygroundSettings): Optimizer {
  const o = { lr: s.lr, weightDecay: s.l2 };
  return s.optimizer === "adam" ? adam(o) : s.optimizer === "momentum" ? momentum(o) : sgd(o);
}

/** The targets the loss compares with: the class labels, or ±1 for a tanh output with MSE. */
export function targetsOf(s: PlaygroundSettings, labels: readonly number[]): number[] {
  return s.output === "tanh-mse" ? labels.map((v) => 2 * v - 1) : [...labels];
}

/** The network of the settings: seeded Xavier weights from `rng`, or the given weights. */
export function modelOf(s: PlaygroundSettings, rng: Rng): MLP {
  const sizes = layerSizes(s);
  const activations = [...s.hidden.map(() => s.activation), OUTPUTS[s.output].activation];
  const net = mlp(sizes, { activations: activations, init: "xavier", rng: rng });
  s.weights?.forEach((layer, k) => {
    net.setWeights(k, layer.W, layer.b);
  });
  return net;
}

/**
 * A panel's training: the same data, network, optimizer, loss and seeded shuffling as `fit` with the same settings
 * ("copy as code" writes that call), but one mini-batch at a time, so the panel can draw between steps. Per epoch:
 * shuffle the order with rng.shuffleInPlace as fit does (not for a full batch), then batches of batchSize in that order,
 * forward → loss → backward → optimizer.step. After N whole epochs the weights are fit's after `epochs: N` (a test
 * checks to 1e-12).
 */
export class Trainer {
  readonly rng: Rng;
  readonly data: PlaygroundData;
  readonly net: MLP;
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  private readonly train: PreparedData;
  private readonly test: PreparedData | null;
  private readonly order: Int32Array;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  /** Whole epochs done. */
  epoch = 0;
  /** Mini-batches done in the current epoch. */
  batch = 0;
  /** Optimizer steps done in total. */
  steps = 0;
  /** fit's running loss of each finished epoch (the mean of the batch losses, weighted by batch size). */
  readonly epochLosses: number[] = [];
  /** Set when a loss or output became NaN or infinite: training stops there. */
  diverged: string | null = null;
  private lossSum = 0;

  constructor(readonly settings: PlaygroundSettings) {
    this.rng = new Rng(settings.seed);
    this.data = makeData(settings, this.rng);
    this.net = modelOf(settings, this.rng);
    this.optimizer = optimizerOf(settings);
    this.loss = lossOf(settings);
    const outputs = layerSizes(settings).at(-1)!;
    this.train = prepareData("playground", { x: this.data.xTrain, y: targetsOf(settings, this.data.yTrain) }, outputs);
    this.test =
      this.data.xTest && this.data.yTest
        ? prepareData("playground", { x: this.data.xTest, y: targetsOf(settings, this.data.yTest) }, outputs)
        : null;
    const n = this.train.x.rows;
    this.order = Int32Array.from({ length: n }, (_, i) => i);
    this.batchSize = Math.min(settings.batchSize, n);
    this.shuffle = this.batchSize < n;
  }

  /** Mini-batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.train.x.rows / this.batchSize);
  }

  /** One optimizer step on the next mini-batch; false (and nothing done) once training diverged. */
  step(): boolean {
    if (this.diverged) return false;
    const n = this.train.x.rows;
    const d = this.train.x.cols;
    const k = this.train.targets.cols;
    if (this.batch === 0 && this.shuffle) this.rng.shuffleInPlace(this.order);
    const start = this.batch * this.batchSize;
    const m = Math.min(this.batchSize, n - start);
    let x = this.train.x;
    let y = this.train.targets;
    if (this.shuffle) {
      x = new Tensor([m, d]);
      y = new Tensor([m, k]);
      for (let r = 0; r < m; r++) {
        const i = this.order[start + r];
        x.data.set(this.train.x.data.subarray(i * d, i * d + d), r * d);
        y.data.set(this.train.targets.data.subarray(i * k, i * k + k), r * k);
      }
    }
    const where = `in epoch ${this.epoch + 1}, batch ${this.batch + 1}`;
    try {
      const pred = this.net.forward(input(x));
      const L = lossOp(pred, y, this.loss);
      const lv = L.value.data[0];
      if (!Number.isFinite(lv) || pred.value.data.some((v) => !Number.isFinite(v))) {
        this.diverged = `the loss became ${lv} ${where}: the learning rate is too large`;
        return false;
      }
      this.lossSum += lv * m;
      L.backward();
      this.optimizer.step(this.net.parameters());
    } catch (e) {
      // the library refuses a non-finite gradient or weight before changing anything: training stops there
      this.diverged = `${(e as Error).message} (${where}): the learning rate is probably too large`;
      return false;
    }
    this.steps++;
    if (++this.batch === this.batchesPerEpoch) {
      this.epochLosses.push(this.lossSum / n);
      this.lossSum = 0;
      this.batch = 0;
      this.epoch++;
    }
    return true;
  }

  /** Steps until the current epoch is complete (a whole epoch when at its start). */
  runEpoch(): void {
    do {
      if (!this.step()) return;
    } while (this.batch !== 0);
  }

  /** The loss over the whole training set at the current weights (as `evaluate`). */
  trainLoss(): number {
    return evaluate(this.net, { x: this.train.x, y: this.train.targets }, { loss: this.loss }).loss!;
  }

  /** The loss over the test set at the current weights, or null without a test set. */
  testLoss(): number | null {
    return this.test ? evaluate(this.net, { x: this.test.x, y: this.test.targets }, { loss: this.loss }).loss! : null;
  }
}

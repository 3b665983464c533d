import { input } from "../autograd/var";
import { lossOp } from "../losses/loss-op";
import type { Loss } from "../losses/loss";
import type { Model } from "../nn/model";
import type { Optimizer } from "../optim/optimizer";
import type { Schedule } from "../optim/schedules";
import type { Rng } from "../tensor/rng";
import { firstNonFiniteIn } from "../tensor/kernels/finite";
import { StepBuffers } from "../tensor/kernels/scratch";
import { Tensor, formatShape } from "../tensor/tensor";
import { evaluatePrepared } from "./evaluate";
import { optimizerKeepsNoGradient, stepArraysReusable } from "./reuse";
import { type EpochEntry, type History, emptyHistory } from "./history";
import { type ThresholdOptions, type TrainingData, countCorrect, outputWidth, prepareData } from "./targets";
import { expectOptions, received } from "../tensor/received";
import { expectModel, expectReached, expectTrainable } from "../nn/model";

/** Stop when the monitored loss has not improved by more than minDelta for `patience` epochs. */
export interface EarlyStopping {
  /** Epochs without improvement before stopping (>= 1). */
  patience: number;
  /** The smallest decrease that counts as an improvement. Default 0. */
  minDelta?: number;
  /**
   * At the end (stopped early or not), put back the weights of the end of the best epoch. Default true.
   * With monitor "loss" the best epoch is judged by its running training loss (measured during the epoch's updates).
   */
  restoreBest?: boolean;
  /** "valLoss" (default when there is validation data) or "loss". */
  monitor?: "loss" | "valLoss";
}

/** Options of fit. */
export interface FitOptions extends ThresholdOptions {
  /** Number of passes over the data (integer >= 1). */
  epochs: number;
  /** Samples per update: 1 = stochastic, n (or more) = full batch, else mini-batch. Default 32. */
  batchSize?: number;
  optimizer: Optimizer;
  loss: Loss;
  /** Seeded generator for shuffling the samples every epoch; required unless full batch or shuffle is false. */
  rng?: Rng;
  /** Shuffle the samples before each epoch (default true; irrelevant for full batch). */
  shuffle?: boolean;
  /** ["accuracy"] (the default when y holds classes: labels, one-hot rows, a 0/1 or ±1 column) or []. */
  metrics?: "accuracy"[];
  /** Data measured after every epoch (valLoss, valAccuracy). */
  validation?: TrainingData;
  /** Learning rate per epoch: sets optimizer.lr = schedule(t) before epoch t + 1. */
  schedule?: Schedule;
  /** Called after every epoch with its figures (live plots). Return false to stop training. */
  onEpoch?: (entry: EpochEntry, history: History) => unknown;
  earlyStopping?: EarlyStopping;
}

/** The keys of FitOptions, for the check of a user's options (a misspelt key is an error). */
const FIT_OPTIONS = [
  "epochs",
  "batchSize",
  "optimizer",
  "loss",
  "rng",
  "shuffle",
  "metrics",
  "validation",
  "schedule",
  "onEpoch",
  "earlyStopping",
  "threshold",
  "negative",
] as const satisfies readonly (keyof FitOptions)[];

/**
 * Thrown when the loss becomes NaN or ±Infinity, or the model output NaN or +Infinity, after at least one update:
 * training diverged. (An output of −Infinity is a masked logit, which softmax cross-entropy takes.)
 * Names the epoch and the batch. (Bad data, bad starting weights and a saturated first loss are RangeErrors that
 * say so, thrown before or at the first batch.)
 */
export class TrainingDivergedError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly value: number,
    message: string,
  ) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

/**
 * The message for a non-finite output or loss on the very first batch: no update has happened, so nothing diverged;
 * the data were checked finite, so the starting weights saturate the model (or the loss).
 */
function beforeAnyUpdate(what: string, value: number): string {
  return (
    `${what} is ${value} on the first batch, before any update (the data and weights are finite): the starting ` +
    "weights saturate the model, e.g. a sigmoid or softmax output of exactly 0 or 1 under a cross-entropy, or an " +
    "exp that overflows; start from smaller weights or scale the inputs (standardize)"
  );
}

/** The index of the first NaN or +Infinity in `values`, or -1 (−Infinity allowed: a masked logit). */
function firstNaNOrPlusInfinity(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v) || v === Number.POSITIVE_INFINITY) return i;
  }
  return -1;
}

function checkInteger(name: string, v: number | undefined, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min)
    throw new RangeError(`fit: ${name} must be an integer >= ${min}, got ${received(v)}`);
  return v;
}

/**
 * Trains a model by mini-batch gradient descent: for each epoch, shuffle (seeded), then per batch
 * forward → loss → backward → optimizer.step. Returns the History of per-epoch loss and accuracy.
 *
 * Labels y as number[] become one-hot targets (several outputs) or a column (one output). Shuffled batches are
 * gathered into buffers allocated once, unshuffled ones are views of the data's rows, so an epoch allocates nothing
 * per sample outside the model's own ops. A model must not change its input's values in place, and a model that keeps
 * its input (to plot the last batch, say) must copy it (`x.value.clone()`): the next shuffled batch fills the same
 * buffer. Before each step's backward every parameter's `grad` is cleared, so a parameter the step's graph does not
 * reach is not moved (by the gradient of an earlier step or an earlier backward).
 * @example
 * const h = fit(net, { x: xTrain, y: yTrain }, { epochs: 200, batchSize: 16, optimizer: adam({ lr: 0.01 }),
 *   loss: softmaxCrossEntropy(), rng: new Rng(0), validation: { x: xTest, y: yTest } });
 */
export function fit(model: Model, data: TrainingData, options: FitOptions): History {
  expectOptions("fit", options, FIT_OPTIONS, "call it as fit(model, { x, y }, { epochs, optimizer, loss })");
  const epochs = checkInteger("epochs", options.epochs, 1);
  const batchSizeOpt = checkInteger("batchSize", options.batchSize ?? 32, 1);
  const { optimizer, loss } = options;
  if (!optimizer || typeof optimizer.step !== "function")
    throw new TypeError(`fit: options.optimizer must be an Optimizer (sgd(...), adam(...)), got ${received(optimizer)}`);
  if (!loss || typeof loss.value !== "function")
    throw new TypeError(`fit: options.loss must be a Loss (mse(), softmaxCrossEntropy(), ...), got ${received(loss)}`);
  const params = expectModel("fit", model).parameters();
  if (params.length === 0) throw new RangeError("fit: the model has no parameters to train");
  expectTrainable("fit", params);
  for (const p of params) {
    const i = firstNonFiniteIn(p.value.data);
    if (i >= 0) {
      throw new RangeError(
        `fit: parameter ${p.label || "(unlabelled)"} (${formatShape(p.value.shape)}) starts at ${p.value.data[i]} at flat index ${i}`,
      );
    }
  }

  const outputs = outputWidth(model, data, "fit");
  const train = prepareData("fit", data, outputs);
  const val = options.validation ? prepareData("fit (validation)", options.validation, outputs) : null;
  const n = train.x.rows;
  const d = train.x.cols;
  const k = train.targets.cols;
  const batchSize = Math.min(batchSizeOpt, n);
  const fullBatch = batchSize === n;
  const shuffle = !fullBatch && options.shuffle !== false;
  if (shuffle && !options.rng) throw new RangeError("fit: pass rng (a seeded Rng) to shuffle the samples, or shuffle: false");
  // softmax cross-entropy takes a logit of −Infinity (a masked class); other losses' outputs must be finite
  const masksLogits = loss.name === "softmaxCrossEntropy";
  const useAccuracy =
    (options.metrics ?? (train.classification ? ["accuracy"] : [])).includes("accuracy") && train.labels !== null;
  const threshold: ThresholdOptions = {
    threshold: options.threshold,
    negative: options.negative ?? (train.labels?.includes(-1) ? -1 : 0),
  };

  const es = options.earlyStopping;
  const monitor = es ? (es.monitor ?? (val ? "valLoss" : "loss")) : null;
  if (es) {
    checkInteger("earlyStopping.patience", es.patience, 1);
    if (monitor === "valLoss" && !val)
      throw new RangeError("fit: earlyStopping monitors valLoss but no validation data was given");
    if (es.minDelta !== undefined && (typeof es.minDelta !== "number" || !(es.minDelta >= 0)))
      throw new RangeError(`fit: earlyStopping.minDelta must be a number >= 0, got ${received(es.minDelta)}`);
  }
  let best = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  const bestWeights = es && es.restoreBest !== false ? params.map((p) => new Float64Array(p.value.size)) : null;

  // index and batch buffers, allocated once
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const nb = Math.ceil(n / batchSize);
  const rest = n - (nb - 1) * batchSize;
  const buffers = (rows: number) => ({ x: new Tensor([rows, d]), y: new Tensor([rows, k]) });
  const full = fullBatch ? { x: train.x, y: train.targets } : buffers(batchSize);
  const last = fullBatch || rest === batchSize ? full : buffers(rest);
  // without shuffling, batch b is rows b·batchSize… of the data as they are: views of them, nothing copied
  const rowsOf = (t: Tensor, from: number, rows: number, cols: number) =>
    new Tensor(Object.freeze([rows, cols]), t.data.subarray(from * cols, (from + rows) * cols));

  // the arrays of a step's forward, loss and backward, reused by the next step when neither the model nor the loss
  // can keep any of them (checked every epoch: an onEpoch callback may change the model's layers)
  const step = new StepBuffers();
  let reuse = false;
  let reuseGradients = false;
  let userCodeBetweenEpochs = true;

  const history = emptyHistory();
  for (let e = 0; e < epochs; e++) {
    const epoch = e + 1;
    // asked again only after user code may have changed the model, the loss or the optimizer (an onEpoch callback, a
    // schedule, a user's optimizer; a model or loss of the user's is not reused anyway): full-batch Iris asks once
    if (e === 0 || userCodeBetweenEpochs) {
      reuse = stepArraysReusable(model, loss);
      // weights' gradients in the arrays of the step before, but for the epoch's last step: the gradients onEpoch
      // sees (and may keep) are arrays of their own
      reuseGradients = reuse && optimizerKeepsNoGradient(optimizer);
      userCodeBetweenEpochs = !reuseGradients || options.onEpoch !== undefined || options.schedule !== undefined;
    }
    if (options.schedule) optimizer.lr = options.schedule(e);
    if (shuffle) options.rng!.shuffleInPlace(order);
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < nb; b++) {
      const start = b * batchSize;
      let batch = b === nb - 1 ? last : full;
      const m = batch.x.rows;
      if (!fullBatch && !shuffle) batch = { x: rowsOf(train.x, start, m, d), y: rowsOf(train.targets, start, m, k) };
      else if (!fullBatch) {
        for (let r = 0; r < m; r++) {
          const i = order[start + r];
          batch.x.data.set(train.x.data.subarray(i * d, i * d + d), r * d);
          batch.y.data.set(train.targets.data.subarray(i * k, i * k + k), r * k);
        }
      }
      // forward, loss and backward on the arrays of the step before (scratch.ts) when nothing keeps them
      if (reuse) step.begin(reuseGradients && b < nb - 1);
      try {
        const pred = model.forward(input(batch.x));
        // for the messages only (not built on every step)
        const where = () => `epoch ${epoch}, batch ${b + 1} of ${nb} (samples ${start + 1}-${start + m} of the epoch's order)`;
        const pd = pred.value.data;
        // branch-free scan, searched again only on failure; under softmax cross-entropy −Infinity is a masked logit (a
        // class ruled out, as attention masks do): the loss below says when a row has nothing left
        const nonFinite = firstNonFiniteIn(pd);
        const bad = nonFinite >= 0 && masksLogits ? firstNaNOrPlusInfinity(pd) : nonFinite;
        if (bad >= 0) {
          if (e === 0 && b === 0) throw new RangeError(`fit: ${beforeAnyUpdate("the model output", pd[bad])}`);
          throw new TrainingDivergedError(
            epoch,
            b + 1,
            pd[bad],
            `fit: the model output is ${pd[bad]} at ${where()}; training diverged, try a smaller learning rate`,
          );
        }
        const L = lossOp(pred, batch.y, loss);
        const lv = L.value.data[0];
        if (!Number.isFinite(lv)) {
          const masked = masksLogits ? pd.indexOf(Number.NEGATIVE_INFINITY) : -1;
          if (masked >= 0) {
            const [row, col] = [Math.floor(masked / pred.value.cols), masked % pred.value.cols];
            const message =
              `fit: the loss is ${lv} at ${where()}, where the model output is -Infinity (row ${row + 1}, column ` +
              `${col + 1} of the batch): a masked logit must never be its row's target class, and every row needs a ` +
              "class left unmasked";
            if (e === 0 && b === 0) throw new RangeError(message);
            throw new TrainingDivergedError(epoch, b + 1, lv, `${message}; or training diverged: try a smaller learning rate`);
          }
          if (e === 0 && b === 0) throw new RangeError(`fit: ${beforeAnyUpdate("the loss", lv)}`);
          throw new TrainingDivergedError(
            epoch,
            b + 1,
            lv,
            `fit: the loss is ${lv} at ${where()}; training diverged, try a smaller learning rate`,
          );
        }
        lossSum += lv * m;
        if (useAccuracy)
          correct += countCorrect(pred.value, train.labels!, fullBatch ? null : order.subarray(start, start + m), threshold);
        // a parameter this step's graph does not reach gets no update (not the gradient of an earlier backward)
        for (const p of params) p.grad = null;
        L.backward();
        if (e === 0 && b === 0) expectReached("fit", params);
      } finally {
        step.end();
      }
      optimizer.step(params); // with arrays of its own: an optimizer's state lives across steps
    }

    const entry: EpochEntry = { epoch, loss: lossSum / n, lr: optimizer.lr };
    if (useAccuracy) entry.accuracy = correct / n;
    if (val) {
      const r = evaluatePrepared(model, val, loss, threshold);
      entry.valLoss = r.loss;
      if (useAccuracy && r.accuracy !== undefined) entry.valAccuracy = r.accuracy;
    }
    history.epoch.push(epoch);
    history.loss.push(entry.loss);
    history.lr.push(entry.lr);
    if (entry.accuracy !== undefined) history.accuracy.push(entry.accuracy);
    if (entry.valLoss !== undefined) history.valLoss.push(entry.valLoss);
    if (entry.valAccuracy !== undefined) history.valAccuracy.push(entry.valAccuracy);

    let stop = false;
    if (es) {
      const value = monitor === "valLoss" ? entry.valLoss! : entry.loss;
      if (value < best - (es.minDelta ?? 0)) {
        best = value;
        sinceBest = 0;
        history.bestEpoch = epoch;
        if (bestWeights) for (let i = 0; i < params.length; i++) bestWeights[i].set(params[i].value.data);
      } else if (++sinceBest >= es.patience) {
        history.stopReason = "earlyStopping";
        stop = true;
      }
    }
    if (options.onEpoch?.(entry, history) === false) {
      history.stopReason = "callback";
      stop = true;
    }
    if (stop) break;
  }
  if (bestWeights && history.bestEpoch !== null) {
    for (let i = 0; i < params.length; i++) {
      params[i].value.data.set(bestWeights[i]);
      params[i].value.bumpVersion();
    }
  }
  return history;
}

import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import { Tensor } from "../tensor/tensor";
import { count } from "../tensor/plural";
import { expectNumbers, received, wrongKind } from "../tensor/received";

/** One step of perceptron training: one sample seen, with the loss and the weights before and after. */
export interface PerceptronStep {
  /** 1-based epoch. */
  epoch: number;
  /** Index of the sample in X (0-based, as x0..x3 on the slides). */
  index: number;
  /** The (augmented) sample, a vector. */
  x: Tensor;
  /** Its label, +1 or −1. */
  y: number;
  /** The score w·x. */
  score: number;
  /** The perceptron loss max(0, −y w·x). */
  loss: number;
  /** Weights before this step, a vector. */
  wBefore: Tensor;
  /** Weights after this step, a vector. */
  wAfter: Tensor;
  /** Whether w changed: y w·x <= 0. */
  updated: boolean;
}

/** The result of `trainPerceptron`. */
export interface PerceptronResult {
  /** Final weights, a vector. */
  w: Tensor;
  /** Epochs run, including the final epoch without any update when converged. */
  epochs: number;
  /** Number of weight updates in total. */
  updates: number;
  /** Whether an epoch passed without any update (the data is separated); false when maxEpochs was hit first. */
  converged: boolean;
  /** Every step, in order. */
  trace: PerceptronStep[];
}

/** Options of `trainPerceptron`. */
export interface PerceptronOptions {
  /** Initial weights (default zeros), same length as a row of X. */
  w0?: Tensor | readonly number[];
  /** Learning rate η > 0 (default 1). */
  lr?: number;
  /** Epoch cap (default 100): XOR never converges. */
  maxEpochs?: number;
}

/**
 * The perceptron exactly as on the slides: visit x_0..x_{n−1} in order; for each, the loss max(0, −y_i w·x_i),
 * and when y_i w·x_i <= 0 the update w ← w + η y_i x_i. Stops after an epoch without update (converged) or at maxEpochs.
 * X is augmented (a leading column of 1s carries the bias), y holds ±1.
 * @example
 * trainPerceptron([[1,1,3],[1,5,4],[1,6,3],[1,3,1]], [1,1,-1,-1], { w0: [0,-1,1], lr: 0.5 });
 * // { w: Tensor [0.5, -5, 9.5], epochs: 15, updates: 27, converged: true, trace: [...] }
 */
export function trainPerceptron(
  X: DataMatrix,
  labels: readonly number[] | Tensor,
  options: PerceptronOptions = {},
): PerceptronResult {
  const rows = toRows(X, "trainPerceptron");
  const y = labels instanceof Tensor ? Array.from(labels.data) : expectNumbers("trainPerceptron", "y", labels);
  const n = rows.length;
  if (n === 0) throw new RangeError("trainPerceptron: X has no samples");
  if (y.length !== n) throw new RangeError(`trainPerceptron: X has ${count(n, "sample")} but y has ${count(y.length, "label")}`);
  y.forEach((v, i) => {
    if (v !== 1 && v !== -1) throw new RangeError(`trainPerceptron: labels must be +1 or -1, y[${i}] = ${v}`);
  });
  const d = rows[0].length;
  const lr = options.lr ?? 1;
  const maxEpochs = options.maxEpochs ?? 100;
  if (typeof lr !== "number" || !(lr > 0) || !Number.isFinite(lr))
    throw new RangeError(`trainPerceptron: lr (η) must be a finite number > 0, got ${received(lr)}`);
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) {
    throw new RangeError(`trainPerceptron: maxEpochs must be an integer >= 1, got ${received(maxEpochs)}`);
  }
  const w = options.w0 ? Array.from(options.w0 instanceof Tensor ? options.w0.data : options.w0) : new Array<number>(d).fill(0);
  if (w.length !== d)
    throw new RangeError(`trainPerceptron: w0 has ${count(w.length, "weight")} but samples have ${count(d, "feature")}`);

  const trace: PerceptronStep[] = [];
  let updates = 0;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    let updatedThisEpoch = false;
    for (let i = 0; i < n; i++) {
      const x = rows[i];
      const score = dotArr(w, x);
      const margin = y[i] * score;
      const wBefore = [...w];
      const updated = margin <= 0;
      if (updated) {
        for (let j = 0; j < d; j++) w[j] += lr * y[i] * x[j];
        updates++;
        updatedThisEpoch = true;
      }
      trace.push({
        epoch,
        index: i,
        x: Tensor.from(x),
        y: y[i],
        score,
        loss: Math.max(0, -margin),
        wBefore: Tensor.from(wBefore),
        wAfter: Tensor.from([...w]),
        updated,
      });
    }
    if (!updatedThisEpoch) return { w: Tensor.from(w), epochs: epoch, updates, converged: true, trace };
  }
  return { w: Tensor.from(w), epochs: maxEpochs, updates, converged: false, trace };
}

/** sign(w·x) for every row of X (augmented): +1, −1, or 0 on the boundary (which the update rule counts as wrong). */
export function perceptronPredict(w: readonly number[] | Tensor, X: DataMatrix): number[] {
  const wv = w instanceof Tensor ? Array.from(w.data) : [...expectWeights(w)];
  return toRows(X, "perceptronPredict").map((x) => {
    if (x.length !== wv.length) {
      throw new RangeError(
        `perceptronPredict: w has ${count(wv.length, "weight")} but samples have ${count(x.length, "feature")}`,
      );
    }
    return Math.sign(dotArr(wv, x)) || 0;
  });
}

function dotArr(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function toRows(X: DataMatrix, name: string): number[][] {
  return asMatrix(name, "X", X).to2D();
}

function expectWeights(w: unknown): readonly number[] {
  if (Array.isArray(w) && w.every((x) => typeof x === "number")) return w;
  throw wrongKind("perceptronPredict", "w", "a Tensor or an array of numbers", w, "w.value");
}

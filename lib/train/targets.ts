import { input } from "../autograd/var";
import { assertFiniteData } from "../data/dataset";
import { oneHot } from "../data/preprocess";
import type { Model } from "../nn/model";
import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import { count } from "../tensor/plural";
import { type NumberList, Tensor, formatShape } from "../tensor/tensor";
import { checkInputWidth, expectModel } from "../nn/model";
import { expectNumbers, isData, received } from "../tensor/received";

/**
 * Training data: x one sample per row (a Tensor or number[][]); y class indices (number[]) or a target matrix, one
 * row per sample (a Tensor or number[][]).
 */
export interface TrainingData {
  x: DataMatrix;
  /** Targets: a matrix, or class labels (number[], or a typed array such as an Int32Array). */
  y: DataMatrix | readonly number[] | NumberList;
}

/** Data prepared for training: the target matrix the loss compares with, and class labels where there are any. */
export interface PreparedData {
  x: Tensor;
  /** batch×outputs targets: one-hot for class labels with several outputs, a column for a single output. */
  targets: Tensor;
  /** Class per row: the labels given, or argmax of one-hot targets, or the value of a single-column target. */
  labels: number[] | null;
  /**
   * Whether the targets are classes, so accuracy means something: labels given as number[], one-hot rows, or a single
   * column of 0/1 or ±1 values.
   */
  classification: boolean;
}

/** Checks X and y and turns class labels into the target matrix for a model with `outputs` output columns. */
export function prepareData(fn: string, data: TrainingData, outputs: number): PreparedData {
  checkDataObject(fn, data);
  const x = asMatrix(fn, "x", data.x);
  // labels in a typed array (an Int32Array, a Float64Array) are taken as number[]
  // and so are those in a vector Tensor (Tensor.from(labels)) for a model of several outputs (for one output, a vector
  // is its column of targets)
  const given = ArrayBuffer.isView(data.y)
    ? Array.from(data.y as unknown as ArrayLike<number>)
    : data.y instanceof Tensor && data.y.rank === 1 && outputs > 1
      ? Array.from(data.y.data)
      : data.y;
  const y = isRows(given) ? asMatrix(fn, "y", given) : given;
  if (x.rows === 0) throw new RangeError(`${fn}: the data set is empty (x has shape ${formatShape(x.shape)})`);
  const n = Array.isArray(y) ? y.length : y instanceof Tensor ? y.rows : Number.NaN;
  if (Number.isNaN(n))
    throw new TypeError(
      `${fn}: y must be a Tensor, rows of targets (number[][]) or class indices (number[]), got ${received(data.y)}`,
    );
  if (n !== x.rows) throw new RangeError(`${fn}: x has ${count(x.rows, "row")} but y has ${n}`);
  assertFiniteData(fn, "x", x);
  if (!(y instanceof Tensor)) {
    const labels = expectNumbers(fn, "y", y);
    if (outputs === 1) {
      const col = new Tensor([n, 1], Float64Array.from(labels));
      assertFiniteData(fn, "y", col);
      return { x, targets: col, labels: [...labels], classification: isBinary(labels) };
    }
    assertModelClasses(fn, labels, outputs);
    return { x, targets: oneHot(labels, outputs), labels: [...labels], classification: true };
  }
  const targets = y.rank === 1 ? y.reshape([n, 1]) : y;
  if (targets.rank !== 2) throw new RangeError(`${fn}: y must be a matrix (samples×outputs), got shape ${formatShape(y.shape)}`);
  if (targets.cols !== outputs) {
    throw new RangeError(
      `${fn}: the model gives ${count(outputs, "output")} per sample but y has ${count(targets.cols, "column")} (${formatShape(y.shape)})`,
    );
  }
  assertFiniteData(fn, "y", targets);
  const labels = outputs > 1 ? argmaxRows(targets) : Array.from(targets.data);
  return { x, targets, labels, classification: outputs > 1 ? isOneHot(targets) : isBinary(labels) };
}

/** Output columns of the model, from a forward pass of the first sample (after checking x is a non-empty matrix). */
export function outputWidth(model: Model, data: TrainingData, fn = "fit"): number {
  expectModel(fn, model);
  checkDataObject(fn, data);
  const x = asMatrix(fn, "x", data.x);
  if (x.rows === 0) throw new RangeError(`${fn}: the data set is empty (x has shape ${formatShape(x.shape)})`);
  checkInputWidth(fn, "x", model, x);
  const first = new Tensor([1, x.cols], x.data.slice(0, x.cols));
  const out = model.forward(input(first)).value;
  return out.rank === 2 ? out.cols : out.rank === 1 ? out.shape[0] : 1;
}

function checkDataObject(fn: string, data: unknown): void {
  if (!data || typeof data !== "object" || isData(data))
    throw new TypeError(
      `${fn}: data must be { x, y }: x a Tensor or number[][], y a Tensor, number[][] or class indices number[], got ${received(data)}`,
    );
}

/**
 * Throws a RangeError naming `fn` (the function the user called) unless every label y[i] is a class of a model with
 * `outputs` outputs (an integer in 0..outputs-1): `fit: label y[1] = 2 is not a class of the model's 2 outputs ...`.
 */
function assertModelClasses(fn: string, y: readonly number[], outputs: number): void {
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (typeof c === "number" && Number.isInteger(c) && c >= 0 && c < outputs) continue;
    const classes = Number.isInteger(c) && c >= outputs ? ` (labels up to ${c} need at least ${c + 1} outputs)` : "";
    throw new RangeError(
      `${fn}: label y[${i}] = ${received(c)} is not a class of the model's ${count(outputs, "output")}: class labels are 0..${outputs - 1}, one per output${classes}`,
    );
  }
}

/** Rows of numbers (number[][]) rather than class indices (number[]). */
function isRows(y: unknown): y is readonly (readonly number[])[] | readonly NumberList[] {
  return Array.isArray(y) && y.length > 0 && (Array.isArray(y[0]) || ArrayBuffer.isView(y[0]));
}

/** Every row has exactly one 1, the rest 0. */
function isOneHot(t: Tensor): boolean {
  const k = t.cols;
  for (let i = 0; i < t.rows; i++) {
    let ones = 0;
    for (let j = 0; j < k; j++) {
      const v = t.data[i * k + j];
      if (v === 1) ones++;
      else if (v !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

/** All values 0/1, or all values ±1. */
function isBinary(values: readonly number[]): boolean {
  return values.every((v) => v === 0 || v === 1) || values.every((v) => v === -1 || v === 1);
}

/** Index of the largest value of each row. */
function argmaxRows(t: Tensor): number[] {
  const n = t.rows;
  const k = t.cols;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (t.data[i * k + j] > t.data[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** How a single output is turned into a class: `positive` (1) when ≥ threshold, else `negative`. */
export interface ThresholdOptions {
  /** Default 0.5 for 0/1 labels (a sigmoid output), 0 for ±1 labels (a sign). */
  threshold?: number;
  /** The negative class: 0 (default) or -1. */
  negative?: 0 | -1;
}

/** Predicted classes of outputs (batch×K): argmax per row, or a threshold for a single column. */
export function classesOf(out: Tensor, options: ThresholdOptions = {}): number[] {
  if (out.rank === 2 && out.cols > 1) return argmaxRows(out);
  const negative = options.negative ?? 0;
  const threshold = options.threshold ?? (negative === -1 ? 0 : 0.5);
  return Array.from(out.data, (v) => (v >= threshold ? 1 : negative));
}

/** Counts predictions equal to labels[offset..]: for accuracy accumulated batch by batch without allocation. */
export function countCorrect(
  out: Tensor,
  labels: readonly number[],
  rows: ArrayLike<number> | null,
  options: ThresholdOptions,
): number {
  const n = out.rows;
  const k = out.rank === 2 ? out.cols : 1;
  const negative = options.negative ?? 0;
  const threshold = options.threshold ?? (negative === -1 ? 0 : 0.5);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[rows ? rows[i] : i];
    let c: number;
    if (k > 1) {
      c = 0;
      for (let j = 1; j < k; j++) if (out.data[i * k + j] > out.data[i * k + c]) c = j;
    } else {
      c = out.data[i] >= threshold ? 1 : negative;
    }
    if (c === label) correct++;
  }
  return correct;
}

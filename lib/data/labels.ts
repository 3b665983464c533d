import { asMatrix } from "../tensor/matrix-input";
import { received } from "../tensor/received";
import { Tensor, formatShape } from "../tensor/tensor";

/** Targets as the data helpers take them, like fit: class labels (number[]), rows (number[][]) or a Tensor. */
export type Targets = readonly number[] | readonly (readonly number[])[] | Tensor;

/**
 * The class index of every sample of `y`, or null when `y` holds no classes: labels (number[]) as they are; one-hot
 * rows (number[][] or a Tensor, each row one 1 and the rest 0) as the column of their 1; a single column (n×1) or a
 * vector Tensor as its values when they are 0/1 or ±1 (as fit decides). Other rows (probabilities, regression
 * targets) give null.
 * A `y` of another kind is a TypeError naming `fn` and what it got; ragged rows are named as asMatrix names them.
 * @example
 * classLabels("accuracy", "y", [[0, 1], [1, 0]]); // [1, 0]
 */
export function classLabels(fn: string, what: string, y: unknown): number[] | null {
  if (Array.isArray(y) && y.every((v) => typeof v === "number")) return y as number[];
  if (y instanceof Tensor && y.rank === 1) return binary(Array.from(y.data));
  if (!(y instanceof Tensor) && !Array.isArray(y))
    throw new TypeError(
      `${fn}: ${what} must be class labels (number[]), one-hot rows (number[][]) or a Tensor, got ${received(y)}`,
    );
  const m = asMatrix(fn, what, y);
  if (m.rank !== 2) throw new RangeError(`${fn}: ${what} must be a vector or a matrix, got shape ${formatShape(m.shape)}`);
  const [n, k] = m.shape;
  if (k === 1) return binary(Array.from(m.data));
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let one = -1;
    for (let j = 0; j < k; j++) {
      const v = m.data[i * k + j];
      if (v === 1 && one < 0) one = j;
      else if (v !== 0) return null;
    }
    if (one < 0) return null;
    out[i] = one;
  }
  return out;
}

/** `classLabels`, or a RangeError saying which row is not one-hot when `y` holds no classes. */
export function requireClassLabels(fn: string, what: string, y: unknown): number[] {
  const labels = classLabels(fn, what, y);
  if (labels) return labels;
  const m = asMatrix(fn, what, y);
  const k = m.cols;
  for (let i = 0; i < m.rows; i++) {
    const row = Array.from(m.data.subarray(i * k, i * k + k));
    if (row.filter((v) => v === 1).length !== 1 || row.some((v) => v !== 0 && v !== 1))
      throw new RangeError(
        `${fn}: ${what} must hold classes (labels, or one-hot rows), but row ${i} is [${row.join(", ")}], not one-hot`,
      );
  }
  throw new RangeError(`${fn}: ${what} holds no classes`);
}

/** The values as class labels when they are 0/1 or ±1 (a binary column), else null (regression targets). */
function binary(values: number[]): number[] | null {
  return values.every((v) => v === 0 || v === 1) || values.every((v) => v === -1 || v === 1) ? values : null;
}

import { firstNonFiniteIn } from "../tensor/kernels/finite";
import type { Tensor } from "../tensor/tensor";

/** A labelled classification data set: X (samples×features, one sample per row) and a class index per row. */
export interface Dataset {
  /** Features, one sample per row. */
  X: Tensor;
  /** Class index of each row (0..K-1), or ±1 where a function says so. */
  y: number[];
}

/** Throws a RangeError unless every label is an integer in [0, k); `what` names the array in the message ("y"). */
export function assertLabels(fn: string, y: readonly number[], k: number, what = "y"): void {
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new RangeError(`${fn}: label ${what}[${i}] = ${c} is not a class index in 0..${k - 1}`);
    }
  }
}

/** Number of classes: 1 + the largest label (labels are 0..K-1). */
export function numClasses(y: readonly number[]): number {
  let k = 0;
  for (const c of y) if (c + 1 > k) k = c + 1;
  return k;
}

/**
 * Throws a RangeError naming the row and column (from 0) of the first NaN or ±Infinity in the matrix `name`:
 * `fit: x holds NaN at row 4, column 2 (counting from 0); remove or impute missing values first`.
 */
export function assertFiniteData(fn: string, name: string, X: Tensor): void {
  const i = firstNonFiniteIn(X.data);
  if (i < 0) return;
  const cols = X.rank === 2 ? X.shape[1] : 1;
  throw new RangeError(
    `${fn}: ${name} holds ${X.data[i]} at row ${Math.floor(i / cols)}, column ${i % cols} (counting from 0); ` +
      "remove or impute missing values first",
  );
}

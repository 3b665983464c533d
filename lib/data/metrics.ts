import { Tensor } from "../tensor/tensor";
import { assertLabels } from "./dataset";
import { count } from "../tensor/plural";

function assertSameLength(fn: string, predicted: readonly number[], y: readonly number[]): void {
  if (predicted.length !== y.length) {
    throw new RangeError(`${fn}: ${count(predicted.length, "prediction")} for ${count(y.length, "label")}`);
  }
  if (y.length === 0) throw new RangeError(`${fn}: no samples`);
}

/**
 * Fraction of correct predictions: (1/n) Σ [ŷᵢ = yᵢ].
 * @example
 * accuracy([0, 1, 1], [0, 1, 0]); // 0.6666…
 */
export function accuracy(predicted: readonly number[], y: readonly number[]): number {
  assertSameLength("accuracy", predicted, y);
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) correct++;
  return correct / y.length;
}

/**
 * Confusion matrix C (k×k): C[i][j] = number of samples of true class i predicted as class j (rows true, as in scikit-learn).
 * @example
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2).toArray(); // [[1, 1], [0, 1]]
 */
export function confusionMatrix(predicted: readonly number[], y: readonly number[], k: number): Tensor {
  assertSameLength("confusionMatrix", predicted, y);
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`confusionMatrix: number of classes must be a positive integer, got ${k}`);
  assertLabels("confusionMatrix (labels)", y, k);
  assertLabels("confusionMatrix (predictions)", predicted, k);
  const C = new Tensor([k, k]);
  for (let i = 0; i < y.length; i++) C.data[y[i] * k + predicted[i]] += 1;
  return C;
}

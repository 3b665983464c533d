import { Tensor } from "../tensor/tensor";
import { assertLabels } from "./dataset";
import { count } from "../tensor/plural";
import { received } from "../tensor/received";
import { requireClassLabels, type Targets } from "./labels";

/** Both as class labels (labels, one-hot rows or a Tensor, as fit takes y), of the same length, not empty. */
function labelPair(fn: string, predictedIn: Targets, yIn: Targets): [number[], number[]] {
  const predicted = requireClassLabels(fn, "predicted", predictedIn);
  const y = requireClassLabels(fn, "y", yIn);
  if (predicted.length !== y.length) {
    throw new RangeError(`${fn}: ${count(predicted.length, "prediction")} for ${count(y.length, "label")}`);
  }
  if (y.length === 0) throw new RangeError(`${fn}: no samples`);
  return [predicted, y];
}

/**
 * Fraction of correct predictions: (1/n) Σ [ŷᵢ = yᵢ]. Each of predicted and y may be class labels (number[]),
 * one-hot rows (number[][]) or a Tensor, as fit takes y; other rows are a RangeError naming the first one.
 * @example
 * accuracy([0, 1, 1], [0, 1, 0]); // 0.6666…
 */
export function accuracy(predictedIn: Targets, yIn: Targets): number {
  const [predicted, y] = labelPair("accuracy", predictedIn, yIn);
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) correct++;
  return correct / y.length;
}

/**
 * Confusion matrix C (k×k): C[i][j] = number of samples of true class i predicted as class j (rows true, as in scikit-learn).
 * predicted and y as accuracy takes them.
 * @example
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2).toArray(); // [[1, 1], [0, 1]]
 */
export function confusionMatrix(predictedIn: Targets, yIn: Targets, k: number): Tensor {
  const [predicted, y] = labelPair("confusionMatrix", predictedIn, yIn);
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`confusionMatrix: number of classes must be a positive integer, got ${received(k)}`);
  assertLabels("confusionMatrix", y, k, "y");
  assertLabels("confusionMatrix", predicted, k, "predicted");
  const C = new Tensor([k, k]);
  for (let i = 0; i < y.length; i++) C.data[y[i] * k + predicted[i]] += 1;
  return C;
}

import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import { count } from "../tensor/plural";
import { Tensor, formatShape } from "../tensor/tensor";
import { assertFiniteData, assertLabels, numClasses } from "./dataset";
import { expectNumbers, received } from "../tensor/received";

/**
 * The bias trick: [1 | X], a leading column of ones, so w·x includes the bias as w₀.
 * @example
 * augment(Tensor.from([[2, 3]])); // [[1, 2, 3]]
 */
export function augment(data: DataMatrix): Tensor {
  const X = asMatrix("augment", "X", data);
  const n = X.rows;
  const d = X.cols;
  const out = new Tensor([n, d + 1]);
  for (let i = 0; i < n; i++) {
    out.data[i * (d + 1)] = 1;
    out.data.set(X.data.subarray(i * d, i * d + d), i * (d + 1) + 1);
  }
  return out;
}

/** A fitted standardisation: the transformed training data, its statistics, and `apply` for other data. */
export interface Standardizer {
  /** (X − mean) / std of the data it was fitted on. */
  X: Tensor;
  /** Column means of the fitting data. */
  mean: number[];
  /** Column standard deviations (population, ddof 0, as scikit-learn's StandardScaler); a constant column gets 1. */
  std: number[];
  /** The same transformation with the fitted mean and std: fit on train, apply to test. */
  apply(X2: DataMatrix): Tensor;
}

/**
 * z = (x − μ) / σ per column, μ and σ from X (population standard deviation). X is samples×features; a NaN or
 * ±Infinity in X (here or in `apply`) is a RangeError naming its row and column, since one would turn the whole
 * column into NaN: remove or impute missing values first.
 * @example
 * const s = standardize(xTrain); // s.X has column means 0 and std 1
 * const zTest = s.apply(xTest);  // uses the training mean and std
 */
export function standardize(data: DataMatrix): Standardizer {
  const X = asMatrix("standardize", "X", data);
  const n = X.rows;
  const d = X.cols;
  if (n === 0) throw new RangeError("standardize: X has no rows");
  assertFiniteData("standardize", "X", X);
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X.data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = X.data[i * d + j] - mean[j];
      std[j] += c * c;
    }
  }
  for (let j = 0; j < d; j++) {
    // a constant column gets std 1 (centred, not divided); detected exactly, since its computed mean may be off by rounding
    let constant = true;
    for (let i = 1; i < n && constant; i++) constant = X.data[i * d + j] === X.data[j];
    std[j] = constant ? 1 : Math.sqrt(std[j] / n);
  }
  const apply = (data2: DataMatrix): Tensor => {
    const X2 = asMatrix("standardize.apply", "X", data2);
    if (X2.cols !== d) throw new RangeError(`standardize.apply: fitted on ${count(d, "column")}, got ${formatShape(X2.shape)}`);
    assertFiniteData("standardize.apply", "X", X2);
    const out = new Tensor(X2.shape);
    for (let i = 0; i < X2.rows; i++) {
      for (let j = 0; j < d; j++) out.data[i * d + j] = (X2.data[i * d + j] - mean[j]) / std[j];
    }
    return out;
  };
  return { X: apply(X), mean, std, apply };
}

/**
 * One-hot targets: row i has a 1 in column y[i]. k defaults to 1 + the largest label.
 * @example
 * oneHot([0, 2], 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(y: readonly number[], k: number = numClasses(expectNumbers("oneHot", "y", y))): Tensor {
  expectNumbers("oneHot", "y", y);
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`oneHot: number of classes must be a positive integer, got ${received(k)}`);
  assertLabels("oneHot", y, k);
  const out = new Tensor([y.length, k]);
  for (let i = 0; i < y.length; i++) out.data[i * k + y[i]] = 1;
  return out;
}

import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import { type Rng, expectRng } from "../tensor/rng";
import { selectRows } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { classLabels, requireClassLabels, type Targets } from "./labels";
import { count } from "../tensor/plural";
import { received } from "../tensor/received";

/** The two parts of a split, and which original rows went where. yTrain and yTest are of the kind y was given in. */
export interface Split<Y> {
  xTrain: Tensor;
  yTrain: Y;
  xTest: Tensor;
  yTest: Y;
  trainIndex: number[];
  testIndex: number[];
}

/**
 * Seeded train/test split of X (a Tensor or number[][] rows) and y, which may be class labels (number[]), rows
 * (number[][], e.g. one-hot) or a Tensor, like fit's y; yTrain and yTest come back in the kind y was given in.
 * Stratified by default when y holds classes (labels, or one-hot rows): each class gives round(n_c · testFraction)
 * rows to the test set, so both parts keep the class proportions. Both parts come out shuffled.
 *
 * Errors: a TypeError for a y or rng of another kind, a RangeError for row counts that differ, a testFraction outside
 * (0, 1), or `stratify: true` with targets that are not classes (it names the first row that is not one-hot).
 * @example
 * const s = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(0) }); // Iris: 105 train, 45 test, 15 per class
 */
export function trainTestSplit<Y extends Targets>(
  data: DataMatrix,
  y: Y,
  options: { testFraction?: number; rng: Rng; stratify?: boolean },
): Split<Y> {
  const X = asMatrix("trainTestSplit", "X", data);
  const labels = classLabels("trainTestSplit", "y", y);
  const yRows = Array.isArray(y) ? (y as readonly unknown[]).length : (y as Tensor).rank === 0 ? 1 : (y as Tensor).shape[0];
  if (yRows !== X.rows) throw new RangeError(`trainTestSplit: X has ${count(X.rows, "row")} but y has ${yRows}`);
  if (!options || typeof options !== "object")
    throw new TypeError(`trainTestSplit: options { rng } are required, got ${received(options)}`);
  const f = options.testFraction ?? 0.25;
  if (typeof f !== "number" || !(f > 0 && f < 1))
    throw new RangeError(`trainTestSplit: testFraction must lie in (0, 1), got ${received(f)}`);
  const rng = expectRng("trainTestSplit", options.rng);
  const n = X.rows;
  if (n < 2) throw new RangeError(`trainTestSplit: need at least 2 rows, got ${n}`);
  const stratify = options.stratify ?? labels !== null;
  const groups = new Map<number, number[]>();
  if (stratify) {
    requireClassLabels("trainTestSplit (stratify)", "y", y).forEach((c, i) => {
      const g = groups.get(c);
      if (g) g.push(i);
      else groups.set(c, [i]);
    });
  } else {
    groups.set(
      0,
      Array.from({ length: n }, (_, i) => i),
    );
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...groups.keys()].sort((a, b) => a - b)) {
    const idx = groups.get(c)!;
    rng.shuffleInPlace(idx);
    const m = Math.round(idx.length * f);
    test.push(...idx.slice(0, m));
    train.push(...idx.slice(m));
  }
  if (train.length === 0 || test.length === 0) {
    throw new RangeError(`trainTestSplit: testFraction ${f} of ${count(n, "row")} leaves an empty part`);
  }
  rng.shuffleInPlace(train);
  rng.shuffleInPlace(test);
  return {
    xTrain: selectRows(X, train),
    yTrain: pick(y, train),
    xTest: selectRows(X, test),
    yTest: pick(y, test),
    trainIndex: train,
    testIndex: test,
  };
}

/** The samples of y at the given indices, in y's own kind: labels, rows (copied) or a Tensor. */
function pick<Y extends Targets>(y: Y, idx: readonly number[]): Y {
  if (Array.isArray(y)) return idx.map((i) => (Array.isArray(y[i]) ? [...(y[i] as number[])] : y[i])) as unknown as Y;
  const t = y as Tensor;
  if (t.rank === 1)
    return new Tensor(
      [idx.length],
      Float64Array.from(idx, (i) => t.data[i]),
    ) as Y;
  return selectRows(t, idx) as Y;
}

import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import type { Rng } from "../tensor/rng";
import { selectRows } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { assertRowsMatch } from "./dataset";
import { count } from "../tensor/plural";

/** The two parts of a split, and which original rows went where. */
export interface Split<Y> {
  xTrain: Tensor;
  yTrain: Y;
  xTest: Tensor;
  yTest: Y;
  trainIndex: number[];
  testIndex: number[];
}

/**
 * Seeded train/test split. Stratified by default (for class labels): each class gives round(n_c · testFraction) rows
 * to the test set, so both parts keep the class proportions. Both parts come out shuffled.
 * @example
 * const s = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(0) }); // Iris: 105 train, 45 test, 15 per class
 */
export function trainTestSplit<Y extends number[] | Tensor>(
  data: DataMatrix,
  y: Y,
  options: { testFraction?: number; rng: Rng; stratify?: boolean },
): Split<Y> {
  const X = asMatrix("trainTestSplit", "X", data);
  assertRowsMatch("trainTestSplit", X, y);
  const f = options.testFraction ?? 0.25;
  if (!(f > 0 && f < 1)) throw new RangeError(`trainTestSplit: testFraction must lie in (0, 1), got ${f}`);
  const n = X.rows;
  if (n < 2) throw new RangeError(`trainTestSplit: need at least 2 rows, got ${n}`);
  const labels = Array.isArray(y) ? (y as number[]) : null;
  const stratify = options.stratify ?? labels !== null;
  if (stratify && !labels) throw new RangeError("trainTestSplit: stratify needs class labels (number[]), got a Tensor");
  const rng = options.rng;
  const groups = new Map<number, number[]>();
  if (stratify && labels) {
    labels.forEach((c, i) => {
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
  const pick = (idx: number[]): Y => (labels ? (idx.map((i) => labels[i]) as Y) : (selectRows(y as Tensor, idx) as Y));
  return {
    xTrain: selectRows(X, train),
    yTrain: pick(train),
    xTest: selectRows(X, test),
    yTest: pick(test),
    trainIndex: train,
    testIndex: test,
  };
}

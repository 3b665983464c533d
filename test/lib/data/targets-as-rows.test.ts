// The data helpers take y as fit takes it: class labels (number[]), rows (number[][], e.g. one-hot) or a Tensor.
// trainTestSplit refused one-hot rows; accuracy and confusionMatrix took labels only.
import { describe, expect, it } from "vitest";
import { accuracy, confusionMatrix, iris, oneHot, param, Rng, Tensor, trainTestSplit } from "../../../lib";

const X = Array.from({ length: 12 }, (_, i) => [i, i % 3]);
const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const oneHotRows = oneHot(labels).to2D();

describe("trainTestSplit takes y as labels, rows or a Tensor, and gives it back in that kind", () => {
  it("one-hot rows (number[][]): rows back, stratified exactly as the same labels are", () => {
    const byLabels = trainTestSplit(X, labels, { testFraction: 1 / 3, rng: new Rng(4) });
    const byRows = trainTestSplit(X, oneHotRows, { testFraction: 1 / 3, rng: new Rng(4) });
    expect(byRows.trainIndex).toEqual(byLabels.trainIndex);
    expect(byRows.testIndex).toEqual(byLabels.testIndex);
    expect(byRows.yTest).toEqual(byRows.testIndex.map((i) => oneHotRows[i]));
    expect(byRows.yTrain).toEqual(byRows.trainIndex.map((i) => oneHotRows[i]));
    expect(Array.isArray(byRows.yTest[0])).toBe(true);
    // stratified: 2 of class 0, 1 of class 1, 1 of class 2 in the test part
    expect(byRows.testIndex.map((i) => labels[i]).sort()).toEqual([0, 0, 1, 2]);
  });

  it("the rows given back are copies: changing them leaves the caller's y alone", () => {
    const y = oneHot(labels).to2D();
    const s = trainTestSplit(X, y, { testFraction: 0.25, rng: new Rng(0) });
    s.yTrain[0][0] = 7;
    expect(y.flat()).not.toContain(7);
  });

  it("a one-hot Tensor: a Tensor back, stratified like the labels", () => {
    const byLabels = trainTestSplit(X, labels, { testFraction: 0.25, rng: new Rng(1) });
    const byTensor = trainTestSplit(X, oneHot(labels), { testFraction: 0.25, rng: new Rng(1) });
    expect(byTensor.testIndex).toEqual(byLabels.testIndex);
    expect(byTensor.yTest).toBeInstanceOf(Tensor);
    expect(byTensor.yTest.to2D()).toEqual(byTensor.testIndex.map((i) => oneHotRows[i]));
  });

  it("Iris with one-hot rows keeps 15 test samples per class, as with labels", () => {
    const data = iris();
    const s = trainTestSplit(data.X, oneHot(data.y).to2D(), { testFraction: 0.3, rng: new Rng(0) });
    expect(s.yTest).toHaveLength(45);
    const perClass = [0, 1, 2].map((c) => s.yTest.filter((r) => r[c] === 1).length);
    expect(perClass).toEqual([15, 15, 15]);
  });

  it("regression rows (not one-hot) split without stratifying, and come back as rows", () => {
    const y = X.map(([a, b]) => [a * 0.5, b + 0.25]);
    const s = trainTestSplit(X, y, { testFraction: 0.25, rng: new Rng(2) });
    expect(s.yTest).toEqual(s.testIndex.map((i) => y[i]));
    expect(s.xTest.to2D()).toEqual(s.testIndex.map((i) => X[i]));
  });

  it("a 0/1 column (number[][]) is classes: stratified", () => {
    const y = labels.map((c) => [c === 0 ? 1 : 0]);
    const s = trainTestSplit(X, y, { testFraction: 0.5, rng: new Rng(3) });
    expect(s.yTest.filter((r) => r[0] === 1)).toHaveLength(3);
  });

  it("stratify: true with rows that are not one-hot names the first such row", () => {
    const y = X.map((_, i) => (i === 5 ? [0.5, 0.5] : [1, 0]));
    expect(() => trainTestSplit(X, y, { rng: new Rng(0), stratify: true })).toThrow(
      new RangeError(
        "trainTestSplit (stratify): y must hold classes (labels, or one-hot rows), but row 5 is [0.5, 0.5], not one-hot",
      ),
    );
  });

  it("ragged rows, a row count that differs, and a y of another kind are named", () => {
    expect(() => trainTestSplit(X, [...oneHotRows.slice(0, 11), [1, 0]], { rng: new Rng(0) })).toThrow(
      /^trainTestSplit: row 11 of y has 2 values, row 0 has 3$/,
    );
    expect(() => trainTestSplit(X, oneHotRows.slice(0, 10), { rng: new Rng(0) })).toThrow(
      /^trainTestSplit: X has 12 rows but y has 10$/,
    );
    expect(() => trainTestSplit(X, "y" as never, { rng: new Rng(0) })).toThrow(
      new TypeError(
        'trainTestSplit: y must be class labels (number[]), one-hot rows (number[][]) or a Tensor, got "y" (a string)',
      ),
    );
    expect(() => trainTestSplit(X, param(oneHot(labels)) as never, { rng: new Rng(0) })).toThrow(
      /^trainTestSplit: y must be class labels .* got a Var \(param, 12×3\)$/,
    );
  });
});

describe("accuracy and confusionMatrix take y (and predictions) as labels, one-hot rows or a Tensor", () => {
  const predicted = [0, 1, 1, 2];
  const y = [0, 1, 2, 2];
  it("one-hot rows and a one-hot Tensor give what the labels give", () => {
    expect(accuracy(predicted, oneHot(y, 3).to2D())).toBe(0.75);
    expect(accuracy(oneHot(predicted, 3), oneHot(y, 3))).toBe(0.75);
    expect(confusionMatrix(predicted, oneHot(y, 3).to2D(), 3).to2D()).toEqual(confusionMatrix(predicted, y, 3).to2D());
  });
  it("rows that are not one-hot (probabilities) are named: the row and its values", () => {
    expect(() =>
      accuracy(predicted, [
        [1, 0],
        [0.2, 0.8],
        [0, 1],
        [0, 1],
      ]),
    ).toThrow(new RangeError("accuracy: y must hold classes (labels, or one-hot rows), but row 1 is [0.2, 0.8], not one-hot"));
  });
  it("null or a string is a TypeError naming the argument", () => {
    expect(() => accuracy(null as never, y)).toThrow(/^accuracy: predicted must be class labels .* got null$/);
    expect(() => confusionMatrix(predicted, "0123" as never, 3)).toThrow(
      /^confusionMatrix: y must be class labels .* got "0123" \(a string\)$/,
    );
  });
});

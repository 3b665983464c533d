import { describe, expect, it } from "vitest";
import { Tensor, accuracy, augment, confusionMatrix, logicTable, oneHot, standardize } from "../../../lib";

describe("logicTable", () => {
  it("reproduces the AND, OR and XOR table of the slides", () => {
    expect(logicTable("and").X.toArray()).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(logicTable("and").y).toEqual([0, 0, 0, 1]);
    expect(logicTable("or").y).toEqual([0, 1, 1, 1]);
    expect(logicTable("xor").y).toEqual([0, 1, 1, 0]);
  });
  it("gives -1/+1 labels for the perceptron when signed", () => {
    expect(logicTable("xor", { signed: true }).y).toEqual([-1, 1, 1, -1]);
  });
  it("rejects an unknown function by name", () => {
    expect(() => logicTable("nand" as "and")).toThrow(/unknown function "nand"/);
  });
});

describe("augment", () => {
  it("puts a column of ones in front (the bias trick)", () => {
    expect(
      augment(
        Tensor.from([
          [2, 3],
          [4, 5],
        ]),
      ).toArray(),
    ).toEqual([
      [1, 2, 3],
      [1, 4, 5],
    ]);
  });
  it("rejects a vector, naming the shape", () => {
    expect(() => augment(Tensor.from([1, 2]))).toThrow(/augment: X must be a matrix \(samples×features\), got shape 2/);
  });
});

describe("standardize", () => {
  it("refuses NaN or ±Infinity, naming the row and column, in fitting and in apply", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const X = Tensor.from([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      X.data[5] = bad;
      expect(() => standardize(X)).toThrow(new RegExp(`^standardize: X holds ${bad} at row 2, column 1 \\(counting from 0\\)`));
      const ok = standardize(
        Tensor.from([
          [1, 2],
          [3, 4],
        ]),
      );
      const test = Tensor.from([[bad, 0]]);
      expect(() => ok.apply(test)).toThrow(new RegExp(`^standardize.apply: X holds ${bad} at row 0, column 0`));
    }
  });
  it("gives column means 0 and population std 1, and applies the training statistics to new data", () => {
    const train = Tensor.from([
      [1, 10],
      [3, 10],
      [5, 10],
    ]);
    const s = standardize(train);
    expect(s.mean).toEqual([3, 10]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.std[1]).toBe(1); // a constant column is left centred, not divided by 0
    expect(s.X.get(0, 0)).toBeCloseTo(-2 / Math.sqrt(8 / 3), 12);
    expect(s.X.get(2, 1)).toBe(0);
    const test = s.apply(Tensor.from([[3, 12]]));
    expect(test.toArray()).toEqual([[0, 2]]);
  });
  it("leaves a constant column of 0.1s at 0, although its computed mean 0.10000000000000002 is off by rounding", () => {
    const s = standardize(Tensor.from([[0.1], [0.1], [0.1]]));
    expect(s.mean[0]).not.toBe(0.1);
    expect(s.std).toEqual([1]);
    for (const v of s.X.data) expect(Math.abs(v)).toBeLessThan(1e-15);
  });
  it("rejects data with a different number of columns", () => {
    const s = standardize(
      Tensor.from([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(() => s.apply(Tensor.from([[1, 2, 3]]))).toThrow(/fitted on 2 columns, got 1×3/);
  });
  it("does not change its input", () => {
    const X = Tensor.from([[1], [2]]);
    standardize(X);
    expect(X.toArray()).toEqual([[1], [2]]);
  });
});

describe("oneHot", () => {
  it("sets a 1 in the column of each label", () => {
    expect(oneHot([0, 2, 1], 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    expect(oneHot([1, 0]).shape).toEqual([2, 2]);
  });
  it("rejects a label outside 0..k-1, naming it", () => {
    expect(() => oneHot([0, 3], 3)).toThrow(/y\[1\] = 3 is not a class index in 0..2/);
    expect(() => oneHot([0.5], 2)).toThrow(/y\[0\] = 0.5/);
  });
});

describe("accuracy and confusionMatrix", () => {
  it("count correct predictions; rows of the confusion matrix are true classes", () => {
    expect(accuracy([0, 1, 1, 2], [0, 1, 0, 2])).toBe(0.75);
    expect(confusionMatrix([0, 1, 1, 2], [0, 1, 0, 2], 3).toArray()).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });
  it("reject mismatched lengths and empty input", () => {
    expect(() => accuracy([0], [0, 1])).toThrow(/1 prediction for 2 labels/);
    expect(() => accuracy([], [])).toThrow(/no samples/);
    expect(() => confusionMatrix([0, 5], [0, 1], 2)).toThrow(
      /^confusionMatrix: label predicted\[1\] = 5 is not a class index in 0\.\.1$/,
    );
  });
});

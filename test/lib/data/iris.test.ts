import { describe, expect, it } from "vitest";
import { iris } from "../../../lib";

describe("iris", () => {
  it("has 150 rows of 4 features and 50 samples per class", () => {
    const { X, y, classNames, featureNames } = iris();
    expect(X.shape).toEqual([150, 4]);
    expect(y).toHaveLength(150);
    expect([0, 1, 2].map((c) => y.filter((v) => v === c).length)).toEqual([50, 50, 50]);
    expect(classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(featureNames).toHaveLength(4);
  });

  it("has the known column means 5.843333, 3.057333, 3.758, 1.199333 (the corrected version)", () => {
    const { X } = iris();
    const means = [0, 1, 2, 3].map((j) => {
      let s = 0;
      for (let i = 0; i < 150; i++) s += X.get(i, j);
      return s / 150;
    });
    for (const [j, m] of [5.843333, 3.057333, 3.758, 1.199333].entries()) expect(means[j]).toBeCloseTo(m, 6);
  });

  it("carries Fisher's values in rows 35 and 38, where UCI's copy is wrong", () => {
    const { X } = iris();
    expect(X.to2D()[34]).toEqual([4.9, 3.1, 1.5, 0.2]); // UCI: petal width 0.1
    expect(X.to2D()[37]).toEqual([4.9, 3.6, 1.4, 0.1]); // UCI: 4.9, 3.1, 1.5, 0.1
    expect(X.to2D()[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(X.to2D()[149]).toEqual([5.9, 3.0, 5.1, 1.8]);
  });

  it("returns a fresh copy on every call", () => {
    const a = iris();
    a.X.data[0] = 99;
    a.y[0] = 2;
    const b = iris();
    expect(b.X.data[0]).toBe(5.1);
    expect(b.y[0]).toBe(0);
  });

  it("cites its source", () => {
    expect(iris().source).toMatch(/Fisher \(1936\)/);
    expect(iris().source).toMatch(/UCI/);
  });
});

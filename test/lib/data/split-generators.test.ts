import { describe, expect, it } from "vitest";
import { Rng, Tensor, blobs, circles, iris, moons, spirals, trainTestSplit } from "../../../lib";

const counts = (y: number[], k: number) => Array.from({ length: k }, (_, c) => y.filter((v) => v === c).length);

describe("trainTestSplit", () => {
  it("stratifies Iris 70/30: 35 train and 15 test rows per class", () => {
    const { X, y } = iris();
    const s = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(1) });
    expect(s.xTrain.shape).toEqual([105, 4]);
    expect(s.xTest.shape).toEqual([45, 4]);
    expect(counts(s.yTrain, 3)).toEqual([35, 35, 35]);
    expect(counts(s.yTest, 3)).toEqual([15, 15, 15]);
  });
  it("partitions the rows: every row exactly once, features and labels kept together", () => {
    const { X, y } = iris();
    const s = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(2) });
    expect([...s.trainIndex, ...s.testIndex].sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    s.testIndex.forEach((i, k) => {
      expect(s.yTest[k]).toBe(y[i]);
      expect(s.xTest.get(k, 2)).toBe(X.get(i, 2));
    });
  });
  it("is reproducible for a seed and differs across seeds", () => {
    const { X, y } = iris();
    const a = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(5) });
    const b = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(5) });
    const c = trainTestSplit(X, y, { testFraction: 0.3, rng: new Rng(6) });
    expect(a.testIndex).toEqual(b.testIndex);
    expect(a.testIndex).not.toEqual(c.testIndex);
  });
  it("splits a Tensor target without stratifying", () => {
    const X = Tensor.from([[1], [2], [3], [4]]);
    const Y = Tensor.from([[10], [20], [30], [40]]);
    const s = trainTestSplit(X, Y, { testFraction: 0.5, rng: new Rng(0) });
    expect(s.yTest.shape).toEqual([2, 1]);
    expect(s.yTest.data[0]).toBe(s.xTest.data[0] * 10);
  });
  it("rejects mismatched rows and a bad fraction", () => {
    expect(() => trainTestSplit(Tensor.from([[1], [2]]), [0], { rng: new Rng(0) })).toThrow(/X has 2 rows but y has 1/);
    expect(() => trainTestSplit(Tensor.from([[1], [2]]), [0, 1], { rng: new Rng(0), testFraction: 1 })).toThrow(
      /testFraction must lie in \(0, 1\), got 1/,
    );
  });
});

describe("2-D generators", () => {
  it("are seeded: same seed, same points", () => {
    for (const gen of [blobs, moons, circles, spirals]) {
      const a = gen(100, new Rng(3));
      const b = gen(100, new Rng(3));
      expect(a.X.shape).toEqual([100, 2]);
      expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
      expect(a.y).toEqual(b.y);
    }
  });
  it("blobs put each class around its center", () => {
    const { X, y } = blobs(3000, new Rng(0), {
      centers: [
        [-5, 0],
        [5, 2],
      ],
      std: 0.5,
    });
    expect(counts(y, 2)).toEqual([1500, 1500]);
    const meanOf = (c: number, j: number) => {
      let s = 0;
      for (let i = 0; i < 3000; i++) if (y[i] === c) s += X.get(i, j);
      return s / 1500;
    };
    expect(meanOf(0, 0)).toBeCloseTo(-5, 1);
    expect(meanOf(1, 1)).toBeCloseTo(2, 1);
  });
  it("circles without noise lie on radius 1 (class 0) and factor (class 1)", () => {
    const { X, y } = circles(40, new Rng(0), { noise: 0, factor: 0.3 });
    for (let i = 0; i < 40; i++) expect(Math.hypot(X.get(i, 0), X.get(i, 1))).toBeCloseTo(y[i] === 0 ? 1 : 0.3, 12);
  });
  it("moons without noise follow the two half circles", () => {
    const { X, y } = moons(20, new Rng(0), { noise: 0 });
    for (let i = 0; i < 20; i++) {
      const [a, b] = [X.get(i, 0), X.get(i, 1)];
      const r = y[i] === 0 ? Math.hypot(a, b) : Math.hypot(1 - a, 0.5 - b);
      expect(r).toBeCloseTo(1, 12);
    }
  });
  it("spirals give each of k classes its share of points within the unit disc", () => {
    const { X, y } = spirals(301, new Rng(0), { classes: 3 });
    expect(counts(y, 3)).toEqual([101, 100, 100]);
    for (let i = 0; i < 301; i++) expect(Math.hypot(X.get(i, 0), X.get(i, 1))).toBeLessThanOrEqual(1 + 1e-12);
  });
  it("reject a bad sample count or noise", () => {
    expect(() => moons(0, new Rng(0))).toThrow(/n must be an integer >= 2, got 0/);
    expect(() => blobs(10, new Rng(0), { std: -1 })).toThrow(/std must be a finite number >= 0/);
  });
});

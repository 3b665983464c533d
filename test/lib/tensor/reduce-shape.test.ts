import { describe, expect, it } from "vitest";
import {
  Tensor,
  allClose,
  argmax,
  column,
  dot,
  equal,
  hstack,
  max,
  maxAbsDiff,
  mean,
  min,
  outer,
  row,
  selectRows,
  sum,
  transpose,
  vstack,
} from "../../../lib";

const X = Tensor.from([
  [1, 5, 3],
  [4, 2, 6],
]);

describe("reductions", () => {
  it("sum, mean, max, min over everything give numbers", () => {
    expect(sum(X)).toBe(21);
    expect(mean(X)).toBe(3.5);
    expect(max(X)).toBe(6);
    expect(min(X)).toBe(1);
  });
  it("axis 0 gives a 1×n row, axis 1 an m×1 column, so the result broadcasts back", () => {
    expect(sum(X, 0).toArray()).toEqual([[5, 7, 9]]);
    expect(sum(X, 1).toArray()).toEqual([[9], [12]]);
    expect(mean(X, 0).toArray()).toEqual([[2.5, 3.5, 4.5]]);
    expect(mean(X, 1).toArray()).toEqual([[3], [4]]);
    expect(max(X, 1).toArray()).toEqual([[5], [6]]);
    expect(min(X, 0).toArray()).toEqual([[1, 2, 3]]);
    expect(sum(Tensor.from([1, 2, 3]), 0).shape).toEqual([]);
  });
  it("argmax per row is the predicted class of each sample; the first index wins ties", () => {
    expect(argmax(X, 1)).toEqual([1, 2]);
    expect(argmax(X, 0)).toEqual([1, 0, 1]);
    expect(argmax(X)).toBe(5);
    expect(argmax(Tensor.from([[2, 2, 1]]), 1)).toEqual([0]);
  });
  it("rejects empty tensors and bad axes", () => {
    expect(() => mean(new Tensor([0, 3]))).toThrow("mean: tensor of shape 0×3 is empty");
    expect(() => sum(X, 2 as 0)).toThrow("sum: axis must be 0 or 1, got 2");
  });
  it("max propagates NaN", () => {
    expect(Number.isNaN(max(Tensor.from([1, Number.NaN, 3])))).toBe(true);
  });
});

describe("products and shape ops", () => {
  it("dot and outer", () => {
    expect(dot(Tensor.from([1, 2, 3]), Tensor.from([4, 5, 6]))).toBe(32);
    expect(() => dot(Tensor.from([1, 2]), Tensor.from([1, 2, 3]))).toThrow("dot: shapes 2 and 3");
    expect(outer(Tensor.from([1, 2]), Tensor.from([3, 4, 5])).toArray()).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
  });
  it("transpose, also of a large non-square matrix (blocked loop)", () => {
    expect(transpose(X).toArray()).toEqual([
      [1, 4],
      [5, 2],
      [3, 6],
    ]);
    const big = new Tensor([70, 45]);
    big.data.forEach((_, i) => {
      big.data[i] = i;
    });
    const t = transpose(big);
    expect(t.shape).toEqual([45, 70]);
    expect(t.get(44, 69)).toBe(big.get(69, 44));
    expect(equal(transpose(t), big)).toBe(true);
  });
  it("hstack adds the bias column, vstack stacks rows", () => {
    const ones = Tensor.from([[1], [1]]);
    expect(hstack([ones, X]).toArray()).toEqual([
      [1, 1, 5, 3],
      [1, 4, 2, 6],
    ]);
    expect(vstack([X, Tensor.from([7, 8, 9])]).toArray()).toEqual([
      [1, 5, 3],
      [4, 2, 6],
      [7, 8, 9],
    ]);
    expect(() => hstack([X, Tensor.from([[1], [2], [3]])])).toThrow("hstack: shapes 2×3, 3×1: row counts differ");
    expect(() => vstack([X, Tensor.from([[1, 2]])])).toThrow("vstack: shapes 2×3, 1×2: column counts differ");
  });
  it("selectRows, row, column copy", () => {
    expect(selectRows(X, [1, 0, 1]).toArray()).toEqual([
      [4, 2, 6],
      [1, 5, 3],
      [4, 2, 6],
    ]);
    expect(row(X, 1).toArray()).toEqual([4, 2, 6]);
    expect(column(X, 2).toArray()).toEqual([3, 6]);
    expect(() => selectRows(X, [2])).toThrow("selectRows: row index 2 is out of range for shape 2×3");
    expect(() => column(X, 3)).toThrow("column: column index 3 is out of range for shape 2×3");
    const r = row(X, 0);
    r.data[0] = 99;
    expect(X.get(0, 0)).toBe(1);
  });
});

describe("comparison", () => {
  it("allClose uses an absolute tolerance, optionally a relative one, and needs equal shapes", () => {
    const a = Tensor.from([1, 2]);
    expect(allClose(a, Tensor.from([1 + 1e-10, 2]))).toBe(true);
    expect(allClose(a, Tensor.from([1.001, 2]))).toBe(false);
    expect(allClose(a, Tensor.from([1.001, 2]), 0.01)).toBe(true);
    expect(allClose(Tensor.from([1000]), Tensor.from([1001]), 0, { rtol: 0.01 })).toBe(true);
    expect(allClose(a, Tensor.from([[1, 2]]))).toBe(false);
    expect(allClose(Tensor.from([Number.NaN]), Tensor.from([Number.NaN]))).toBe(false);
    expect(equal(a, Tensor.from([1, 2]))).toBe(true);
    expect(maxAbsDiff(a, Tensor.from([1.5, 2]))).toBe(0.5);
  });
});

describe("sum down the rows (a dense layer's bias gradient) for every width", () => {
  it("1 to 19 columns, 0 to 5 rows and 150: each column summed in row order, the same bits as a plain loop", () => {
    // values whose sum depends on the order of the adds (1e16 + 1 − 1e16 is 0, 1 − 1e16 + 1e16 is 0 too, but
    // mixed with small values the rounding shows any reordering)
    const value = (i: number, j: number) => [1e16, 1, -1e16, 0.1, -3.7, 2 ** -30][(i * 7 + j * 3) % 6] * (1 + j / 7);
    for (const rows of [0, 1, 2, 5, 150]) {
      for (let cols = 1; cols <= 19; cols++) {
        const X = new Tensor([rows, cols]);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) X.data[i * cols + j] = value(i, j);
        const want: number[] = [];
        for (let j = 0; j < cols; j++) {
          let s = 0;
          for (let i = 0; i < rows; i++) s += X.data[i * cols + j];
          want.push(s);
        }
        const got = sum(X, 0);
        expect(got.shape).toEqual([1, cols]);
        expect([rows, cols, Array.from(got.data)]).toEqual([rows, cols, want]);
      }
    }
  });
});

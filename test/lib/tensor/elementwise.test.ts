import { describe, expect, it } from "vitest";
import { Tensor, add, broadcastTo, div, exp, log, map, mul, neg, pow, scale, sub, sumToShape, zip } from "../../../lib";

const X = Tensor.from([
  [1, 2, 3],
  [4, 5, 6],
]);

describe("element-wise ops with broadcasting", () => {
  it("same shapes", () => {
    expect(add(X, X).toArray()).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(sub(X, X).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(mul(X, X).toArray()).toEqual([
      [1, 4, 9],
      [16, 25, 36],
    ]);
    expect(div(X, X).toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });
  it("a scalar (number, 0-d, or 1×1) against a matrix, on either side", () => {
    expect(add(X, 10).toArray()).toEqual([
      [11, 12, 13],
      [14, 15, 16],
    ]);
    expect(sub(Tensor.from(10), X).toArray()).toEqual([
      [9, 8, 7],
      [6, 5, 4],
    ]);
    expect(mul(Tensor.from([[2]]), X).toArray()).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
  });
  it("a row vector (1×n and n) is added to every row: X·W + b", () => {
    const b = Tensor.from([[10, 20, 30]]);
    const expected = [
      [11, 22, 33],
      [14, 25, 36],
    ];
    expect(add(X, b).toArray()).toEqual(expected);
    expect(add(X, Tensor.from([10, 20, 30])).toArray()).toEqual(expected);
    expect(add(b, X).toArray()).toEqual(expected);
  });
  it("a column vector (m×1) is applied to every column", () => {
    const c = Tensor.from([[2], [4]]);
    expect(div(X, c).toArray()).toEqual([
      [0.5, 1, 1.5],
      [1, 1.25, 1.5],
    ]);
  });
  it("a column m×1 against a row 1×n gives the m×n outer combination", () => {
    expect(mul(Tensor.from([[1], [2]]), Tensor.from([[1, 10, 100]])).toArray()).toEqual([
      [1, 10, 100],
      [2, 20, 200],
    ]);
  });
  it("names the op and both shapes when they cannot be broadcast", () => {
    expect(() => add(X, Tensor.from([1, 2]))).toThrow("add: shapes 2×3 and 2 cannot be broadcast");
    expect(() => mul(X, Tensor.from([[1], [2], [3]]))).toThrow("mul: shapes 2×3 and 3×1 cannot be broadcast");
  });
  it("unary maps", () => {
    expect(neg(X).get(1, 2)).toBe(-6);
    expect(scale(X, 0.5).get(0, 1)).toBe(1);
    expect(exp(Tensor.from([0, 1])).toArray()).toEqual([1, Math.E]);
    expect(log(Tensor.from([1, Math.E])).toArray()).toEqual([0, 1]);
    expect(pow(Tensor.from([2, 3]), 3).toArray()).toEqual([8, 27]);
    expect(map(Tensor.from([-1, 2]), (v) => Math.max(0, v)).toArray()).toEqual([0, 2]);
    expect(zip(X, Tensor.from([[3, 3, 3]]), Math.max).toArray()).toEqual([
      [3, 3, 3],
      [4, 5, 6],
    ]);
  });
  it("does not change its inputs", () => {
    const before = Array.from(X.data);
    add(X, 1);
    mul(X, X);
    expect(Array.from(X.data)).toEqual(before);
  });
  it("sumToShape undoes broadcasting by summing, broadcastTo repeats", () => {
    expect(sumToShape(X, [1, 3]).toArray()).toEqual([[5, 7, 9]]);
    expect(sumToShape(X, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(sumToShape(X, [3]).toArray()).toEqual([5, 7, 9]);
    expect(sumToShape(X, []).toArray()).toEqual(21);
    expect(broadcastTo(Tensor.from([[1, 2, 3]]), [2, 3]).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(() => broadcastTo(X, [3, 3])).toThrow(/cannot be broadcast/);
  });
});

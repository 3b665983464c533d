import { describe, expect, it } from "vitest";
import { Rng, Tensor } from "../../../lib";

describe("Tensor", () => {
  it("builds a matrix from nested arrays, row-major", () => {
    const a = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.get(1, 0)).toBe(4);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("rejects ragged arrays with the depth named", () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(/ragged array, expected length 2 at depth 1, got 1/);
  });
});

describe("Rng", () => {
  it("is reproducible for a seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect([a.uniform(), a.normal()]).toEqual([b.uniform(), b.normal()]);
  });
});

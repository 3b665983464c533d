import { inspect } from "node:util";
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
  it("prints NaN, ±Infinity and tiny values as they are when debugging a failed computation (JSON would show null and 0)", () => {
    expect(String(Tensor.from([[Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-300]]))).toBe(
      "Tensor(1×5) [[NaN,Infinity,-Infinity,0,1e-300]]",
    );
    expect(
      `${Tensor.from([
        [0.1234567, -2.5],
        [1e6, 3],
      ])}`,
    ).toBe("Tensor(2×2) [[0.123457,-2.5],[1000000,3]]");
  });
});

describe("Rng", () => {
  it("is reproducible for a seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect([a.uniform(), a.normal()]).toEqual([b.uniform(), b.normal()]);
  });
});

describe("Tensor.version", () => {
  it("counts in-place changes, shared with reshaped views, and stays out of printing, JSON and equality", () => {
    const t = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    const view = t.reshape([4]);
    expect([t.version, view.version]).toEqual([0, 0]);
    view.setInPlace(9, 0);
    t.bumpVersion();
    expect([t.version, view.version]).toEqual([2, 2]);
    expect(JSON.parse(JSON.stringify(t))).toEqual({ shape: [2, 2], data: { 0: 9, 1: 2, 2: 3, 3: 4 } });
    expect(t).toEqual(
      Tensor.from([
        [9, 2],
        [3, 4],
      ]),
    );
    expect(inspect(t)).toBe("Tensor { shape: [ 2, 2 ], data: Float64Array(4) [ 9, 2, 3, 4 ] }");
  });
});

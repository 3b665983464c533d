import { describe, expect, it } from "vitest";
import { Rng, allocData, eye, fromArray, full, ones, randomNormal, randomUniform, zeros } from "../../../lib";

describe("creation", () => {
  it("zeros, ones, full and eye have the asked shape and values", () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([1, 2]).toArray()).toEqual([[1, 1]]);
    expect(full([3], 7).toArray()).toEqual([7, 7, 7]);
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(fromArray([2, 2], [1, 2, 3, 4]).get(1, 0)).toBe(3);
  });
  it("seeded random tensors repeat for a seed and differ across seeds", () => {
    const a = randomUniform([3, 4], new Rng(5), -2, 2);
    expect(a.data).toEqual(randomUniform([3, 4], new Rng(5), -2, 2).data);
    expect(a.data).not.toEqual(randomUniform([3, 4], new Rng(6), -2, 2).data);
    for (const v of a.data) expect(v >= -2 && v < 2).toBe(true);
    const n = randomNormal([20000], new Rng(1), 3, 2);
    const m = n.data.reduce((s, v) => s + v, 0) / n.size;
    const sd = Math.sqrt(n.data.reduce((s, v) => s + (v - m) ** 2, 0) / n.size);
    expect(Math.abs(m - 3)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });
  it("rejects an invalid shape and a bad range", () => {
    expect(() => zeros([2, -1])).toThrow(
      /^zeros: shape must be an array of sizes \(integers >= 0\), e\.g\. \[2, 3\], got \[2, -1\] \(an array of 2 numbers\)$/,
    );
    expect(() => randomUniform([2], new Rng(1), 1, 0)).toThrow(/high 0 is below low 1/);
  });
  it("small tensors do not share values even though they share a slab", () => {
    const a = zeros([4]);
    const b = zeros([4]);
    a.data[0] = 5;
    expect(b.data[0]).toBe(0);
    expect(a.clone().data).toEqual(a.data);
  });
  it("pooled arrays across many slabs start at zero and never overlap", () => {
    const arrays: Float64Array[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = allocData([1, 7, 128, 129, 1000, 4096, 4097][i % 7]);
      expect(a.every((v) => v === 0)).toBe(true);
      a.fill(i + 1);
      arrays.push(a);
    }
    arrays.forEach((a, i) => {
      expect(a.every((v) => v === i + 1)).toBe(true);
    });
  });
});

import { describe, expect, it } from "vitest";
import { Rng, heUniformInit, initializers, mlp, xavierNormalInit } from "../../../lib";

// The variance each initialiser is meant to give (PyTorch's torch.nn.init formulas, gain 1 for Xavier and √2 for He),
// and whether it is uniform (with its bound) or normal. Every registered name must appear here.
const expected: Record<
  string,
  { variance: (fanIn: number, fanOut: number) => number; bound?: (fanIn: number, fanOut: number) => number }
> = {
  uniform: { variance: (i) => 1 / (3 * i), bound: (i) => 1 / Math.sqrt(i) },
  xavier: { variance: (i, o) => 2 / (i + o), bound: (i, o) => Math.sqrt(6 / (i + o)) },
  xavierNormal: { variance: (i, o) => 2 / (i + o) },
  he: { variance: (i) => 2 / i },
  heUniform: { variance: (i) => 2 / i, bound: (i) => Math.sqrt(6 / i) },
  zeros: { variance: () => 0, bound: () => 0 },
};

describe("every registered initialiser gives PyTorch's variance, and its bound when uniform", () => {
  it("the table above covers exactly the registry", () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(initializers).sort());
  });
  for (const [name, make] of Object.entries(initializers)) {
    it(`${name}: 300×200 weights`, () => {
      const [fanIn, fanOut] = [300, 200];
      const w = make(new Rng(5))(fanIn, fanOut);
      expect(w.shape).toEqual([fanIn, fanOut]);
      const { variance, bound } = expected[name];
      const meanSquare = w.data.reduce((s, v) => s + v * v, 0) / w.size;
      expect(Math.abs(meanSquare - variance(fanIn, fanOut))).toBeLessThanOrEqual(0.03 * variance(fanIn, fanOut));
      if (bound) {
        const max = Math.max(...Array.from(w.data, Math.abs));
        expect(max).toBeLessThanOrEqual(bound(fanIn, fanOut));
        expect(max).toBeGreaterThanOrEqual(0.99 * bound(fanIn, fanOut));
      }
    });
    it(`${name}: reachable by name from mlp, and reproducible with the same seed`, () => {
      const a = mlp([4, 3], { init: name as keyof typeof initializers, rng: new Rng(9) });
      const b = mlp([4, 3], { init: name as keyof typeof initializers, rng: new Rng(9) });
      expect(Array.from(a.parameters()[0].value.data)).toEqual(Array.from(b.parameters()[0].value.data));
    });
  }
  it("xavierNormal and heUniform draw exactly σ·N(0, 1) and U(−a, a) from the generator", () => {
    const rng = new Rng(2);
    const want = Array.from({ length: 6 }, () => Math.sqrt(2 / 5) * rng.normal());
    expect(Array.from(xavierNormalInit(new Rng(2))(2, 3).data)).toEqual(want);
    const r2 = new Rng(2);
    const a = Math.sqrt(6 / 2);
    expect(Array.from(heUniformInit(new Rng(2))(2, 3).data)).toEqual(Array.from({ length: 6 }, () => r2.range(-a, a)));
  });
});

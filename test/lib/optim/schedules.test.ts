import { describe, expect, it } from "vitest";
import { constant, cosine, exponentialDecay, stepDecay } from "../../../lib";

describe("learning-rate schedules", () => {
  it("constant keeps η₀", () => {
    const s = constant(0.1);
    expect([s(0), s(1), s(100)]).toEqual([0.1, 0.1, 0.1]);
  });
  it("step decay halves every 10 epochs: 0.1, 0.1, 0.05, 0.025", () => {
    const s = stepDecay(0.1, { every: 10, factor: 0.5 });
    expect([s(0), s(9), s(10), s(25)]).toEqual([0.1, 0.1, 0.05, 0.025]);
    expect(s.description).toBe("step decay: 0.1 · 0.5^⌊t/10⌋");
  });
  it("exponential decay η₀·γᵗ: 0.1, 0.09, 0.081", () => {
    const s = exponentialDecay(0.1, { factor: 0.9 });
    [0.1, 0.09, 0.081].forEach((v, t) => {
      expect(s(t)).toBeCloseTo(v, 15);
    });
  });
  it("cosine goes from η₀ through the midpoint to η_min and stays there", () => {
    const s = cosine(0.1, { epochs: 100, minLr: 0.01 });
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(50)).toBeCloseTo(0.055, 15);
    expect(s(100)).toBe(0.01);
    expect(s(150)).toBe(0.01);
    expect(s(25)).toBeCloseTo(0.01 + 0.045 * (1 + Math.SQRT1_2), 15);
  });
  it("reject invalid parameters and epochs", () => {
    expect(() => constant(-1)).toThrow(/constant: lr must be a finite number >= 0, got -1/);
    expect(() => stepDecay(0.1, { every: 0 })).toThrow(/every must be a positive integer, got 0/);
    expect(() => exponentialDecay(0.1, { factor: 1.5 })).toThrow(/factor must lie in \(0, 1\], got 1.5/);
    expect(() => cosine(0.1, { epochs: 10, minLr: 0.2 })).toThrow(/minLr 0.2 is larger than lr 0.1/);
    expect(() => constant(0.1)(-1)).toThrow(/epoch must be an integer >= 0, got -1/);
  });
});

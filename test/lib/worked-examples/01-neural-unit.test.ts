import { describe, expect, it } from "vitest";
import { Tensor, activations, neuralUnit, slideCheck } from "../../../lib";

describe('slide "Neural Network Unit": w = [0.2, 0.3, 0.9], b = 0.5, x = [0.5, 0.6, 0.1]', () => {
  const unit = neuralUnit([0.2, 0.3, 0.9], 0.5, [0.5, 0.6, 0.1]);
  it("z = w·x + b = 0.87", () => {
    expect(Math.abs(unit.z - (0.2 * 0.5 + 0.3 * 0.6 + 0.9 * 0.1 + 0.5))).toBeLessThanOrEqual(1e-9);
    expect(slideCheck("z", 0.87, unit.z).ok).toBe(true);
  });
  it("y = sigmoid(z) = 0.704746 (slide: 0.70)", () => {
    expect(Math.abs(unit.y - 1 / (1 + Math.exp(-0.87)))).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(unit.y - 0.704746)).toBeLessThanOrEqual(5e-7);
    const check = slideCheck("y", 0.7, unit.y);
    expect(check.text).toBe("y: 0.70 on the slide, 0.704746 here ✓");
  });
  it("takes Tensors and another activation, and rejects w and x of different lengths", () => {
    const t = neuralUnit(Tensor.from([0.2, 0.3, 0.9]), 0.5, Tensor.from([0.5, 0.6, 0.1]), activations.tanh);
    expect(t.y).toBe(Math.tanh(t.z));
    expect(() => neuralUnit([1, 2], 0, [1, 2, 3])).toThrow(/neuralUnit: w \(2\) and x \(3\) have different lengths/);
  });
});

import { describe, expect, it } from "vitest";
import { Tensor, slideCheck, softmax } from "../../../lib";
import { expectClose } from "./close";

describe('slide "Softmax: a Generalization of Sigmoid": z = [0.6, 1.1, −1.5, 1.2, 3.2, −1.1]', () => {
  const z = [0.6, 1.1, -1.5, 1.2, 3.2, -1.1];
  const p = softmax(Tensor.from(z));
  it("softmax(z) = [0.054825, 0.090392, 0.006714, 0.099898, 0.738155, 0.010016]", () => {
    const total = z.reduce((s, v) => s + Math.exp(v), 0);
    expectClose(
      p,
      z.map((v) => Math.exp(v) / total),
      1e-9,
    );
    expectClose(p, [0.054825, 0.090392, 0.006714, 0.099898, 0.738155, 0.010016], 5e-7);
  });
  it("slide [0.055, 0.090, 0.006, 0.099, 0.74, 0.010], within its rounding (0.0067 is truncated to 0.006)", () => {
    const check = slideCheck("softmax(z)", [0.055, 0.09, 0.006, 0.099, 0.74, 0.01], p);
    expect(check.ok).toBe(true);
    expect(p.data[2].toFixed(3)).toBe("0.007"); // rounding would print 0.007: the slide truncated
    expect(check.maxDiff).toBeLessThan(0.002);
  });
});

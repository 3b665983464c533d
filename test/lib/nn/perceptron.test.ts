import { describe, expect, it } from "vitest";
import { Tensor, augment, logicTable, perceptronPredict, trainPerceptron } from "../../../lib";

describe("trainPerceptron", () => {
  it("learns AND and OR (an epoch without update), never converges on XOR", () => {
    const run = (fn: "and" | "or" | "xor") => {
      const t = logicTable(fn);
      const y = t.y.map((v) => (v === 1 ? 1 : -1));
      const r = trainPerceptron(augment(t.X), y, { lr: 1, maxEpochs: 100 });
      return { r, t, y };
    };
    for (const fn of ["and", "or"] as const) {
      const { r, t, y } = run(fn);
      expect(r.converged, fn).toBe(true);
      expect(perceptronPredict(r.w, augment(t.X))).toEqual(y);
      const last = r.trace.filter((s) => s.epoch === r.epochs);
      expect(last.every((s) => !s.updated)).toBe(true);
    }
    const xor = run("xor").r;
    expect(xor.converged).toBe(false);
    expect(xor.epochs).toBe(100);
    expect(xor.trace.filter((s) => s.epoch === 100).some((s) => s.updated)).toBe(true);
  });
  it("traces every step with w before and after, updating exactly when y w·x <= 0", () => {
    const r = trainPerceptron([[1, 0, 0]], [1], { lr: 0.5 });
    // w = 0: y w·x = 0 <= 0 counts as a mistake, so the first step updates
    expect(r.trace[0]).toMatchObject({ epoch: 1, index: 0, y: 1, score: 0, loss: 0, updated: true });
    expect(Array.from(r.trace[0].wBefore.data)).toEqual([0, 0, 0]);
    expect(Array.from(r.trace[0].wAfter.data)).toEqual([0.5, 0, 0]);
    expect(r.epochs).toBe(2);
    expect(r.updates).toBe(1);
  });
  it("accepts w0 as a Tensor and does not modify it", () => {
    const w0 = Tensor.from([0, -1, 1]);
    trainPerceptron(Tensor.from([[1, 5, 4]]), [1], { w0, lr: 1 });
    expect(Array.from(w0.data)).toEqual([0, -1, 1]);
  });
  it("rejects bad input with the problem named", () => {
    expect(() => trainPerceptron([[1, 2]], [0])).toThrow(/labels must be \+1 or -1, y\[0\] = 0/);
    expect(() => trainPerceptron([[1, 2]], [1, 1])).toThrow(/X has 1 sample but y has 2 labels/);
    expect(() => trainPerceptron([[1, 2]], [1], { lr: -1 })).toThrow(/lr \(η\) must be a finite number > 0, got -1/);
    expect(() => trainPerceptron([[1, 2]], [1], { maxEpochs: 0 })).toThrow(/maxEpochs must be an integer >= 1/);
    expect(() => trainPerceptron([[1, 2]], [1], { w0: [1, 2, 3] })).toThrow(/w0 has 3 weights but samples have 2 features/);
    expect(() => trainPerceptron([], [])).toThrow(/X has no samples/);
    expect(() => trainPerceptron([[1, 2], [1]], [1, 1])).toThrow(/row 1 of X has 1 value, row 0 has 2/);
  });
});

describe("perceptronPredict", () => {
  it("is sign(w·x) per row, 0 on the boundary", () => {
    expect(
      perceptronPredict(
        [-0.5, 1, 1],
        [
          [1, 0, 0],
          [1, 1, 0],
          [1, 0.5, 0],
        ],
      ),
    ).toEqual([-1, 1, 0]);
    expect(() => perceptronPredict([1, 2], [[1, 2, 3]])).toThrow(/w has 2 weights but samples have 3 features/);
  });
});

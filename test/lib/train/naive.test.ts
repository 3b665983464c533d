import { describe, expect, it } from "vitest";
import { Rng, Tensor, mse, naiveRandomSearch } from "../../../lib";
import { scalarModel } from "../train/toy-models";

describe("naiveRandomSearch (the slides' naive approach)", () => {
  const x = Tensor.from([[1], [2], [3]]);
  const y = Tensor.from([[2], [4], [6]]);
  it("never increases the loss and only keeps trials that lower it", () => {
    const m = scalarModel(0);
    const r = naiveRandomSearch(m, mse(), { x, y }, { steps: 200, scale: 0.1, rng: new Rng(0) });
    expect(r.step).toHaveLength(201);
    for (let s = 1; s <= 200; s++) {
      if (r.accepted[s]) expect(r.loss[s]).toBeLessThan(r.loss[s - 1]);
      else expect(r.loss[s]).toBe(r.loss[s - 1]);
    }
    expect(r.acceptedSteps).toBe(r.accepted.filter(Boolean).length - 1);
    expect(m.w.value.data[0]).toBeCloseTo(2, 1); // y = 2x found by trial and error
  });
  it("restores the weights of a rejected trial exactly", () => {
    const m = scalarModel(2); // already optimal: every trial is worse
    const r = naiveRandomSearch(m, mse(), { x, y }, { steps: 20, scale: 0.5, rng: new Rng(1), mode: "one" });
    expect(r.acceptedSteps).toBe(0);
    expect(m.w.value.data[0]).toBe(2);
  });
  it("is reproducible for a seed", () => {
    const a = naiveRandomSearch(scalarModel(0), mse(), { x, y }, { steps: 30, rng: new Rng(4) });
    const b = naiveRandomSearch(scalarModel(0), mse(), { x, y }, { steps: 30, rng: new Rng(4) });
    expect(a.loss).toEqual(b.loss);
  });
  it("rejects a bad scale or step count", () => {
    expect(() => naiveRandomSearch(scalarModel(0), mse(), { x, y }, { steps: 5, scale: 0, rng: new Rng(0) })).toThrow(
      /scale must be a finite number > 0, got 0/,
    );
    expect(() => naiveRandomSearch(scalarModel(0), mse(), { x, y }, { steps: -1, rng: new Rng(0) })).toThrow(
      /steps must be an integer >= 0/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { type Optimizer, Tensor, type Var, ad, input, optimizers, param } from "../../../lib";

// Every registered optimizer (lib/optim/registry.ts), so a new one is held to the same rules without editing this file.
const entries = Object.entries(optimizers) as [string, (o: { lr: number }) => Optimizer][];

/** ½‖w − target‖² as a graph: its gradient is w − target. */
function loss(w: Var, target: number[]): Var {
  return ad.mul(0.5, ad.sum(ad.square(ad.sub(w, input(Tensor.from(target))))));
}

/** One forward, backward and step of `opt` on the parameters given, each pulled towards its own target. */
function stepOn(opt: Optimizer, params: Var[], targets: number[][]): void {
  const terms = params.map((p, i) => loss(p, targets[i]));
  terms.reduce((a, b) => ad.add(a, b)).backward();
  opt.step(params);
}

describe.each(entries)("%s: state is per parameter, as in PyTorch", (_name, make) => {
  it("a parameter first reached after 5 steps takes the same first update as with a fresh optimizer", () => {
    const opt = make({ lr: 0.1 });
    const early = param(Tensor.from([1, -2]), "early");
    for (let s = 0; s < 5; s++) stepOn(opt, [early], [[0, 0]]);
    const late = param(Tensor.from([3, 0.5]), "late");
    stepOn(
      opt,
      [early, late],
      [
        [0, 0],
        [1, 1],
      ],
    );
    const fresh = param(Tensor.from([3, 0.5]), "fresh");
    stepOn(make({ lr: 0.1 }), [fresh], [[1, 1]]);
    expect(Array.from(late.value.data)).toEqual(Array.from(fresh.value.data));
  });
  it("an optimizer reused on a second model trains it exactly as a fresh one", () => {
    const reused = make({ lr: 0.05 });
    const first = param(Tensor.from([[2, -1]]), "first");
    for (let s = 0; s < 7; s++) stepOn(reused, [first], [[0, 0]]);
    const a = param(Tensor.from([0.3, -0.7, 1.2]));
    const b = param(Tensor.from([0.3, -0.7, 1.2]));
    const fresh = make({ lr: 0.05 });
    for (let s = 0; s < 4; s++) {
      stepOn(reused, [a], [[1, 2, 3]]);
      stepOn(fresh, [b], [[1, 2, 3]]);
    }
    expect(Array.from(a.value.data)).toEqual(Array.from(b.value.data));
  });
  it("counts the updates of each parameter, skipping the calls where it had no gradient", () => {
    const opt = make({ lr: 0.1 }) as Optimizer & { stateOf(p: Var): { step: number } | undefined; steps: number };
    const p = param(Tensor.from([1]));
    const q = param(Tensor.from([1]));
    stepOn(opt, [p], [[0]]);
    stepOn(opt, [p], [[0]]);
    q.grad = null;
    opt.step([q]); // no gradient: not updated, no state
    expect(opt.stateOf(q)).toBeUndefined();
    stepOn(opt, [p, q], [[0], [0]]);
    expect(opt.stateOf(p)?.step).toBe(3);
    expect(opt.stateOf(q)?.step).toBe(1);
    expect(opt.steps).toBe(4);
  });
});

describe.each(entries)("%s: a bad gradient is refused before any parameter changes", (name, make) => {
  it("a hand-set gradient of the wrong size names the parameter and both shapes", () => {
    const opt = make({ lr: 0.1 });
    const w = param(Tensor.from([[1, 2, 3]]), "W");
    const b = param(Tensor.from([5]), "b");
    b.grad = Tensor.from([1]);
    w.grad = Tensor.from([[1, 2]]);
    expect(() => opt.step([b, w])).toThrow(/\.step: parameter "W" \(1×3\) has a gradient of shape 1×2; no parameter was changed/);
    expect(Array.from(w.value.data)).toEqual([1, 2, 3]);
    expect(Array.from(b.value.data)).toEqual([5]);
  });
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`a gradient holding ${bad} names the parameter and the index`, () => {
      const opt = make({ lr: 0.1 });
      const w = param(Tensor.from([1, 2, 3]), "w");
      w.grad = Tensor.from([0.5, bad, 0]);
      expect(() => opt.step([w])).toThrow(new RegExp(`the gradient of parameter "w" \\(3\\) is ${bad} at flat index 1`));
      expect(Array.from(w.value.data)).toEqual([1, 2, 3]);
    });
  }
  it("a bad value anywhere in a long gradient (first, middle, last, past the last group of 4) is found", () => {
    for (const [size, at] of [
      [7, 6],
      [8, 7],
      [1001, 0],
      [1001, 500],
      [1001, 1000],
      [1, 0],
    ]) {
      const opt = make({ lr: 0.1 });
      const w = param(Tensor.from(new Array(size).fill(1)), "w");
      const g = Tensor.from(new Array(size).fill(0.25));
      g.data[at] = Number.NaN;
      w.grad = g;
      expect(() => opt.step([w])).toThrow(new RegExp(`"w" \\(${size}\\) is NaN at flat index ${at};`));
      expect(w.value.data.every((v) => v === 1)).toBe(true);
    }
  });
  it("with several bad gradients the first parameter's is named and none of the parameters changes", () => {
    const opt = make({ lr: 0.1 });
    const a = param(Tensor.from([1, 2]), "a");
    const b = param(Tensor.from([3, 4, 5, 6, 7]), "b");
    const c = param(Tensor.from([8]), "c");
    a.grad = Tensor.from([0.5, 0.5]);
    b.grad = Tensor.from([0, 0, 0, 0, Number.POSITIVE_INFINITY]);
    c.grad = Tensor.from([Number.NaN]);
    expect(() => opt.step([a, b, c])).toThrow(/parameter "b" \(5\) is Infinity at flat index 4/);
    expect([a, b, c].map((p) => Array.from(p.value.data))).toEqual([[1, 2], [3, 4, 5, 6, 7], [8]]);
    // a good step afterwards moves every parameter
    b.grad = Tensor.from([1, 1, 1, 1, 1]);
    c.grad = Tensor.from([1]);
    opt.step([a, b, c]);
    expect(a.value.data[0]).not.toBe(1);
    expect(b.value.data[4]).not.toBe(7);
    expect(c.value.data[0]).not.toBe(8);
  });
  it("an unknown option is an error, not ignored", () => {
    expect(() => make({ lr: 0.1, learningRate: 0.5 } as { lr: number })).toThrow(
      new RegExp(`${name}: unknown option "learningRate"; known: lr, weightDecay`),
    );
  });
});

describe.each(entries)("%s: step changes weights in place, so the old graph is refused", (_name, make) => {
  it("backward of a graph built before step throws the in-place message; a new forward pass works", () => {
    const opt = make({ lr: 0.1 });
    const w = param(Tensor.from([1, 2]), "w");
    const L = loss(w, [0, 0]);
    L.backward();
    const before = w.value.version;
    opt.step([w]);
    expect(w.value.version).toBe(before + 1);
    expect(() => L.backward()).toThrow(/modified by an in-place operation: its input "w" \(param, 2\) is at version 1/);
    expect(() => loss(w, [0, 0]).backward()).not.toThrow();
  });
});

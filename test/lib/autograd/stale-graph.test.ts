import { describe, expect, it } from "vitest";
import {
  Rng,
  Tensor,
  type Var,
  ad,
  addScaledInPlace,
  copyInPlace,
  fillInPlace,
  fit as fitModel,
  input,
  mlp,
  mse,
  naiveRandomSearch,
  param,
  sgd,
} from "../../../lib";

// A graph back-propagated after one of its values changed in place would give the gradient of neither the old nor
// the new weights (50 SGD steps on a reused graph raised the true loss while L.value stayed put). Every in-place
// path of the library counts a version, and backward refuses the stale graph with PyTorch's wording.
const STALE = /modified by an in-place operation/;

function graph(): { w: Var; b: Var; L: Var } {
  const w = param(Tensor.from([[0.5, -1]]), "w");
  const b = param(Tensor.from([0.25]), "b");
  const x = input(Tensor.from([[1], [2]]));
  const L = ad.sum(ad.square(ad.add(ad.matmul(x, w), b)));
  return { w, b, L };
}

const mutations: [string, (w: Var, b: Var) => void][] = [
  [
    "optimizer.step",
    (w, b) => {
      w.grad = Tensor.from([[1, 1]]);
      b.grad = null;
      sgd({ lr: 0.1 }).step([w, b]);
    },
  ],
  ["addScaledInPlace", (w) => addScaledInPlace(w.value, Tensor.from([[1, 1]]), -0.1)],
  ["fillInPlace", (w) => fillInPlace(w.value, 0)],
  ["copyInPlace", (_w, b) => copyInPlace(b.value, Tensor.from([3]))],
  ["Tensor.setInPlace", (w) => w.value.setInPlace(7, 0, 1)],
  ["a reshaped view of the weights", (w) => fillInPlace(w.value.reshape([2]), 1)],
  [
    "bumpVersion after writing data by hand",
    (w) => {
      w.value.data[0] = 9;
      w.value.bumpVersion();
    },
  ],
];

describe("backward refuses a graph whose values changed in place after the forward pass", () => {
  for (const [name, mutate] of mutations) {
    it(`${name}`, () => {
      const { w, b, L } = graph();
      L.backward(); // fine before the change, and twice in a row
      L.backward();
      mutate(w, b);
      expect(() => L.backward()).toThrow(STALE);
      expect(() => L.backward()).toThrow(/the graph was built at version 0\. .*run the forward pass again/);
    });
  }
  it("names the changed input, its op and its shape", () => {
    const { w, L } = graph();
    fillInPlace(w.value, 1);
    expect(() => L.backward()).toThrow(/needed by matmul .*its input "w" \(param, 1×2\) is at version 1/);
  });
  it("an intermediate value changed in place is refused too", () => {
    const w = param(Tensor.from([1, 2]), "w");
    const y = ad.square(w);
    const L = ad.sum(y);
    fillInPlace(y.value, 0);
    expect(() => L.backward()).toThrow(/needed by sum .*its input \(square, 2\)/);
  });
  it("the forward pass run again after the change back-propagates normally", () => {
    const { w, b } = graph();
    sgd({ lr: 0.1 }).step([w, b]); // no gradients yet: nothing moves, nothing is bumped
    fillInPlace(w.value, 1);
    const x = input(Tensor.from([[1], [2]]));
    const L = ad.sum(ad.square(ad.add(ad.matmul(x, w), b)));
    L.backward();
    expect(Array.from(w.grad!.data)).toEqual([2 * (1.25 + 2 * 2.25), 2 * (1.25 + 2 * 2.25)]);
  });
  it("setWeights (setWeightsInPlace) on a layer", () => {
    const net = mlp([2, 1], { init: "zeros" });
    const L = ad.sum(net.forward(input(Tensor.from([[1, 2]]))));
    net.setWeights(0, [[1], [1]], [0]);
    expect(() => L.backward()).toThrow(STALE);
  });
  it("fit (its steps, and restoring the best weights) and the naive random search", () => {
    const x = Tensor.from([[0], [1], [2], [3]]);
    const y = Tensor.from([[1], [3], [5], [7]]);
    for (const train of [
      (net: ReturnType<typeof mlp>) =>
        fitModel(net, { x, y }, { epochs: 3, batchSize: 4, optimizer: sgd({ lr: 0.01 }), loss: mse(), metrics: [] }),
      (net: ReturnType<typeof mlp>) => naiveRandomSearch(net, mse(), { x, y }, { steps: 5, rng: new Rng(2) }),
    ]) {
      const net = mlp([1, 1], { init: "uniform", rng: new Rng(1) });
      const L = ad.sum(net.forward(input(x)));
      train(net);
      expect(() => L.backward()).toThrow(STALE);
    }
  });
});

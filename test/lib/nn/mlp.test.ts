import { describe, expect, it } from "vitest";
import {
  type Loss,
  type MLP,
  Rng,
  Tensor,
  adam,
  binaryCrossEntropy,
  dense,
  fit as train,
  heInit,
  input,
  iris,
  lossOp,
  mlp,
  mse,
  softmaxCrossEntropy,
  standardize,
  trainTestSplit,
  uniformInit,
  xavierInit,
  categoricalCrossEntropy,
  oneHot,
} from "../../../lib";

/** Largest relative error between autograd's parameter gradients and central differences of the loss. */
function modelGradError(net: MLP, X: Tensor, Y: Tensor, loss: Loss): number {
  const L = lossOp(net.forward(input(X)), Y, loss);
  L.backward();
  const value = () => loss.value(net.predict(X), Y);
  let worst = 0;
  for (const p of net.parameters()) {
    const g = p.grad as Tensor;
    for (let i = 0; i < p.value.size; i++) {
      const keep = p.value.data[i];
      p.value.data[i] = keep + 1e-6;
      const up = value();
      p.value.data[i] = keep - 1e-6;
      const down = value();
      p.value.data[i] = keep;
      const numeric = (up - down) / 2e-6;
      worst = Math.max(worst, Math.abs(numeric - g.data[i]) / Math.max(1, Math.abs(numeric)));
    }
  }
  return worst;
}

const X = Tensor.from([
  [0.5, -1.2, 0.3],
  [1.5, 0.2, -0.7],
  [-0.4, 0.9, 1.1],
  [0.1, 0.1, -2],
]);

describe("initialisers", () => {
  it("are reproducible for a seed and shaped fanIn×fanOut", () => {
    const a = xavierInit(new Rng(5))(3, 4);
    const b = xavierInit(new Rng(5))(3, 4);
    expect(a.shape).toEqual([3, 4]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
  it("Xavier stays within ±√(6/(in+out)), uniform within ±1/√in, He has std √(2/in)", () => {
    const xa = xavierInit(new Rng(1))(50, 70);
    expect(Math.max(...Array.from(xa.data, Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 120));
    expect(Math.max(...Array.from(xa.data, Math.abs))).toBeGreaterThan(0.9 * Math.sqrt(6 / 120));
    const un = uniformInit(new Rng(1))(25, 40);
    expect(Math.max(...Array.from(un.data, Math.abs))).toBeLessThanOrEqual(0.2);
    const he = heInit(new Rng(1))(100, 200);
    const std = Math.sqrt(he.data.reduce((s, v) => s + v * v, 0) / he.size);
    expect(std).toBeGreaterThan(0.95 * Math.sqrt(0.02));
    expect(std).toBeLessThan(1.05 * Math.sqrt(0.02));
  });
  it("a random initialiser without an Rng is refused", () => {
    expect(() => mlp([2, 1])).toThrow(/mlp: init "xavier" needs a seeded generator: pass \{ rng: new Rng\(seed\) \}/);
    expect(() => mlp([2, 1], { init: "zeros" })).not.toThrow();
    expect(() => mlp([2, 1], { init: "normal" as "he", rng: new Rng(1) })).toThrow(
      /init must be one of "uniform", "xavier", "xavierNormal", "he", "heUniform", "zeros", got "normal" \(a string\)/,
    );
  });
});

describe("dense and mlp", () => {
  it("mlp([3, 5, 2]) has W (3×5), b (1×5), W (5×2), b (1×2) and maps batch×3 to batch×2", () => {
    const net = mlp([3, 5, 2], { rng: new Rng(1) });
    expect(net.parameters().map((p) => p.value.shape)).toEqual([
      [3, 5],
      [1, 5],
      [5, 2],
      [1, 2],
    ]);
    expect(net.parameters().map((p) => p.label)).toEqual(["W1", "b1", "W2", "b2"]);
    expect(net.predict(X).shape).toEqual([4, 2]);
    expect(net.sizes).toEqual([3, 5, 2]);
    expect(net.activationNames).toEqual(["relu", "identity"]);
  });
  it("the forward graph is linear (the slides' a = b + W h) → activation per layer", () => {
    const layer = dense(3, 2, { activation: "tanh", rng: new Rng(2) });
    const y = layer.forward(input(X));
    expect(y.op).toBe("tanh");
    expect(y.inputs[0].op).toBe("linear");
    expect(y.inputs[0].inputs.map((v) => v.op)).toEqual(["input", "param", "param"]);
    expect(y.inputs[0].inputs.map((v) => v.label)).toEqual(["", "W", "b"]);
  });
  it("computes f(X·W + b) with hand-set weights", () => {
    const net = mlp([2, 1], { activations: ["sigmoid"], init: "zeros" });
    net.setWeights(0, [[0.5], [-1]], [0.25]);
    const out = net.predict(Tensor.from([[2, 1]]));
    expect(out.item()).toBeCloseTo(1 / (1 + Math.exp(-(1 - 1 + 0.25))), 15);
  });
  it("setWeights takes the slides' out×in layout too, and rejects wrong shapes with both named", () => {
    const net = mlp([2, 3], { init: "zeros" });
    net.setWeights(
      0,
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      Tensor.from([[1], [2], [3]]),
      { layout: "slides" },
    );
    expect(net.layers[0].W.value.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(net.layers[0].b.value.toArray()).toEqual([[1, 2, 3]]);
    expect(() =>
      net.setWeights(
        0,
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [0, 0, 0],
      ),
    ).toThrow(/^MLP\.setWeights \(layer 0\): W must be 2×3 \(inputs×outputs\), got 3×2$/);
    expect(() =>
      net.setWeights(
        0,
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [0, 0],
      ),
    ).toThrow(/^MLP\.setWeights \(layer 0\): b must have 3 values, got 2$/);
    expect(() => net.setWeights(1, [[1]], [0])).toThrow(/layer 1 does not exist \(0..0\)/);
  });
  it("rejects bad sizes, activations and inputs with the problem named", () => {
    expect(() => mlp([3], { init: "zeros" })).toThrow(/sizes needs at least \[inputs, outputs\]/);
    expect(() => mlp([3, 0], { init: "zeros" })).toThrow(/sizes\[1\] must be an integer >= 1, got 0/);
    expect(() => mlp([3, 2, 1], { activations: ["relu"], init: "zeros" })).toThrow(
      /2 layers for sizes \[3,2,1\] but 1 activation$/,
    );
    expect(() => mlp([3, 2], { activations: ["swish"], init: "zeros" })).toThrow(/activation "swish" is unknown/);
    expect(() => mlp([2, 2], { init: "zeros" }).predict(X)).toThrow(/MLP.predict: X is 4×3, the network takes batch×2/);
  });
  it("toSlides gives W out×in and b as columns", () => {
    const net = mlp([3, 2], { rng: new Rng(4) });
    const s = net.toSlides();
    expect(s.W[0].shape).toEqual([2, 3]);
    expect(s.W[0].get(1, 2)).toBe(net.layers[0].W.value.get(2, 1));
    expect(s.b[0].shape).toEqual([2, 1]);
  });
});

describe("gradient check of whole networks (autograd vs central differences)", () => {
  const Y3 = oneHot([0, 2, 1, 2], 3);
  it("relu hidden layer, softmax output, categorical cross-entropy", () => {
    const net = mlp([3, 4, 3], { activations: ["relu", "softmax"], rng: new Rng(11) });
    expect(modelGradError(net, X, Y3, categoricalCrossEntropy)).toBeLessThan(1e-6);
  });
  it("tanh and sigmoid layers, softmax cross-entropy from logits", () => {
    const net = mlp([3, 4, 5, 3], { activations: ["tanh", "sigmoid", "identity"], rng: new Rng(12) });
    expect(modelGradError(net, X, Y3, softmaxCrossEntropy)).toBeLessThan(1e-6);
  });
  it("leaky relu and softplus, sigmoid output, binary cross-entropy", () => {
    const net = mlp([3, 4, 4, 1], { activations: ["leakyRelu", "softplus", "sigmoid"], rng: new Rng(13) });
    expect(modelGradError(net, X, Tensor.from([[1], [0], [0], [1]]), binaryCrossEntropy)).toBeLessThan(1e-6);
  });
  it("identity output with MSE", () => {
    const net = mlp([3, 2, 2], { hidden: "tanh", rng: new Rng(14) });
    expect(
      modelGradError(
        net,
        X,
        Tensor.from([
          [1, 0],
          [0, 2],
          [1, 1],
          [-1, 0],
        ]),
        mse,
      ),
    ).toBeLessThan(1e-6);
  });
});

describe("Iris", () => {
  it("a 4-16-3 MLP trained with a fixed seed reaches >= 95% accuracy on a stratified held-out 30%", () => {
    const rng = new Rng(2026);
    const data = iris();
    const split = trainTestSplit(data.X, data.y, { testFraction: 0.3, rng, stratify: true });
    const scaler = standardize(split.xTrain);
    const net = mlp([4, 16, 3], { activations: ["relu", "identity"], init: "he", rng });
    train(
      net,
      { x: scaler.X, y: oneHot(split.yTrain, 3) },
      { epochs: 200, batchSize: 16, optimizer: adam({ lr: 0.01 }), loss: softmaxCrossEntropy, rng },
    );
    const scores = net.predict(scaler.apply(split.xTest));
    let correct = 0;
    split.yTest.forEach((c, i) => {
      const row = scores.to2D()[i];
      if (row.indexOf(Math.max(...row)) === c) correct++;
    });
    const accuracy = correct / split.yTest.length;
    expect(split.yTest.length).toBe(45);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

// A newcomer's data as rows of numbers (number[][]), as trainPerceptron always took it: every entry point that takes
// data (fit, evaluate, predictClasses, naiveRandomSearch, MLP.predict and forward, augment, standardize, trainTestSplit,
// perceptronPredict) takes it too and gives what the same data as a Tensor gives; bad rows are named; counts in the
// messages have their plurals right ("y has 1 column", not "1 columns").
import { describe, expect, it } from "vitest";
import {
  ad,
  adam,
  asMatrix,
  augment,
  dense,
  evaluate,
  fit as fitModel, // aliased: the linter takes a bare fit(...) call for Jasmine's focused test
  input,
  lossOp,
  losses,
  mlp,
  mse,
  naiveRandomSearch,
  perceptronPredict,
  predictClasses,
  Rng,
  softmaxCrossEntropy,
  standardize,
  Tensor,
  trainPerceptron,
  trainTestSplit,
} from "../../../lib";

const xorRows = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const xorLabels = [0, 1, 1, 0];

describe("data as number[][] wherever data is taken", () => {
  it("fit: rows give the history the same data as a Tensor gives, with class labels and with a target matrix", () => {
    const run = (x: Tensor | number[][], y: Tensor | number[] | number[][]) => {
      const net = mlp([2, 4, 2], { activations: ["tanh", "identity"], rng: new Rng(3) });
      const h = fitModel(
        net,
        { x, y },
        { epochs: 20, batchSize: 2, optimizer: adam({ lr: 0.05 }), loss: softmaxCrossEntropy(), rng: new Rng(1) },
      );
      return { loss: h.loss, w: Array.from(net.parameters()[0].value.data) };
    };
    const fromTensor = run(Tensor.from(xorRows), xorLabels);
    expect(run(xorRows, xorLabels)).toEqual(fromTensor);
    const oneHotRows = xorLabels.map((c) => (c === 0 ? [1, 0] : [0, 1]));
    expect(run(xorRows, oneHotRows)).toEqual(run(Tensor.from(xorRows), Tensor.from(oneHotRows)));
    // validation data as rows too
    const net = mlp([2, 2], { rng: new Rng(0) });
    const h = fitModel(
      net,
      { x: xorRows, y: xorLabels },
      {
        epochs: 2,
        batchSize: 4,
        optimizer: adam({ lr: 0.1 }),
        loss: softmaxCrossEntropy(),
        validation: { x: xorRows, y: xorLabels },
      },
    );
    expect(h.valLoss).toHaveLength(2);
  });

  it("fit and evaluate: class labels in a vector Tensor (Tensor.from(labels)) are the same labels as number[]", () => {
    const run = (y: Tensor | number[]) => {
      const net = mlp([2, 4, 2], { activations: ["tanh", "identity"], rng: new Rng(3) });
      const h = fitModel(
        net,
        { x: xorRows, y },
        { epochs: 5, batchSize: 2, optimizer: adam({ lr: 0.05 }), loss: softmaxCrossEntropy(), rng: new Rng(1) },
      );
      return { loss: h.loss, accuracy: h.accuracy, eval: evaluate(net, { x: xorRows, y }, { loss: softmaxCrossEntropy() }) };
    };
    expect(run(Tensor.from(xorLabels))).toEqual(run(xorLabels));
    // a label beyond the outputs is named as for number[]
    expect(() =>
      fitModel(
        mlp([2, 2], { rng: new Rng(0) }),
        { x: xorRows, y: Tensor.from([0, 2, 1, 0]) },
        { epochs: 1, optimizer: adam({ lr: 0.1 }), loss: softmaxCrossEntropy(), rng: new Rng(0) },
      ),
    ).toThrow(/^fit: label y\[1\] = 2 is not a class of the model's 2 outputs/);
    // one output: a vector Tensor is that output's column of targets, as before
    const single = mlp([2, 1], { rng: new Rng(2) });
    expect(evaluate(single, { x: xorRows, y: Tensor.from(xorLabels) }, { loss: mse() }).loss).toBe(
      evaluate(single, { x: xorRows, y: [[0], [1], [1], [0]] }, { loss: mse() }).loss,
    );
  });

  it("a loss given class indices where one-hot rows are expected says how to make them", () => {
    const yhat = Tensor.from([[0.1, 0.2, 0.7]]);
    expect(() => softmaxCrossEntropy().value(yhat, Tensor.from([2]))).toThrow(
      "softmaxCrossEntropy: yhat 1×3 and y 1 have different shapes; y looks like class indices: compare with one-hot rows, oneHot(labels, 3)",
    );
    // not indices (a fraction, or beyond the outputs): the shapes alone
    expect(() =>
      mse().value(
        Tensor.from([
          [0.1, 0.2],
          [0.3, 0.4],
        ]),
        Tensor.from([0.5, 1]),
      ),
    ).toThrow(/have different shapes$/);
    expect(() => mse().value(yhat, Tensor.from([3]))).toThrow(/have different shapes$/);
  });

  it("evaluate, predictClasses, naiveRandomSearch, MLP.predict and MLP.forward take rows", () => {
    const net = mlp([2, 3, 2], { activations: ["relu", "identity"], rng: new Rng(5) });
    const X = Tensor.from(xorRows);
    const ce = softmaxCrossEntropy();
    expect(evaluate(net, { x: xorRows, y: xorLabels }, { loss: ce })).toEqual(
      evaluate(net, { x: X, y: xorLabels }, { loss: ce }),
    );
    expect(predictClasses(net, xorRows)).toEqual(predictClasses(net, X));
    expect(net.predict(xorRows).to2D()).toEqual(net.predict(X).to2D());
    const search = (x: Tensor | number[][]) =>
      naiveRandomSearch(mlp([2, 1], { rng: new Rng(2) }), mse(), { x, y: [[0], [1], [1], [0]] }, { steps: 20, rng: new Rng(4) });
    expect(search(xorRows)).toEqual(search(X));
  });

  it("augment, standardize (and its apply), trainTestSplit and perceptronPredict take rows", () => {
    expect(augment(xorRows).to2D()).toEqual(augment(Tensor.from(xorRows)).to2D());
    const s = standardize([
      [1, 10],
      [3, 30],
    ]);
    expect(s.X.to2D()).toEqual([
      [-1, -1],
      [1, 1],
    ]);
    expect(s.apply([[2, 20]]).to2D()).toEqual([[0, 0]]);
    const split = trainTestSplit(xorRows, xorLabels, { testFraction: 0.5, rng: new Rng(0) });
    const fromTensor = trainTestSplit(Tensor.from(xorRows), xorLabels, { testFraction: 0.5, rng: new Rng(0) });
    expect(split.xTrain.to2D()).toEqual(fromTensor.xTrain.to2D());
    const w = trainPerceptron(augment(xorRows), [-1, 1, 1, 1], { lr: 1 }).w;
    expect(perceptronPredict(w, augment(xorRows).to2D())).toEqual([-1, 1, 1, 1]);
  });

  it("a ragged row, a non-number or no data at all is named: the function, the argument, the row", () => {
    const net = mlp([2, 2], { rng: new Rng(0) });
    const opts = { epochs: 1, optimizer: adam({ lr: 0.01 }), loss: softmaxCrossEntropy(), rng: new Rng(0) };
    expect(() => fitModel(net, { x: [[0, 0], [1]], y: [0, 1] }, opts)).toThrow(/^fit: row 1 of x has 1 value, row 0 has 2$/);
    expect(() => fitModel(net, { x: [[0, "1" as unknown as number]], y: [0] }, opts)).toThrow(
      /^fit: x\[0\]\[1\] is "1" \(a string\), not a number$/,
    );
    expect(() => fitModel(net, { x: [[0, 0]], y: [[1, 0], [0]] }, opts)).toThrow(/^fit: row 1 of y has 1 value, row 0 has 2$/);
    expect(() => fitModel(net, { x: [0, 1] as unknown as number[][], y: [0] }, opts)).toThrow(
      /^fit: x must be a Tensor or rows of numbers \(number\[\]\[\]\), got \[0, 1\] \(an array of 2 numbers\) \(one sample is a row: \[\[0, 1\]\]\)$/,
    );
    expect(() => fitModel(net, undefined as unknown as { x: number[][]; y: number[] }, opts)).toThrow(
      /^fit: data must be \{ x, y \}/,
    );
    expect(() => fitModel(net, { x: [], y: [] }, opts)).toThrow(/fit: the data set is empty/);
    expect(() => standardize([[1, 2], [3]])).toThrow(/^standardize: row 1 of X has 1 value, row 0 has 2$/);
    expect(() => predictClasses(net, [[1, 2, 3]])).toThrow(
      /^predictClasses: X is 1×3, 3 features per sample, but the model takes 2 inputs/,
    );
    expect(() => asMatrix("f", "X", Tensor.from([1, 2]))).toThrow(/^f: X must be a matrix \(samples×features\), got shape 2$/);
  });
});

describe("every loss of the registry and lossOp take predictions and targets as arrays too", () => {
  it("value, grad and valueAndGrad on number[][] (and number[] as one sample) equal those on Tensors", () => {
    const yhat = [
      [0.2, 0.8],
      [0.6, 0.4],
    ];
    const targets: Record<string, number[][]> = {
      scores: [
        [1, 0],
        [0, 1],
      ],
      signs: [
        [1, -1],
        [-1, 1],
      ],
    };
    for (const [name, { loss, target }] of Object.entries(losses)) {
      const y =
        target === "signs" ? targets.signs : target === "values" ? yhat.map((r) => r.map((v) => v + 0.5)) : targets.scores;
      const [P, Y] = [Tensor.from(yhat), Tensor.from(y)];
      expect(loss.value(yhat, y), name).toBe(loss.value(P, Y));
      expect(loss.grad(yhat, y).to2D(), name).toEqual(loss.grad(P, Y).to2D());
      if (loss.valueAndGrad) expect(loss.valueAndGrad(yhat, y).value, name).toBe(loss.value(P, Y));
      expect(loss().value(yhat[0], y[0]), name).toBe(loss.value(Tensor.from(yhat[0]), Tensor.from(y[0])));
    }
    const net = mlp([2, 1], { rng: new Rng(0) });
    expect(lossOp(net.forward(xorRows), [[0], [1], [1], [0]], mse).value.data[0]).toBe(
      lossOp(net.forward(xorRows), Tensor.from([[0], [1], [1], [0]]), mse).value.data[0],
    );
    expect(() => mse.value([[1, 2]], [[1], [2, 3]])).toThrow(/^mse: row 1 of y has 2 values, row 0 has 1$/);
  });
});

describe("forward takes a Tensor (or rows) where a Var is expected", () => {
  it("net.forward(X) and layer.forward(X) equal forward(input(X)); anything else is named", () => {
    const net = mlp([2, 3, 1], { activations: ["tanh", "sigmoid"], rng: new Rng(1) });
    const X = Tensor.from(xorRows);
    expect(net.forward(X).value.to2D()).toEqual(net.forward(input(X)).value.to2D());
    const layer = dense(2, 3, { rng: new Rng(2) });
    expect(layer.forward(X).value.to2D()).toEqual(layer.forward(input(X)).value.to2D());
    // gradients still reach the weights
    ad.sum(net.forward(X)).backward();
    expect(net.parameters()[0].grad).not.toBeNull();
    // rows of numbers too, as everywhere data is taken
    expect(net.forward(xorRows).value.to2D()).toEqual(net.forward(input(X)).value.to2D());
    expect(() => net.forward([[0, 1], [1]])).toThrow(/^MLP\.forward: row 1 of X has 1 value, row 0 has 2$/);
    expect(() => layer.forward(3 as unknown as Tensor)).toThrow(
      /^Dense\.forward: expected a Var, a Tensor or rows of numbers \(number\[\]\[\]\), got 3$/,
    );
  });
});

describe("counts in messages have their plurals right", () => {
  it("one column, one value, one label, one layer: singular; more: plural", () => {
    const net = mlp([2, 2], { rng: new Rng(0) });
    const opts = { epochs: 1, optimizer: adam({ lr: 0.01 }), loss: mse(), rng: new Rng(0) };
    expect(() => fitModel(net, { x: xorRows, y: [[0], [1], [1], [0]] }, opts)).toThrow(
      /the model gives 2 outputs per sample but y has 1 column \(4×1\)$/,
    );
    const one = mlp([2, 1], { rng: new Rng(0) });
    expect(() =>
      fitModel(
        one,
        {
          x: xorRows,
          y: [
            [0, 1],
            [1, 0],
            [1, 0],
            [0, 1],
          ],
        },
        opts,
      ),
    ).toThrow(/the model gives 1 output per sample but y has 2 columns \(4×2\)$/);
    expect(() => trainPerceptron([[1, 0]], [1, -1])).toThrow(/X has 1 sample but y has 2 labels/);
    expect(() =>
      trainPerceptron(
        [
          [1, 0],
          [1, 1],
        ],
        [1],
      ),
    ).toThrow(/X has 2 samples but y has 1 label$/);
    expect(() => fitModel(net, { x: [[0, 0]], y: [0, 1] }, opts)).toThrow(/fit: x has 1 row but y has 2$/);
    expect(() => mlp([2, 2, 1], { activations: ["relu"] })).toThrow(/mlp: 2 layers for sizes \[2,2,1\] but 1 activation$/);
    expect(() => standardize(Tensor.from([[1, 2]])).apply([[1]])).toThrow(/fitted on 2 columns, got 1×1/);
    expect(() => standardize(Tensor.from([[1], [2]])).apply([[1, 2]])).toThrow(/fitted on 1 column, got 1×2/);
  });
});

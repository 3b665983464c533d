import { describe, expect, it } from "vitest";
import {
  Rng,
  Tensor,
  TrainingDivergedError,
  type Var,
  ad,
  input,
  binaryCrossEntropy,
  evaluate,
  fit as fitModel,
  mlp,
  mse,
  naiveRandomSearch,
  sgd,
  softmaxCrossEntropy,
} from "../../../lib";

// Bad data and bad starts are named as such, never as "training diverged, try a smaller learning rate": that advice
// is wrong when no update has happened yet (lr 1e-9 would fail the same way).
const x = Tensor.from([
  [0.5, 1],
  [1, -1],
  [-0.5, 2],
  [2, 0],
]);
const y = Tensor.from([[1], [0], [1], [0]]);
const opts = () => ({ epochs: 2, batchSize: 2, optimizer: sgd({ lr: 1e-9 }), loss: mse(), rng: new Rng(0) });
const net = () => mlp([2, 3, 1], { init: "xavier", rng: new Rng(3) });

/** x with one value replaced. */
function withValue(t: Tensor, row: number, col: number, v: number): Tensor {
  const c = t.clone();
  c.data[row * t.shape[1] + col] = v;
  return c;
}

describe("fit names bad data by row and column, whatever the value and wherever it sits", () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    for (const [row, col] of [
      [0, 0],
      [3, 1],
      [2, 0],
    ]) {
      it(`${bad} in x at row ${row}, column ${col}`, () => {
        expect(() => fitModel(net(), { x: withValue(x, row, col, bad), y }, opts())).toThrow(
          new RegExp(`^fit: x holds ${bad} at row ${row}, column ${col} \\(counting from 0\\)`),
        );
      });
    }
    it(`${bad} in y (a target column, and class labels)`, () => {
      expect(() => fitModel(net(), { x, y: withValue(y, 2, 0, bad) }, opts())).toThrow(
        new RegExp(`^fit: y holds ${bad} at row 2, column 0`),
      );
      expect(() => fitModel(net(), { x, y: [1, 0, bad, 0] }, opts())).toThrow(
        new RegExp(`^fit: y holds ${bad} at row 2, column 0`),
      );
    });
  }
  it("in a larger x (999×7): the first bad value is named wherever it sits, also in the last values", () => {
    const big = new Tensor([999, 7]);
    for (let i = 0; i < big.data.length; i++) big.data[i] = Math.sin(i);
    const labels = Array.from({ length: 999 }, (_, i) => i % 2);
    const wide = () => mlp([7, 3, 1], { init: "xavier", rng: new Rng(3) });
    const cases: [number, number, number][][] = [
      [[998, 6, Number.NaN]],
      [[998, 4, Number.POSITIVE_INFINITY]],
      [[500, 3, Number.NEGATIVE_INFINITY]],
      [
        [700, 2, Number.POSITIVE_INFINITY],
        [100, 5, Number.NEGATIVE_INFINITY],
        [998, 6, Number.NaN],
      ],
    ];
    for (const bads of cases) {
      let data = big;
      for (const [row, col, v] of bads) data = withValue(data, row, col, v);
      const [row, col, v] = bads.reduce((a, b) => (b[0] * 7 + b[1] < a[0] * 7 + a[1] ? b : a));
      expect(() => fitModel(wide(), { x: data, y: labels }, opts())).toThrow(
        new RegExp(`^fit: x holds ${v} at row ${row}, column ${col} \\(counting from 0\\)`),
      );
    }
  });
  it("in the validation data, and in evaluate and naiveRandomSearch", () => {
    const bad = withValue(x, 1, 1, Number.NaN);
    expect(() => fitModel(net(), { x, y }, { ...opts(), validation: { x: bad, y } })).toThrow(
      /^fit \(validation\): x holds NaN at row 1, column 1/,
    );
    expect(() => evaluate(net(), { x: bad, y }, { loss: mse() })).toThrow(/^evaluate: x holds NaN at row 1, column 1/);
    expect(() => naiveRandomSearch(net(), mse(), { x: bad, y }, { steps: 2, rng: new Rng(0) })).toThrow(
      /^naiveRandomSearch: x holds NaN at row 1, column 1/,
    );
  });
});

describe("fit names a bad start instead of calling it divergence", () => {
  it("a NaN starting weight is named with its parameter", () => {
    const m = net();
    m.parameters()[2].value.data[1] = Number.NaN;
    expect(() => fitModel(m, { x, y }, opts())).toThrow(/^fit: parameter W2 \(3×1\) starts at NaN at flat index 1/);
  });
  it("a saturated first loss (a sigmoid output of exactly 0 under binary cross-entropy) at lr 1e-9", () => {
    const m = mlp([2, 1], { output: "sigmoid", init: "zeros" });
    m.setWeights(0, [[1000], [0]], [0]);
    let error: unknown;
    try {
      fitModel(
        m,
        {
          x: Tensor.from([
            [-1, 0],
            [1, 0],
          ]),
          y: Tensor.from([[1], [0]]),
        },
        {
          ...opts(),
          loss: binaryCrossEntropy(),
        },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect(error).not.toBeInstanceOf(TrainingDivergedError);
    expect((error as Error).message).toMatch(/^fit: the loss is Infinity on the first batch, before any update/);
    expect((error as Error).message).not.toMatch(/smaller learning rate/);
  });
  it("an output that overflows on the first batch", () => {
    const m = mlp([2, 1], { init: "zeros" });
    m.setWeights(0, [[1e308], [1e308]], [0]);
    expect(() => fitModel(m, { x, y }, opts())).toThrow(/^fit: the model output is (Infinity|-Infinity|NaN) on the first batch/);
  });
  it("a logit masked with -Infinity (a class ruled out, as attention masks do) trains under softmaxCrossEntropy", () => {
    // rows 1 and 3 rule out class 2; their targets are other classes, so every loss stays finite
    const mask = Tensor.from([
      [0, 0, Number.NEGATIVE_INFINITY],
      [0, 0, 0],
      [0, 0, Number.NEGATIVE_INFINITY],
      [0, 0, 0],
    ]);
    const masked = (target: number[]) => {
      const inner = mlp([2, 3], { output: "identity", init: "xavier", rng: new Rng(1) });
      const model = { forward: (v: Var) => ad.add(inner.forward(v), input(mask)), parameters: () => inner.parameters() };
      const o = { epochs: 3, batchSize: 4, optimizer: sgd({ lr: 0.1 }), loss: softmaxCrossEntropy(), rng: new Rng(0) };
      return () => fitModel(model, { x, y: target }, { ...o, metrics: [] });
    };
    const h = masked([0, 2, 1, 2])();
    expect(h.loss.every(Number.isFinite)).toBe(true);
    // a masked class as a row's target: the loss is Infinity, and the message says where and why
    expect(masked([2, 2, 1, 2])).toThrow(
      /^fit: the loss is Infinity at epoch 1, batch 1 of 1 .*, where the model output is -Infinity \(row 1, column 3 of the batch\): a masked logit must never be its row's target class/,
    );
  });
  it("a softmax saturated by huge weights gives a finite first loss under softmaxCrossEntropy (logits), so it trains", () => {
    const m = mlp([2, 3], { output: "identity", init: "zeros" });
    m.setWeights(
      0,
      [
        [500, -500, 0],
        [0, 0, 0],
      ],
      [0, 0, 0],
    );
    expect(() => fitModel(m, { x, y: [0, 1, 2, 0] }, { ...opts(), loss: softmaxCrossEntropy(), metrics: [] })).not.toThrow();
  });
});
